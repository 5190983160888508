package io.lockdoc.model;

import java.util.List;

/**
 * The picture behind a finding: tasks (or code paths) and locks, who holds what and who waits
 * for what, with the cycle or the blocking chain marked. Renderers draw it; rules never read it.
 */
public record WaitGraph(List<Node> nodes, List<Edge> edges) {
    public static final WaitGraph EMPTY = new WaitGraph(List.of(), List.of());

    public WaitGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    public enum NodeKind {
        TASK,
        LOCK
    }

    public enum EdgeKind {
        /** From a lock to the task holding it. */
        HELD_BY,
        /** From a task to the lock it waits for. */
        WAITS_FOR
    }

    /** @param culprit whether the finding's culprit is this node (or runs in it) */
    public record Node(String id, NodeKind kind, String label, String detail, boolean culprit) {}

    /** @param highlighted part of the cycle or of the blocking chain */
    public record Edge(String from, String to, EdgeKind kind, boolean highlighted) {}

    public boolean isEmpty() {
        return nodes.isEmpty();
    }
}
