package io.lockdoc.model.windows;

import io.lockdoc.model.Evidence;
import java.util.List;

/**
 * A process retrying an operation on one path that keeps failing with a lock/sharing status
 * ({@code SHARING VIOLATION}, {@code FILE LOCK CONFLICT}, {@code NOT GRANTED}, {@code RANGE NOT
 * LOCKED}, {@code PIPE BUSY}), from a Process Monitor capture.
 */
public final class FileConflictLoop extends WinFact {
    private final String path;
    private final String process;
    private final String processId;
    private final String status;
    private final int failures;
    private final double spanSeconds;
    private final List<String> holders;

    public FileConflictLoop(
            String id,
            Evidence evidence,
            String path,
            String process,
            String processId,
            String status,
            int failures,
            double spanSeconds,
            List<String> holders) {
        super(id, evidence);
        this.path = path;
        this.process = process;
        this.processId = processId;
        this.status = status;
        this.failures = failures;
        this.spanSeconds = spanSeconds;
        this.holders = List.copyOf(holders);
    }

    public String getPath() {
        return path;
    }

    public String getProcess() {
        return process;
    }

    public String getProcessId() {
        return processId;
    }

    public String getStatus() {
        return status;
    }

    public int getFailures() {
        return failures;
    }

    /** Seconds between the first and the last failure (-1 when the times were unreadable). */
    public double getSpanSeconds() {
        return spanSeconds;
    }

    /** Other processes (name/pid) that held the path open or locked when the failures happened. */
    public List<String> getHolders() {
        return holders;
    }

    @Override
    public String toString() {
        return "FileConflictLoop[" + process + "/" + processId + " " + status + " x" + failures + " on " + path + "]";
    }
}
