package io.lockdoc.report;

import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.escape.Html;
import io.lockdoc.explain.Explanations;
import io.lockdoc.kb.Article;
import io.lockdoc.kb.Plan;
import io.lockdoc.model.Completeness;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.Finding;
import io.lockdoc.model.Participant;
import io.lockdoc.model.Problem;
import java.io.PrintStream;
import java.util.Locale;

/**
 * One self-contained HTML file (no scripts, no external resources): summary, ranked hypotheses,
 * each finding with its wait-for graph as inline SVG, quoted evidence with line numbers and the
 * remediation plan as a checklist.
 */
public final class HtmlRenderer implements Renderer {
    private static final String CSS =
            """
            body{font:15px/1.45 system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}
            h1{font-size:1.6em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}
            table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}
            .primary{background:#fff3e0}.cause{font-family:monospace;font-weight:bold}
            .liveness{font-size:70%;padding:1px 6px;border-radius:8px;border:1px solid #999;vertical-align:middle}
            .liveness.live{background:#e8f5e9}.liveness.past{background:#eee;color:#555}
            pre{background:#f6f8fa;padding:.6em;overflow-x:auto;border-radius:4px}
            pre.evidence{white-space:pre-wrap;overflow-wrap:anywhere}
            .evidence .l{display:block;padding-left:5em;text-indent:-5em}
            .evidence .n{color:#888;user-select:none;display:inline-block;width:4em;text-align:right;margin-right:1em;text-indent:0}
            .step{margin:.8em 0;padding:.5em .8em;border-left:4px solid #90caf9;background:#fafcff}
            .step label{font-weight:bold}.k{color:#555;font-size:.9em;margin-right:.4em}
            .safety{color:#b71c1c}.problem{color:#b71c1c}.skipped{color:#777}
            svg.waitgraph{max-width:100%;height:auto;border:1px solid #eee;background:#fff}
            svg .node-label{font:bold 13px monospace}svg .node-detail{font:11px monospace;fill:#444}
            svg .edge-label{font:11px sans-serif;fill:#666}svg .culprit-tag{font:bold 11px sans-serif;fill:#c62828}
            svg .head-tag{font:bold 11px sans-serif;fill:#e65100}
            """;

    @Override
    public void render(AnalysisResult result, Explanations explanations, PrintStream out) {
        StringBuilder h = new StringBuilder();
        h.append(
                        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>lockdoc report</title><style>")
                .append(CSS)
                .append("</style></head><body>\n<h1>lockdoc report</h1>\n");
        summary(h, result);
        int n = 0;
        for (var d : result.findings()) {
            finding(h, ++n, d.finding(), d.plan());
        }
        if (explanations != null) {
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
            ExplanationText.write(
                    explanations, new PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8), false);
            h.append("<h2>Explanations</h2>\n<pre class=\"explanations\">")
                    .append(Html.escape(buf.toString(java.nio.charset.StandardCharsets.UTF_8)))
                    .append("</pre>\n");
        }
        inputs(h, result);
        h.append("</body></html>\n");
        out.print(h);
    }

