package io.lockdoc.model.userspace;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;
import java.util.List;

/**
 * A wait chain without a cycle: {@code waiters} queue (directly or through others) behind locks
 * that {@code head} holds, and the head itself waits for no lock. What the head is doing decides
 * whether this is a stall.
 */
public final class WaitChain implements Fact {
    private final String id;
    private final String snapshot;
    private final TaskNode head;
    private final List<TaskNode> waiters;
    private final List<LockNode> locks;
    private final LockKind kind;
    private final List<Evidence> evidence;
    private final List<String> sources;

    public WaitChain(
            String id,
            String snapshot,
            TaskNode head,
            List<TaskNode> waiters,
            List<LockNode> locks,
            List<Evidence> evidence,
            List<String> sources) {
        this.id = id;
        this.snapshot = snapshot;
        this.head = head;
        this.waiters = List.copyOf(waiters);
        this.locks = List.copyOf(locks);
        this.kind = locks.get(0).kind();
        this.evidence = List.copyOf(evidence);
        this.sources = List.copyOf(sources);
    }

    @Override
    public String getId() {
        return id;
    }

    public String getSnapshot() {
        return snapshot;
    }

    public TaskNode getHead() {
        return head;
    }

    public int getHeadTid() {
        return head.tid();
    }

    public Integer getHeadPid() {
        return head.pid();
    }

    public String getHeadCondition() {
        return head.condition();
    }

    public boolean isHeadStalled() {
        return head.isStalled();
    }

    public List<TaskNode> getWaiters() {
        return waiters;
    }

    public List<LockNode> getLocks() {
        return locks;
    }

    public LockKind getKind() {
        return kind;
    }

    public List<String> getSources() {
        return sources;
    }

    public List<Evidence> getAllEvidence() {
        return evidence;
    }

    @Override
    public Evidence getEvidence() {
        return evidence.get(0);
    }

    @Override
    public String toString() {
        return "WaitChain[" + head.label() + " " + head.condition() + " <- "
                + waiters.stream().map(TaskNode::label).toList() + "]";
    }
}
