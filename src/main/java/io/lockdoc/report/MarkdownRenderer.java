package io.lockdoc.report;

import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.escape.Markdown;
import io.lockdoc.escape.Terminal;
import io.lockdoc.explain.Explanations;
import io.lockdoc.kb.Article;
import io.lockdoc.kb.Plan;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.Finding;
import io.lockdoc.model.Participant;
import io.lockdoc.model.Problem;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Markdown for pasting into a ticket, a chat or a pull request. Every value from the input is text
 * ({@link Markdown#text}), an inline code span ({@link Markdown#code}) or a line of a fenced block
 * whose fence is longer than any run of backticks inside: no HTML, link or image from a log or a
 * file name is live.
 */
public final class MarkdownRenderer implements Renderer {

    @Override
    public void render(AnalysisResult result, Explanations explanations, PrintStream out) {
        out.println("# lockdoc analysis");
        out.println();
        if (!result.hasFindings()) {
            out.println("No lock or hang problem found in " + result.factCount() + " fact(s).");
        }
        int n = 0;
        for (var d : result.findings()) {
            Finding f = d.finding();
            out.printf(
                    Locale.ROOT,
                    "## Finding %d%s: %s (confidence %.2f)%n%n",
                    ++n,
                    n == 1 ? " (primary)" : "",
                    Markdown.code(f.getCause().id()),
                    f.getConfidence());
            out.println(Markdown.text(f.getSummary()));
            out.println();
            out.println("- **State:** " + Markdown.code(f.getLiveness().state().id()) + " "
                    + Markdown.text(f.getLiveness().reason()));
            if (f.getCulprit() != null) {
                out.println("- **Culprit:** " + Markdown.code(f.getCulprit().describe()));
            }
            for (Participant p : f.getParticipants()) {
                out.println("- **" + Markdown.text(p.role()) + ":** " + Markdown.code(p.name())
                        + (p.detail() == null ? "" : " " + Markdown.text(p.detail())));
            }
            out.println("- **Rule:** " + Markdown.text(f.getRule()));
            out.println("- **Signature:** " + Markdown.code(f.getSignature()));
            if (f.getLockSiteSignature() != null) {
                out.println("- **Lock sites:** " + Markdown.code(f.getLockSiteSignature()) + " ("
                        + Markdown.code(f.getLockSites()) + ")");
            }
            for (Evidence e : f.getEvidence()) {
                out.println();
                out.println("Evidence " + Markdown.code(e.toString()) + ":");
                out.println();
                List<String> lines = e.getQuoted().stream()
                        .map(q -> String.format(Locale.ROOT, "%6d | %s", q.number(), Markdown.codeLine(q.text())))
                        .toList();
                String fence = Markdown.fence(lines);
                out.println(fence);
                lines.forEach(out::println);
                out.println(fence);
            }
            Plan plan = d.plan();
            if (plan != null) {
                out.println();
                out.println("### Remediation: " + Markdown.text(plan.title()) + " (" + Markdown.code(plan.articleId())
                        + ")");
                out.println();
                out.println("**Symptom.** " + Markdown.text(TextRenderer.oneLine(plan.symptom())));
                out.println();
                out.println("**Reason.** " + Markdown.text(TextRenderer.oneLine(plan.reason())));
                out.println();
                out.println("**Solution.** " + Markdown.text(TextRenderer.oneLine(plan.solution())));
                out.println();
                int s = 0;
                for (Article.Step step : plan.steps()) {
                    out.println(++s + ". [ ] **" + Markdown.text(step.title()) + "**");
                    block(out, "Run", step.command(), true);
                    block(out, "Expect", step.expected(), false);
                    block(out, "Verify", step.verification(), false);
                    block(out, "Rollback", step.rollback(), false);
                    block(out, "Careful", step.safety(), false);
                }
                if (!plan.references().isEmpty()) {
                    out.println();
                    out.println("References:");
                    for (Article.Reference r : plan.references()) {
                        out.println("- " + Markdown.text(r.title()) + ": " + Markdown.code(r.ref()));
                    }
                }
            }
            out.println();
        }
        ExplanationText.write(explanations, out, true);
        if (!result.problems().isEmpty()) {
            out.println("## Input problems");
            out.println();
            for (Problem p : result.problems()) {
                out.println("- " + Markdown.text(p.describe()));
            }
        }
    }

    private static void block(PrintStream out, String label, String value, boolean code) {
        if (value == null || value.isBlank()) {
            return;
        }
        if (code) {
            List<String> lines = value.strip().lines().map(Terminal::escape).toList();
            String fence = Markdown.fence(lines);
            out.println("   - " + label + ":");
            out.println("     " + fence);
            for (String l : lines) {
                out.println("     " + l);
            }
            out.println("     " + fence);
        } else {
            out.println("   - " + label + ": " + Markdown.text(TextRenderer.oneLine(value)));
        }
    }
}