    private static void summary(StringBuilder h, AnalysisResult r) {
        long read = r.inputs().stream().filter(i -> i.skipReason() == null).count();
        h.append("<p class=\"summary\">")
                .append(read)
                .append(" input(s) read, ")
                .append(r.factCount())
                .append(" fact(s), ")
                .append(r.findings().size())
                .append(" finding(s).</p>\n");
        if (!r.hasFindings()) {
            h.append("<p>No lock or hang problem found.</p>\n");
            return;
        }
        h.append(
                "<h2>Hypotheses</h2>\n<table class=\"hypotheses\"><tr><th>#</th><th>cause</th><th>confidence</th><th>culprit</th><th>rule</th></tr>\n");
        int n = 0;
        for (var d : r.findings()) {
            Finding f = d.finding();
            n++;
            h.append("<tr")
                    .append(n == 1 ? " class=\"primary\"" : "")
                    .append("><td><a href=\"#finding-")
                    .append(n)
                    .append("\">")
                    .append(n)
                    .append("</a></td><td class=\"cause\">")
                    .append(Html.escape(f.getCause().id()))
                    .append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.2f", f.getConfidence()))
                    .append(f.getCompleteness() == Completeness.COMPLETE ? "" : " (incomplete)")
                    .append("</td><td>")
                    .append(
                            f.getCulprit() == null
                                    ? ""
                                    : Html.escape(f.getCulprit().describe()))
                    .append("</td><td>")
                    .append(Html.escape(f.getRule()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void finding(StringBuilder h, int n, Finding f, Plan plan) {
        h.append("<section class=\"finding\" id=\"finding-")
                .append(n)
                .append("\">\n<h2>Finding ")
                .append(n)
                .append(n == 1 ? " (primary)" : "")
                .append(": <span class=\"cause\">")
                .append(Html.escape(f.getCause().id()))
                .append("</span> <span class=\"liveness ")
                .append(f.getLiveness().state().id())
                .append("\" title=\"")
                .append(Html.escape(f.getLiveness().reason()))
                .append("\">")
                .append(f.getLiveness().state().id())
                .append("</span></h2>\n<p>")
                .append(Html.escape(f.getSummary()))
                .append("</p>\n<ul>");
        if (f.getCulprit() != null) {
            h.append("<li><b>Culprit:</b> <code>")
                    .append(Html.escape(f.getCulprit().describe()))
                    .append("</code></li>");
        }
        for (Participant p : f.getParticipants()) {
            h.append("<li><b>")
                    .append(Html.escape(p.role()))
                    .append(":</b> <code>")
                    .append(Html.escape(p.name()))
                    .append("</code> ")
                    .append(Html.escape(p.detail()))
                    .append("</li>");
        }
        h.append("<li><b>Rule:</b> ")
                .append(Html.escape(f.getRule()))
                .append("</li><li><b>Signature:</b> <code>")
                .append(Html.escape(f.getSignature()))
                .append("</code></li>");
        if (f.getLockSiteSignature() != null) {
            h.append("<li><b>Lock sites:</b> <code>")
                    .append(Html.escape(f.getLockSiteSignature()))
                    .append("</code> (")
                    .append(Html.escape(f.getLockSites()))
                    .append(")</li>");
        }
        h.append("</ul>\n");
        if (!f.getGraph().isEmpty()) {
            h.append("<h3>Wait-for graph</h3>\n")
                    .append(SvgGraph.render(f.getGraph()))
                    .append('\n');
        }
        for (Evidence e : f.getEvidence()) {
            h.append("<h3>Evidence <code>")
                    .append(Html.escape(e.toString()))
                    .append("</code></h3>\n<pre class=\"evidence\">");
            for (Evidence.QuotedLine q : e.getQuoted()) {
                h.append("<span class=\"l\"><span class=\"n\">")
                        .append(q.number())
                        .append("</span>")
                        .append(Html.escape(q.text()))
                        .append("</span>");
            }
            h.append("</pre>\n");
        }
        if (plan != null) {
            plan(h, n, plan);
        }
        h.append("</section>\n");
    }

    private static void plan(StringBuilder h, int n, Plan p) {
        h.append("<h3>Remediation: ")
                .append(Html.escape(p.title()))
                .append(" <small>(")
                .append(Html.escape(p.articleId()))
                .append(")</small></h3>\n<p><b>Symptom.</b> ")
                .append(Html.escape(p.symptom()))
                .append("</p><p><b>Reason.</b> ")
                .append(Html.escape(p.reason()))
                .append("</p><p><b>Solution.</b> ")
                .append(Html.escape(p.solution()))
                .append("</p>\n<ol class=\"plan\">\n");
        int s = 0;
        for (Article.Step step : p.steps()) {
            s++;
            String id = "f" + n + "-step" + s;
            h.append("<li class=\"step\"><input type=\"checkbox\" id=\"")
                    .append(id)
                    .append("\"> <label for=\"")
                    .append(id)
                    .append("\">")
                    .append(Html.escape(step.title()))
                    .append("</label>");
            if (step.command() != null) {
                h.append("<pre class=\"command\">")
                        .append(Html.escape(step.command().strip()))
                        .append("</pre>");
            }
            field(h, "expect", step.expected(), "");
            field(h, "verify", step.verification(), "");
            field(h, "rollback", step.rollback(), "");
            field(h, "careful", step.safety(), " safety");
            h.append("</li>\n");
        }
        h.append("</ol>\n");
        if (!p.references().isEmpty()) {
            h.append("<p>References:</p><ul>");
            for (Article.Reference r : p.references()) {
                h.append("<li>")
                        .append(Html.escape(r.title()))
                        .append(": <code>")
                        .append(Html.escape(r.ref()))
                        .append("</code></li>");
            }
            h.append("</ul>\n");
        }
    }

    private static void field(StringBuilder h, String label, String value, String cls) {
        if (value != null && !value.isBlank()) {
            h.append("<div class=\"")
                    .append(label)
                    .append(cls)
                    .append("\"><span class=\"k\">")
                    .append(label)
                    .append(":</span>")
                    .append(Html.escape(value.strip()))
                    .append("</div>");
        }
    }

    private static void inputs(StringBuilder h, AnalysisResult r) {
        h.append("<h2>Inputs</h2>\n<ul class=\"inputs\">");
        long unrecognised = r.inputs().stream()
                .filter(AnalysisResult.InputSummary::unrecognised)
                .count();
        for (var in : r.inputs()) {
            if (in.unrecognised() && unrecognised > 1) {
                continue;
            }
            if (in.skipReason() != null) {
                h.append("<li class=\"skipped\"><code>")
                        .append(Html.escape(in.name()))
                        .append("</code> skipped: ")
                        .append(Html.escape(in.skipReason()))
                        .append("</li>");
            } else {
                h.append("<li><code>")
                        .append(Html.escape(in.name()))
                        .append("</code> read as ")
                        .append(Html.escape(in.type()))
                        .append(" (by ")
                        .append(Html.escape(in.detectedBy()))
                        .append("), ")
                        .append(in.facts())
                        .append(" fact(s)</li>");
            }
        }
        for (Problem p : r.problems()) {
            h.append("<li class=\"problem\">").append(Html.escape(p.describe())).append("</li>");
        }
        h.append("</ul>\n");
        if (unrecognised > 1) {
            // thousands of files of a sosreport: folded, one name a line
            h.append("<details class=\"unrecognised\"><summary>")
                    .append(unrecognised)
                    .append(" files not recognised (no known format)</summary><ul>");
            for (var in : r.inputs()) {
                if (in.unrecognised()) {
                    h.append("<li><code>").append(Html.escape(in.name())).append("</code></li>");
                }
            }
            h.append("</ul></details>\n");
        }
    }
}
