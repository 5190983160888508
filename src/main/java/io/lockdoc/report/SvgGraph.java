package io.lockdoc.report;

import io.lockdoc.escape.Html;
import io.lockdoc.model.WaitGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Draws a wait-for graph as inline SVG: nodes on a ring in cycle order (so a cycle reads as a
 * ring), tasks as boxes, locks as ellipses, the cycle or chain in red, the culprit outlined, the
 * head of an open chain (the task everybody waits for) shaded and tagged.
 * Beyond {@link #MAX_NODES} nodes only the highlighted ones and their neighbours are drawn, with
 * a count of what was left out, so the picture stays readable.
 */
final class SvgGraph {
    static final int MAX_NODES = 50;
    private static final int LABEL_CHARS = 26;

    private SvgGraph() {}

    static String render(WaitGraph g) {
        List<WaitGraph.Node> nodes = visible(g);
        Set<String> shown = new HashSet<>();
        nodes.forEach(n -> shown.add(n.id()));
        int hidden = g.nodes().size() - nodes.size();
        int n = nodes.size();
        double radius = Math.max(110, n * 30.0);
        double size = 2 * radius + 240;
        double c = size / 2;
        Map<String, double[]> pos = new HashMap<>();
        for (int i = 0; i < n; i++) {
            double a = -Math.PI / 2 + 2 * Math.PI * i / n;
            pos.put(nodes.get(i).id(), new double[] {c + radius * Math.cos(a), c + radius * Math.sin(a)});
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"waitgraph\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" role=\"img\" aria-label=\"wait-for graph\">%n",
                size,
                size + (hidden > 0 ? 30 : 0),
                Math.min(size, 720)));
        sb.append(
                "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
                        + "<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#555\"/></marker>"
                        + "<marker id=\"arrow-hot\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
                        + "<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#c62828\"/></marker></defs>\n");
        for (WaitGraph.Edge e : g.edges()) {
            if (!shown.contains(e.from()) || !shown.contains(e.to())) {
                continue;
            }
            double[] a = pos.get(e.from());
            double[] b = pos.get(e.to());
            double dx = b[0] - a[0];
            double dy = b[1] - a[1];
            double len = Math.max(1, Math.hypot(dx, dy));
            double pad = 52;
            double x1 = a[0] + dx / len * pad;
            double y1 = a[1] + dy / len * pad;
            double x2 = b[0] - dx / len * pad;
            double y2 = b[1] - dy / len * pad;
            String cls = "edge " + (e.kind() == WaitGraph.EdgeKind.HELD_BY ? "holds" : "waits")
                    + (e.highlighted() ? " cycle" : "");
            String label = e.kind() == WaitGraph.EdgeKind.HELD_BY ? "held by" : "waits for";
            sb.append(String.format(
                    Locale.ROOT,
                    "<g class=\"%s\" data-from=\"%s\" data-to=\"%s\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%s\"%s marker-end=\"url(#%s)\"/>"
                            + "<text x=\"%.1f\" y=\"%.1f\" class=\"edge-label\">%s</text></g>%n",
                    cls,
                    Html.escape(e.from()),
                    Html.escape(e.to()),
                    x1,
                    y1,
                    x2,
                    y2,
                    e.highlighted() ? "#c62828" : "#555",
                    e.highlighted() ? "3" : "1.5",
                    e.kind() == WaitGraph.EdgeKind.HELD_BY ? " stroke-dasharray=\"6 4\"" : "",
                    e.highlighted() ? "arrow-hot" : "arrow",
                    (x1 + x2) / 2,
                    (y1 + y2) / 2 - 4,
                    label));
        }
        for (WaitGraph.Node node : nodes) {
            double[] p = pos.get(node.id());
            String cls = "node " + node.kind().name().toLowerCase(Locale.ROOT) + (node.culprit() ? " culprit" : "")
                    + (node.head() ? " head" : "");
            String stroke = node.culprit() ? "#c62828" : "#333";
            String width = node.culprit() ? "4" : "1.5";
            sb.append(String.format(
                    Locale.ROOT,
                    "<g class=\"%s\" data-id=\"%s\"><title>%s</title>",
                    cls,
                    Html.escape(node.id()),
                    Html.escape(node.label() + (node.detail() == null ? "" : " " + node.detail()))));
            if (node.kind() == WaitGraph.NodeKind.TASK) {
                sb.append(String.format(
                        Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"180\" height=\"52\" rx=\"8\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"/>",
                        p[0] - 90,
                        p[1] - 26,
                        node.head() ? "#ffe0b2" : "#e3f2fd",
                        stroke,
                        width));
            } else {
                sb.append(String.format(
                        Locale.ROOT,
                        "<ellipse cx=\"%.1f\" cy=\"%.1f\" rx=\"92\" ry=\"28\" fill=\"#fff8e1\" stroke=\"%s\" stroke-width=\"%s\"/>",
                        p[0],
                        p[1],
                        stroke,
                        width));
            }
            sb.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"node-label\">%s</text>",
                    p[0],
                    p[1] - (node.detail() == null ? -4 : 4),
                    Html.escape(shorten(node.label()))));
            if (node.detail() != null) {
                sb.append(String.format(
                        Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"node-detail\">%s</text>",
                        p[0],
                        p[1] + 14,
                        Html.escape(shorten(node.detail()))));
            }
            if (node.culprit()) {
                sb.append(String.format(
                        Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"culprit-tag\">culprit</text>",
                        p[0],
                        p[1] - 32));
            }
            if (node.head()) {
                sb.append(String.format(
                        Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"head-tag\">chain head</text>",
                        p[0],
                        p[1] + 42));
            }
            sb.append("</g>\n");
        }
        if (hidden > 0) {
            sb.append(String.format(
                    Locale.ROOT,
                    "<text x=\"10\" y=\"%.0f\" class=\"summary\">%d more node(s) not drawn: only the cycle/chain and its neighbours are shown</text>%n",
                    size + 20,
                    hidden));
        }
        sb.append("</svg>");
        return sb.toString();
    }

    /** All nodes up to the limit; beyond it the highlighted ones first, then their neighbours. */
    static List<WaitGraph.Node> visible(WaitGraph g) {
        if (g.nodes().size() <= MAX_NODES) {
            return g.nodes();
        }
        Set<String> hot = new HashSet<>();
        for (WaitGraph.Edge e : g.edges()) {
            if (e.highlighted()) {
                hot.add(e.from());
                hot.add(e.to());
            }
        }
        Set<String> near = new HashSet<>(hot);
        for (WaitGraph.Edge e : g.edges()) {
            if (hot.contains(e.from()) || hot.contains(e.to())) {
                near.add(e.from());
                near.add(e.to());
            }
        }
        List<WaitGraph.Node> out = new ArrayList<>();
        for (WaitGraph.Node node : g.nodes()) {
            if (hot.contains(node.id()) && out.size() < MAX_NODES) {
                out.add(node);
            }
        }
        for (WaitGraph.Node node : g.nodes()) {
            if (!hot.contains(node.id()) && near.contains(node.id()) && out.size() < MAX_NODES) {
                out.add(node);
            }
        }
        return out;
    }

    private static String shorten(String s) {
        if (s.codePointCount(0, s.length()) <= LABEL_CHARS) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, LABEL_CHARS - 1)) + "\u2026";
    }
}
