package io.lockdoc.model.userspace;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;
import java.util.List;

/**
 * A cycle of the user-space wait-for graph: each task waits for a lock the next one holds. Computed
 * in Java (Tarjan) from every holds/waits edge of one capture and handed to the rules.
 */
public final class WaitCycle implements Fact {
    private final String id;
    private final String snapshot;
    private final List<TaskNode> tasks;
    private final List<LockNode> locks;
    private final LockKind kind;
    private final boolean holdersSeen;
    private final List<Evidence> evidence;
    private final List<String> sources;

    public WaitCycle(
            String id,
            String snapshot,
            List<TaskNode> tasks,
            List<LockNode> locks,
            List<Evidence> evidence,
            List<String> sources) {
        this.id = id;
        this.snapshot = snapshot;
        this.tasks = List.copyOf(tasks);
        this.locks = List.copyOf(locks);
        this.kind = locks.get(0).kind();
        this.holdersSeen = true;
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

    /** In cycle order: task i waits for lock i, held by task i+1. */
    public List<TaskNode> getTasks() {
        return tasks;
    }

    public List<LockNode> getLocks() {
        return locks;
    }

    public LockKind getKind() {
        return kind;
    }

    public boolean isHoldersSeen() {
        return holdersSeen;
    }

    public int getSize() {
        return tasks.size();
    }

    /** The ids of the facts whose edges make the cycle. */
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
        return "WaitCycle[" + kind + " " + tasks.stream().map(TaskNode::label).toList() + "]";
    }
}
