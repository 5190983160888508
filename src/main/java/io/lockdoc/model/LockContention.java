package io.lockdoc.model;

import java.util.List;
import java.util.Objects;

/**
 * One contended kernel lock (or lock call site, or waiting task) from a lock-statistics table:
 * a row of {@code perf lock contention} / {@code perf lock report}, or a class of
 * {@code /proc/lock_stat}. Wait times are in nanoseconds whatever unit the table printed.
 * A hot lock, not a deadlock: the waits ended.
 */
public final class LockContention implements Fact {
    /** Which table the row came from. */
    public enum Source {
        PERF_LOCK_CONTENTION("perf lock contention"),
        PERF_LOCK_REPORT("perf lock report"),
        LOCK_STAT("/proc/lock_stat");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** How the rows are keyed: by call site ({@code caller}), by waiting task ({@code -t}), by lock ({@code -l}, lock_stat). */
    public enum Aggregation {
        CALLER,
        TASK,
        LOCK
    }

    /**
     * A call site lock_stat recorded for a class: one that waited ({@code holder == false}, the first
     * block under the class) or one it contended with (the second block).
     */
    public record Point(String function, long count, boolean holder) {}

    private final String id;
    private final Source source;
    private final Aggregation aggregation;
    private final int rank;
    private final String lock;
    private final String lockType;
    private final String address;
    private final String caller;
    private final Integer pid;
    private final String comm;
    private final long contentions;
    private final Long acquisitions;
    private final long totalWaitNs;
    private final Long maxWaitNs;
    private final Long minWaitNs;
    private final Long avgWaitNs;
    private final List<String> callstack;
    private final List<Point> points;
    private final Evidence evidence;

    public LockContention(
            String id,
            Source source,
            Aggregation aggregation,
            int rank,
            String lock,
            String lockType,
            String address,
            String caller,
            Integer pid,
            String comm,
            long contentions,
            Long acquisitions,
            long totalWaitNs,
            Long maxWaitNs,
            Long minWaitNs,
            Long avgWaitNs,
            List<String> callstack,
            List<Point> points,
            Evidence evidence) {
        this.id = Objects.requireNonNull(id, "id");
        this.source = Objects.requireNonNull(source, "source");
        this.aggregation = Objects.requireNonNull(aggregation, "aggregation");
        this.rank = rank;
        this.lock = lock;
        this.lockType = lockType;
        this.address = address;
        this.caller = caller;
        this.pid = pid;
        this.comm = comm;
        this.contentions = contentions;
        this.acquisitions = acquisitions;
        this.totalWaitNs = totalWaitNs;
        this.maxWaitNs = maxWaitNs;
        this.minWaitNs = minWaitNs;
        this.avgWaitNs = avgWaitNs;
        this.callstack = List.copyOf(callstack);
        this.points = List.copyOf(points);
        this.evidence = Objects.requireNonNull(evidence, "evidence");
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }

    public String getArtifact() {
        return evidence.getArtifact();
    }

    public Source getSource() {
        return source;
    }

    public Aggregation getAggregation() {
        return aggregation;
    }

    /** 1 for the first row of its table. */
    public int getRank() {
        return rank;
    }

    /** The lock: lock_stat's class ({@code &mm->mmap_lock}), perf's {@code -l} symbol; null when rows are by caller or task. */
    public String getLock() {
        return lock;
    }

    /** perf's lock type ({@code mutex}, {@code rwsem:W}, {@code spinlock}); lock_stat's {@code W}/{@code R} side. */
    public String getLockType() {
        return lockType;
    }

    public String getAddress() {
        return address;
    }

    /** The call site that waited ({@code __x64_sys_munmap+0x17}); null when rows are by lock or task. */
    public String getCaller() {
        return caller;
    }

    public Integer getPid() {
        return pid;
    }

    public String getComm() {
        return comm;
    }

    public long getContentions() {
        return contentions;
    }

    public Long getAcquisitions() {
        return acquisitions;
    }

    public long getTotalWaitNs() {
        return totalWaitNs;
    }

    public Long getMaxWaitNs() {
        return maxWaitNs;
    }

    public Long getMinWaitNs() {
        return minWaitNs;
    }

    public Long getAvgWaitNs() {
        return avgWaitNs;
    }

    /** perf {@code -v}: the waiter's kernel stack, innermost first ({@code __mutex_lock.constprop.0+0x215}). */
    public List<String> getCallstack() {
        return callstack;
    }

    public List<Point> getPoints() {
        return points;
    }

    /** What the row names: the lock, else the caller, else the task. */
    public String label() {
        if (lock != null) {
            return lock;
        }
        if (caller != null) {
            return caller;
        }
        return comm == null ? "pid " + pid : comm + " (pid " + pid + ")";
    }

    @Override
    public String toString() {
        return "LockContention[" + source.label() + " #" + rank + " " + label() + " " + contentions + "x " + totalWaitNs
                + "ns]";
    }
}
