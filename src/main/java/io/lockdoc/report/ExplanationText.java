package io.lockdoc.report;

import io.lockdoc.explain.Explanations;
import io.lockdoc.model.Evidence;
import java.io.PrintStream;
import java.util.Locale;

/** The why / why-not sections as plain text (and as Markdown, which differs only in its markup). */
public final class ExplanationText {
    private ExplanationText() {}

    public static void write(Explanations e, PrintStream out, boolean markdown) {
        if (e == null) {
            return;
        }
        java.util.Set<String> quotedAlready = new java.util.HashSet<>();
        for (Explanations.Why w : e.why()) {
            out.println(
                    markdown
                            ? "## Why finding " + w.finding()
                            : "Why finding " + w.finding() + " (" + w.cause() + "):");
            out.println((markdown ? "" : "  ") + "rule \"" + w.rule() + "\" matched "
                    + w.facts().size() + " fact(s):");
            if (markdown) {
                out.println();
            }
            for (Explanations.FactView f : w.facts()) {
                Evidence ev = f.evidence();
                out.println((markdown ? "- " : "  - ") + f.type() + " " + f.id() + ": " + f.description() + " [" + ev
                        + "]");
                if (markdown && !ev.getQuoted().isEmpty()) {
                    out.println();
                    out.println("  ```");
                }
                for (Evidence.QuotedLine q : ev.getQuoted()) {
                    out.printf(Locale.ROOT, "  %s%6d | %s%n", markdown ? "" : "    ", q.number(), q.text());
                }
                if (markdown && !ev.getQuoted().isEmpty()) {
                    out.println("  ```");
                }
            }
            out.println();
        }
        for (Explanations.WhyNot w : e.whyNot()) {
            out.println(markdown ? "## Why not `" + w.cause() + "`" : "Why not " + w.cause() + ":");
            out.println((markdown ? "" : "  ") + w.verdict());
            for (Explanations.RuleCheck r : w.rules()) {
                out.println((markdown ? "- rule " : "  rule ") + "\"" + r.rule() + "\" needs:");
                for (Explanations.NeedCheck n : r.needs()) {
                    out.println((markdown ? "  - " : "    ") + (n.met() ? "[present] " : "[missing] ") + n.description()
                            + " (" + n.found() + " found)");
                }
            }
            if (!w.collect().isEmpty()) {
                out.println((markdown ? "" : "  ") + "To collect what is missing:");
                for (Explanations.Hint h : w.collect()) {
                    out.println((markdown ? "- " : "    - ") + h.what() + ":");
                    out.println(markdown ? "  ```\n  " + h.command() + "\n  ```" : "        " + h.command());
                }
            }
            out.println();
        }
    }
}
