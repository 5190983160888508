package io.lockdoc.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The picture behind a finding: tasks (or code paths) and locks, who holds what and who waits
 * for what, with the cycle or the blocking chain marked. Every kind of finding that has one
 * (lockdep and hung-task chains, user-space and Windows cycles) maps to this one model through
 * {@link Builder}; renderers draw it; rules never read it.
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

    /**
     * @param culprit whether the finding's culprit is this node (or runs in it)
     * @param head the head of an open chain: the task everybody waits for, which waits for no lock
     */
    public record Node(String id, NodeKind kind, String label, String detail, boolean culprit, boolean head) {
        public Node(String id, NodeKind kind, String label, String detail, boolean culprit) {
            this(id, kind, label, detail, culprit, false);
        }
    }

    /** @param highlighted part of the cycle or of the blocking chain */
    public record Edge(String from, String to, EdgeKind kind, boolean highlighted) {}

    public boolean isEmpty() {
        return nodes.isEmpty();
    }

    /**
     * This graph with the culprit's task outlined when no node is yet: the task labelled as the
     * culprit's process ({@code comm/pid}), else the one task labelled {@code process/...}.
     */
    public WaitGraph withCulprit(Culprit culprit) {
        if (culprit == null || culprit.process() == null || nodes.stream().anyMatch(Node::culprit)) {
            return this;
        }
        String p = culprit.process();
        List<Node> tasks = nodes.stream().filter(n -> n.kind() == NodeKind.TASK).toList();
        List<Node> hit = tasks.stream().filter(n -> p.equals(n.label())).toList();
        if (hit.isEmpty()) {
            hit = tasks.stream().filter(n -> n.label().startsWith(p + "/")).toList();
        }
        if (hit.size() != 1) {
            return this;
        }
        String id = hit.get(0).id();
        return new WaitGraph(
                nodes.stream()
                        .map(n -> n.id().equals(id)
                                ? new Node(n.id(), n.kind(), n.label(), n.detail(), true, n.head())
                                : n)
                        .toList(),
                edges);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Collects tasks, locks and edges in the order met (a ring layout then draws a cycle as a ring);
     * a node added twice keeps its first label, an edge added twice is kept once.
     */
    public static final class Builder {
        private final Map<String, Node> nodes = new LinkedHashMap<>();
        private final java.util.Set<Edge> edges = new java.util.LinkedHashSet<>();

        private Builder() {}

        /** A task (or thread, or code path) with an id of its own, e.g. {@code task:comm/pid}. */
        public Builder task(String id, String label, String detail) {
            nodes.putIfAbsent(id, new Node(id, NodeKind.TASK, label, detail, false, false));
            return this;
        }

        public Builder lock(String id, String label, String detail) {
            nodes.putIfAbsent(id, new Node(id, NodeKind.LOCK, label, detail, false, false));
            return this;
        }

        public Builder waitsFor(String task, String lock, boolean highlighted) {
            return edge(new Edge(task, lock, EdgeKind.WAITS_FOR, highlighted));
        }

        public Builder heldBy(String lock, String task, boolean highlighted) {
            return edge(new Edge(lock, task, EdgeKind.HELD_BY, highlighted));
        }

        private Builder edge(Edge e) {
            if (!nodes.containsKey(e.from()) || !nodes.containsKey(e.to())) {
                throw new IllegalArgumentException("edge between unknown nodes: " + e);
            }
            edges.add(e);
            return this;
        }

        /** Outlines the node as the finding's culprit; an unknown id is ignored (the culprit is not drawn). */
        public Builder culprit(String id) {
            if (id == null) {
                return this;
            }
            nodes.computeIfPresent(id, (k, n) -> new Node(n.id(), n.kind(), n.label(), n.detail(), true, n.head()));
            return this;
        }

        public Builder head(String id) {
            if (id == null) {
                return this;
            }
            nodes.computeIfPresent(id, (k, n) -> new Node(n.id(), n.kind(), n.label(), n.detail(), n.culprit(), true));
            return this;
        }

        public boolean has(String id) {
            return nodes.containsKey(id);
        }

        public WaitGraph build() {
            return new WaitGraph(new ArrayList<>(nodes.values()), new ArrayList<>(edges));
        }
    }
}
