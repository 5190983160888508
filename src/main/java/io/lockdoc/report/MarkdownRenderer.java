package io.lockdoc.report;

import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.explain.Explanations;
import io.lockdoc.kb.Article;
import io.lockdoc.kb.Plan;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.Finding;
import io.lockdoc.model.Participant;
import io.lockdoc.model.Problem;
import java.io.PrintStream;
import java.util.Locale;

/** Markdown for pasting into a ticket, a chat or a pull request. */
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
                    "## Finding %d%s: `%s` (confidence %.2f)%n%n",
                    ++n,
                    n == 1 ? " (primary)" : "",
                    f.getCause().id(),
                    f.getConfidence());
            out.println(f.getSummary());
            out.println();
            if (f.getCulprit() != null) {
                out.println("- **Culprit:** `" + f.getCulprit().describe() + "`");
            }
            for (Participant p : f.getParticipants()) {
                out.println(
                        "- **" + p.role() + ":** `" + p.name() + "`" + (p.detail() == null ? "" : " " + p.detail()));
            }
            out.println("- **Rule:** " + f.getRule());
            out.println("- **Signature:** `" + f.getSignature() + "`");
            for (Evidence e : f.getEvidence()) {
                out.println();
                out.println("Evidence `" + e + "`:");
                out.println();
                out.println("```");
                for (Evidence.QuotedLine q : e.getQuoted()) {
                    out.printf(Locale.ROOT, "%6d | %s%n", q.number(), q.text());
                }
                out.println("```");
            }
            Plan plan = d.plan();
            if (plan != null) {
                out.println();
                out.println("### Remediation: " + plan.title() + " (`" + plan.articleId() + "`)");
                out.println();
                out.println("**Symptom.** " + TextRenderer.oneLine(plan.symptom()));
                out.println();
                out.println("**Reason.** " + TextRenderer.oneLine(plan.reason()));
                out.println();
                out.println("**Solution.** " + TextRenderer.oneLine(plan.solution()));
                out.println();
                int s = 0;
                for (Article.Step step : plan.steps()) {
                    out.println(++s + ". [ ] **" + step.title() + "**");
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
                        out.println("- " + r.title() + ": `" + r.ref() + "`");
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
                out.println("- " + p.describe());
            }
        }
    }

    private static void block(PrintStream out, String label, String value, boolean code) {
        if (value == null || value.isBlank()) {
            return;
        }
        if (code) {
            out.println("   - " + label + ":");
            out.println("     ```");
            for (String l : value.strip().split("\\R")) {
                out.println("     " + l);
            }
            out.println("     ```");
        } else {
            out.println("   - " + label + ": " + TextRenderer.oneLine(value));
        }
    }
}
