package io.lockdoc.report;

import io.lockdoc.escape.Markdown;
import io.lockdoc.escape.Terminal;
import io.lockdoc.explain.Explanations;
import io.lockdoc.model.Evidence;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The why / why-not sections as plain text (and as Markdown, which differs only in its markup). Every
 * value is escaped for the format: control characters made visible in text, Markdown markup
 * neutralised and code blocks fenced so that no line can close them.
 */
public final class ExplanationText {
    private ExplanationText() {}

    public static void write(Explanations e, PrintStream out, boolean markdown) {
        if (e == null) {
            return;
        }
        java.util.function.UnaryOperator<String> t =
                markdown ? Markdown::text : s -> Terminal.escape(String.valueOf(s));
        for (Explanations.Why w : e.why()) {
            out.println(
                    markdown
                            ? "## Why finding " + w.finding()
                            : "Why finding " + w.finding() + " (" + t.apply(w.cause()) + "):");
            out.println((markdown ? "" : "  ") + "rule \"" + t.apply(w.rule()) + "\" matched "
                    + w.facts().size() + " fact(s):");
            if (markdown) {
                out.println();
            }
            for (Explanations.FactView f : w.facts()) {
                Evidence ev = f.evidence();
                out.println((markdown ? "- " : "  - ") + t.apply(f.type()) + " " + t.apply(f.id()) + ": "
                        + t.apply(f.description()) + " [" + t.apply(String.valueOf(ev)) + "]");
                List<String> lines = ev.getQuoted().stream()
                        .map(q -> String.format(
                                Locale.ROOT,
                                "  %s%6d | %s",
                                markdown ? "" : "    ",
                                q.number(),
                                Terminal.escape(q.text())))
                        .toList();
                String fence = Markdown.fence(lines);
                if (markdown && !lines.isEmpty()) {
                    out.println();
                    out.println("  " + fence);
                }
                lines.forEach(out::println);
                if (markdown && !lines.isEmpty()) {
                    out.println("  " + fence);
                }
            }
            out.println();
        }
        for (Explanations.WhyNot w : e.whyNot()) {
            out.println(markdown ? "## Why not " + Markdown.code(w.cause()) : "Why not " + t.apply(w.cause()) + ":");
            out.println((markdown ? "" : "  ") + t.apply(w.verdict()));
            for (Explanations.RuleCheck r : w.rules()) {
                out.println((markdown ? "- rule " : "  rule ") + "\"" + t.apply(r.rule()) + "\" needs:");
                for (Explanations.NeedCheck n : r.needs()) {
                    out.println((markdown ? "  - " : "    ") + (n.met() ? "[present] " : "[missing] ")
                            + t.apply(n.description()) + " (" + n.found() + " found)");
                }
            }
            if (!w.collect().isEmpty()) {
                out.println((markdown ? "" : "  ") + "To collect what is missing:");
                for (Explanations.Hint h : w.collect()) {
                    out.println((markdown ? "- " : "    - ") + t.apply(h.what()) + ":");
                    List<String> cmd =
                            h.command().strip().lines().map(Terminal::escape).toList();
                    if (markdown) {
                        String fence = Markdown.fence(cmd);
                        out.println("  " + fence);
                        cmd.forEach(l -> out.println("  " + l));
                        out.println("  " + fence);
                    } else {
                        cmd.forEach(l -> out.println("        " + l));
                    }
                }
            }
            out.println();
        }
    }
}
