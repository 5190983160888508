package io.lockdoc.engine;

import io.lockdoc.model.LockCycle;
import io.lockdoc.model.WaitGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the wait-for pictures findings carry. */
final class Graphs {
    private Graphs() {}

    /**
     * A lock-order cycle as the deadlock it allows: each dependency "holds X, takes Y in F" becomes
     * a path that holds X and waits for Y, so the cycle reads path -> lock -> path -> lock.
     */
    static WaitGraph fromLockCycle(LockCycle cycle, String culprit) {
        Map<String, WaitGraph.Node> nodes = new LinkedHashMap<>();
        List<WaitGraph.Edge> edges = new ArrayList<>();
        int n = 0;
        for (LockCycle.Edge e : cycle.getEdges()) {
            n++;
            String path = "path-" + n;
            String fn = e.function() == null ? "(unknown function)" : e.function();
            String label = e.task() != null ? e.task() : "earlier path";
            nodes.putIfAbsent(
                    "lock:" + e.from(),
                    new WaitGraph.Node("lock:" + e.from(), WaitGraph.NodeKind.LOCK, e.from(), null, false));
            nodes.put(path, new WaitGraph.Node(path, WaitGraph.NodeKind.TASK, label, "in " + fn, fn.equals(culprit)));
            nodes.putIfAbsent(
                    "lock:" + e.to(),
                    new WaitGraph.Node("lock:" + e.to(), WaitGraph.NodeKind.LOCK, e.to(), null, false));
            edges.add(new WaitGraph.Edge("lock:" + e.from(), path, WaitGraph.EdgeKind.HELD_BY, true));
            edges.add(new WaitGraph.Edge(path, "lock:" + e.to(), WaitGraph.EdgeKind.WAITS_FOR, true));
        }
        // order nodes along the cycle so that a ring layout draws it as a ring
        List<WaitGraph.Node> ordered = new ArrayList<>();
        for (WaitGraph.Edge e : edges) {
            if (!ordered.contains(nodes.get(e.from()))) {
                ordered.add(nodes.get(e.from()));
            }
        }
        return new WaitGraph(ordered, edges);
    }
}
