package io.lockdoc.model;

import java.util.List;

/**
 * A cycle in the lock-order graph, computed in Java from a report or from wait-for edges and
 * handed to the rules. {@code edges} run in cycle order; each says who takes {@code to} while
 * holding {@code from}, and where.
 */
public final class LockCycle implements Fact {
    /** One dependency: {@code from} is held while {@code to} is taken in {@code function}. */
    public record Edge(String from, String to, String function, String module, String task, int line) {}

    private final String id;
    private final String sourceId;
    private final List<String> locks;
    private final List<Edge> edges;
    private final Evidence evidence;

    public LockCycle(String sourceId, List<String> locks, List<Edge> edges, Evidence evidence) {
        this.id = sourceId + "/cycle";
        this.sourceId = sourceId;
        this.locks = List.copyOf(locks);
        this.edges = List.copyOf(edges);
        this.evidence = evidence;
    }

    @Override
    public String getId() {
        return id;
    }

    /** The id of the fact the cycle was computed from. */
    public String getSourceId() {
        return sourceId;
    }

    public List<String> getLocks() {
        return locks;
    }

    public List<Edge> getEdges() {
        return edges;
    }

    public int getSize() {
        return locks.size();
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }

    @Override
    public String toString() {
        return "cycle " + String.join(" -> ", locks) + (locks.isEmpty() ? "" : " -> " + locks.get(0));
    }
}
