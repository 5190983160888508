package io.lockdoc.model.windows;

import io.lockdoc.model.Evidence;

/**
 * One thread's timeline in a Process Monitor capture: first and last event, how many, the last
 * operation before it went quiet, and its longest operation. The longest operation is measured by
 * the Duration column when the export has it ({@code DURATION}), else as the gap to the same
 * thread's next event ({@code GAP}, an upper bound); without a TID column the thread is the process.
 * Waits by design (pending {@code NotifyChangeDirectory}) and benign statuses are never the longest.
 */
public final class ProcmonThreadActivity extends WinFact {
    /** How {@link #getLongestSeconds()} was measured. */
    public enum Measure {
        DURATION,
        GAP
    }

    private final String process;
    private final String processId;
    private final String threadId;
    private final long events;
    private final double firstTime;
    private final double lastTime;
    private final String lastOperation;
    private final String lastPath;
    private final double quietSeconds;
    private final String longestOperation;
    private final String longestPath;
    private final String longestResult;
    private final double longestSeconds;
    private final Measure measure;

    public ProcmonThreadActivity(
            String id,
            Evidence evidence,
            String process,
            String processId,
            String threadId,
            long events,
            double firstTime,
            double lastTime,
            String lastOperation,
            String lastPath,
            double quietSeconds,
            String longestOperation,
            String longestPath,
            String longestResult,
            double longestSeconds,
            Measure measure) {
        super(id, evidence);
        this.process = process;
        this.processId = processId;
        this.threadId = threadId;
        this.events = events;
        this.firstTime = firstTime;
        this.lastTime = lastTime;
        this.lastOperation = lastOperation;
        this.lastPath = lastPath;
        this.quietSeconds = quietSeconds;
        this.longestOperation = longestOperation;
        this.longestPath = longestPath;
        this.longestResult = longestResult;
        this.longestSeconds = longestSeconds;
        this.measure = measure;
    }

    public String getProcess() {
        return process;
    }

    public String getProcessId() {
        return processId;
    }

    /** The TID, or null when the export has no TID column (then the process is the thread). */
    public String getThreadId() {
        return threadId;
    }

    public long getEvents() {
        return events;
    }

    /** Seconds since midnight of the first event (-1 when unreadable). */
    public double getFirstTime() {
        return firstTime;
    }

    /** Seconds since midnight of the last event (-1 when unreadable). */
    public double getLastTime() {
        return lastTime;
    }

    public String getLastOperation() {
        return lastOperation;
    }

    public String getLastPath() {
        return lastPath;
    }

    /** Seconds from this thread's last event to the end of the capture (-1 when unreadable). */
    public double getQuietSeconds() {
        return quietSeconds;
    }

    /** The longest operation, or null when none was measured. */
    public String getLongestOperation() {
        return longestOperation;
    }

    public String getLongestPath() {
        return longestPath;
    }

    public String getLongestResult() {
        return longestResult;
    }

    /** Seconds of the longest operation (-1 when none was measured). */
    public double getLongestSeconds() {
        return longestSeconds;
    }

    public Measure getMeasure() {
        return measure;
    }

    /** {@code process/pid}, or {@code process/pid/tid}. */
    public String getName() {
        return process + "/" + processId + (threadId == null ? "" : "/" + threadId);
    }

    @Override
    public String toString() {
        return "ProcmonThreadActivity[" + getName() + " x" + events + ", longest " + longestOperation + " "
                + longestSeconds + "s (" + measure + ")]";
    }
}
