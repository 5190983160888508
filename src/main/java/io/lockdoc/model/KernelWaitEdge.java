package io.lockdoc.model;

import java.util.List;

/**
 * A kernel wait-for fact: task {@code waiter} sleeps on a lock that task {@code owner} holds (or,
 * for a semaphore, last took). Read from the hung-task blocker lines of kernels 6.15+ ({@code is
 * blocked on a mutex likely owned by task X:N}) or from two tasks listing the same lock instance in
 * {@code Showing all locks held in the system:}. {@code ownerPid} is null when the kernel says
 * {@code but the owner is not found}.
 */
public final class KernelWaitEdge implements Fact {
    /** Where the edge was read. */
    public enum Source {
        BLOCKER_LINE,
        HELD_LOCKS
    }

    private final String id;
    private final String artifact;
    private final String waiterTask;
    private final int waiterPid;
    private final String lockKind;
    private final String lock;
    private final String ownerTask;
    private final Integer ownerPid;
    private final String ownerState;
    private final List<Frame> ownerFrames;
    private final Source source;
    private final Evidence evidence;

    public KernelWaitEdge(
            String id,
            String waiterTask,
            int waiterPid,
            String lockKind,
            String lock,
            String ownerTask,
            Integer ownerPid,
            String ownerState,
            List<Frame> ownerFrames,
            Source source,
            Evidence evidence) {
        this.id = id;
        this.artifact = evidence.getArtifact();
        this.waiterTask = waiterTask;
        this.waiterPid = waiterPid;
        this.lockKind = lockKind;
        this.lock = lock;
        this.ownerTask = ownerTask;
        this.ownerPid = ownerPid;
        this.ownerState = ownerState;
        this.ownerFrames = List.copyOf(ownerFrames);
        this.source = source;
        this.evidence = evidence;
    }

    @Override
    public String getId() {
        return id;
    }

    public String getArtifact() {
        return artifact;
    }

    public String getWaiterTask() {
        return waiterTask;
    }

    public int getWaiterPid() {
        return waiterPid;
    }

    /** {@code mutex}, {@code rw-semaphore}, {@code semaphore}, or {@code lock} for a held-lock match. */
    public String getLockKind() {
        return lockKind;
    }

    /** The lock class when known (held-lock lists), else the lock kind. */
    public String getLock() {
        return lock;
    }

    public String getOwnerTask() {
        return ownerTask;
    }

    public Integer getOwnerPid() {
        return ownerPid;
    }

    public boolean isOwnerKnown() {
        return ownerPid != null;
    }

    /** The owner's scheduler state letter from its {@code task:} line ({@code D}, {@code S}, {@code R}), or null. */
    public String getOwnerState() {
        return ownerState;
    }

    /** The owner's stack as printed after the blocker line, innermost first (may be empty). */
    public List<Frame> getOwnerFrames() {
        return ownerFrames;
    }

    public Source getSource() {
        return source;
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }

    @Override
    public String toString() {
        return "KernelWaitEdge[" + waiterTask + ":" + waiterPid + " -> " + lockKind + " -> "
                + (ownerPid == null ? "?" : ownerTask + ":" + ownerPid) + "]";
    }
}
