package io.lockdoc.report;

import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.escape.Terminal;
import io.lockdoc.explain.Explanations;
import io.lockdoc.kb.Article;
import io.lockdoc.kb.Plan;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.Finding;
import io.lockdoc.model.Participant;
import io.lockdoc.model.Problem;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Plain text for a terminal or a log. Every value from the input goes through {@link Terminal#escape}
 * (a helper {@code t}), so the only control characters printed are line ends and lockdoc's own colours.
 */
public final class TextRenderer implements Renderer {
    private final boolean colour;
    private final boolean verbose;

    public TextRenderer() {
        this(false);
    }

    /** @param colour ANSI colours, for a terminal that wants them (see {@link #colourWanted}) */
    public TextRenderer(boolean colour) {
        this(colour, false);
    }

    /** @param verbose list every file of no known format, one line each, instead of counting them */
    public TextRenderer(boolean colour, boolean verbose) {
        this.colour = colour;
        this.verbose = verbose;
    }

    /** Colour only on a real terminal, never when {@code NO_COLOR} is set (no-color.org) or TERM is dumb. */
    public static boolean colourWanted(java.util.Map<String, String> env, boolean terminal) {
        String noColor = env.get("NO_COLOR");
        return terminal && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
    }

    private String paint(String code, String text) {
        return colour ? "\u001B[" + code + "m" + text + "\u001B[0m" : text;
    }

    private static String t(Object o) {
        return Terminal.escape(String.valueOf(o));
    }

    @Override
    public void render(AnalysisResult result, Explanations explanations, PrintStream out) {
        long unrecognised = result.inputs().stream()
                .filter(AnalysisResult.InputSummary::unrecognised)
                .count();
        // a sosreport holds thousands of files lockdoc has no use for: one line says how many
        boolean counted = unrecognised > 1 && !verbose;
        for (var in : result.inputs()) {
            if (in.unrecognised() && (counted || verbose)) {
                if (verbose) {
                    out.println("skipped " + t(in.name()) + ": no known format");
                }
            } else if (in.skipReason() != null) {
                out.println("skipped " + t(in.name()) + ": " + t(in.skipReason()));
            } else {
                out.println("read    " + t(in.name()) + " as " + t(in.type()) + " (by " + t(in.detectedBy()) + "): "
                        + in.facts() + " fact(s)");
            }
        }
        if (counted) {
            out.println(unrecognised + " files not recognised; --verbose lists them");
        }
        for (Problem p : result.problems()) {
            out.println(paint("31", "problem") + " " + t(p.describe()));
        }
        out.println();
        if (!result.hasFindings()) {
            out.println("No lock or hang problem found in " + result.factCount() + " fact(s).");
            out.println();
        }
        int n = 0;
        for (var d : result.findings()) {
            n++;
            Finding f = d.finding();
            out.printf(
                    Locale.ROOT,
                    "Finding %d%s: %s  (confidence %.2f%s)%n",
                    n,
                    n == 1 ? " [primary]" : "",
                    paint("1;31", t(f.getCause().id())),
                    f.getConfidence(),
                    f.getCompleteness() == io.lockdoc.model.Completeness.COMPLETE ? "" : ", report incomplete");
            out.println("  " + t(f.getSummary()));
            out.println("  state:     " + f.getLiveness().state().id() + " - "
                    + t(f.getLiveness().reason()));
            if (f.getCulprit() != null) {
                out.println("  culprit:   " + t(f.getCulprit().describe()));
            }
            for (Participant p : f.getParticipants()) {
                out.println("  " + pad(t(p.role()) + ":", 14) + t(p.name())
                        + (p.detail() == null ? "" : " - " + t(p.detail())));
            }
            out.println("  rule:      " + t(f.getRule()));
            for (Finding.Reason why : f.getReasons()) {
                out.printf(
                        Locale.ROOT,
                        "  %-10s %s%.2f %s [%s]%n",
                        why.direction() == io.lockdoc.model.Adjustment.Direction.FOR ? "for:" : "against:",
                        why.direction() == io.lockdoc.model.Adjustment.Direction.FOR ? "+" : "-",
                        why.delta(),
                        t(why.text()),
                        t(why.evidence()));
            }
            out.println("  signature: " + t(f.getSignature()));
            if (f.getLockSiteSignature() != null) {
                out.println("  lock sites: " + t(f.getLockSiteSignature()) + " (" + t(f.getLockSites()) + ")");
            }
            for (Evidence e : f.getEvidence()) {
                out.println("  evidence:  " + t(e));
                for (Evidence.QuotedLine q : e.getQuoted()) {
                    out.printf(Locale.ROOT, "    %6d | %s%n", q.number(), t(q.text()));
                }
            }
            Plan plan = d.plan();
            if (plan != null) {
                out.println();
                out.println("  Remediation (" + t(plan.articleId()) + "): " + t(plan.title()));
                out.println("  Why: " + t(oneLine(plan.reason())));
                int s = 0;
                for (Article.Step step : plan.steps()) {
                    out.println("  " + ++s + ". " + paint("1", t(step.title())));
                    field(out, "run", step.command());
                    field(out, "expect", step.expected());
                    field(out, "verify", step.verification());
                    field(out, "rollback", step.rollback());
                    field(out, "careful", step.safety());
                }
                for (Article.Reference r : plan.references()) {
                    out.println("  see: " + t(r.title()) + " (" + t(r.ref()) + ")");
                }
            }
            out.println();
        }
        ExplanationText.write(explanations, out, false);
    }

    private static void field(PrintStream out, String label, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        // the lines of a kb text; the values in it had their control characters made visible already
        String[] lines = value.strip().split("\n");
        out.println("       " + pad(label + ":", 10) + t(lines[0]));
        for (int i = 1; i < lines.length; i++) {
            out.println("       " + pad("", 10) + t(lines[i]));
        }
    }

    static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s+", " ");
    }

    static String pad(String s, int w) {
        return s.length() >= w ? s + " " : s + " ".repeat(w - s.length());
    }
}
