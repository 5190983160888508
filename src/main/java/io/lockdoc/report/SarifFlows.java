package io.lockdoc.report;

import io.lockdoc.model.Culprit;
import io.lockdoc.model.Finding;
import io.lockdoc.model.OrderedMap;
import io.lockdoc.model.Participant;
import io.lockdoc.model.WaitGraph;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A finding's participant paths as SARIF thread flows: one per task, thread, process or code path, its lock
 * acquisitions in order (held locks first, then the one it waits for), each at the evidence line naming the
 * lock, and the culprit's source line where the input printed one.
 */
final class SarifFlows {
    private SarifFlows() {}

    /** @param budget at most this many thread-flow locations in all */
    static List<Map<String, Object>> threadFlows(Finding f, int budget) {
        List<Map<String, Object>> flows = f.getGraph().isEmpty() ? fromParticipants(f) : fromGraph(f);
        int left = budget;
        List<Map<String, Object>> kept = new ArrayList<>();
        for (Map<String, Object> flow : flows) {
            @SuppressWarnings("unchecked")
            List<Object> locs = (List<Object>) flow.get("locations");
            if (left <= 0) {
                break;
            }
            if (locs.size() > left) {
                flow.put("locations", new ArrayList<>(locs.subList(0, left)));
            }
            left -= ((List<?>) flow.get("locations")).size();
            kept.add(flow);
        }
        return kept;
    }

    private static List<Map<String, Object>> fromGraph(Finding f) {
        WaitGraph g = f.getGraph();
        Map<String, WaitGraph.Node> byId = new LinkedHashMap<>();
        g.nodes().forEach(n -> byId.put(n.id(), n));
        List<Map<String, Object>> flows = new ArrayList<>();
        for (WaitGraph.Node task : g.nodes()) {
            if (task.kind() != WaitGraph.NodeKind.TASK) {
                continue;
            }
            String who = task.label() + (task.detail() == null ? "" : " (" + task.detail() + ")");
            List<Object> locs = new ArrayList<>();
            for (WaitGraph.Edge e : g.edges()) {
                if (e.kind() == WaitGraph.EdgeKind.HELD_BY && e.to().equals(task.id())) {
                    String lock = label(byId, e.from());
                    locs.add(step(f, lock, who + " holds " + lock, List.of("lock", "acquire"), e.highlighted()));
                }
            }
            for (WaitGraph.Edge e : g.edges()) {
                if (e.kind() == WaitGraph.EdgeKind.WAITS_FOR && e.from().equals(task.id())) {
                    String lock = label(byId, e.to());
                    locs.add(step(f, lock, who + " waits for " + lock, List.of("lock", "wait"), e.highlighted()));
                }
            }
            if (task.culprit()) {
                addCulpritSource(f.getCulprit(), locs);
            }
            if (locs.isEmpty()) {
                locs.add(step(f, task.label(), who, List.of(), false));
            }
            flows.add(flow(task.id(), who, locs));
        }
        return flows;
    }

    private static List<Map<String, Object>> fromParticipants(Finding f) {
        List<Participant> locks = f.getParticipants().stream()
                .filter(p -> p.kind() == Participant.Kind.LOCK)
                .toList();
        List<Map<String, Object>> flows = new ArrayList<>();
        int n = 0;
        for (Participant p : f.getParticipants()) {
            n++;
            if (p.kind() == Participant.Kind.LOCK || p.kind() == Participant.Kind.MODULE) {
                continue;
            }
            String detail = p.detail() == null ? "" : p.detail();
            String who = p.name() + (detail.isEmpty() ? "" : ": " + detail);
            List<Clause> clauses = new ArrayList<>();
            for (Participant lock : locks) {
                int at = detail.indexOf(lock.name());
                if (at >= 0) {
                    clauses.add(new Clause(lock.name(), clauseAround(detail, at), at));
                }
            }
            // a lock already held was taken before the one the path waits for or takes
            clauses.sort(Comparator.comparing((Clause c) ->
                            !c.text().contains("hold") && !c.text().contains("held"))
                    .thenComparingInt(Clause::at));
            List<Object> locs = new ArrayList<>();
            for (Clause c : clauses) {
                boolean held = c.text().contains("hold") || c.text().contains("held");
                locs.add(step(
                        f,
                        c.lock(),
                        p.name() + ": " + c.text(),
                        held ? List.of("lock", "acquire") : List.of("lock", "wait"),
                        true));
            }
            if (locs.isEmpty()) {
                locs.add(step(f, p.name(), who, List.of(), false));
            }
            Culprit c = f.getCulprit();
            if (c != null && c.location() != null && detail.contains(c.location())) {
                addCulpritSource(c, locs);
            }
            flows.add(flow(p.role() + "-" + n, who, locs));
        }
        return flows;
    }

    private record Clause(String lock, String text, int at) {}

    /** The part of a detail line around a lock name, between the separators {@code ,} and {@code while}. */
    private static String clauseAround(String detail, int at) {
        int start = Math.max(detail.lastIndexOf(", ", at), detail.lastIndexOf(" while ", at));
        start = start < 0 ? 0 : detail.startsWith(", ", start) ? start + 2 : start + 7;
        int end = detail.length();
        for (String sep : List.of(", ", " while ")) {
            int e = detail.indexOf(sep, at);
            if (e >= 0) {
                end = Math.min(end, e);
            }
        }
        return detail.substring(start, end).strip();
    }

    private static void addCulpritSource(Culprit c, List<Object> locs) {
        if (c == null) {
            return;
        }
        Map<String, Object> src =
                SarifLocations.source(c.location(), "culprit " + c.function() + " at " + c.location());
        if (src != null) {
            Map<String, Object> tfl = new LinkedHashMap<>();
            tfl.put("location", src);
            tfl.put("kinds", List.of("call"));
            tfl.put("importance", "essential");
            locs.add(tfl);
        }
    }

    private static String label(Map<String, WaitGraph.Node> byId, String id) {
        WaitGraph.Node n = byId.get(id);
        return n == null ? id : n.label();
    }

    private static Map<String, Object> step(
            Finding f, String what, String message, List<String> kinds, boolean important) {
        Map<String, Object> tfl = new LinkedHashMap<>();
        tfl.put("location", SarifLocations.naming(f, what, message));
        if (!kinds.isEmpty()) {
            tfl.put("kinds", kinds);
        }
        tfl.put("importance", important ? "essential" : "important");
        return tfl;
    }

    private static Map<String, Object> flow(String id, String message, List<Object> locs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("message", OrderedMap.of("text", message));
        m.put("locations", locs);
        return m;
    }
}
