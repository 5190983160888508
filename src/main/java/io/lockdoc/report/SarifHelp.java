package io.lockdoc.report;

import io.lockdoc.escape.Markdown;
import io.lockdoc.kb.Article;
import io.lockdoc.kb.Plan;
import io.lockdoc.model.Cause;
import java.util.List;

/** A SARIF rule's help: the cause's knowledge-base article as plain text and as GitHub Markdown. */
final class SarifHelp {
    /** The stable help URI of an article: a URN, because the article text itself travels in {@code help}. */
    static final String URI_PREFIX = "urn:lockdoc:kb:";

    private SarifHelp() {}

    static String uri(String articleId) {
        return URI_PREFIX + articleId;
    }

    static String text(Cause cause, Plan p) {
        if (p == null) {
            return cause.id() + ": no knowledge-base article covers this cause.";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(p.title()).append("\n\n");
        para(sb, "Symptom", p.symptom());
        para(sb, "Why", p.reason());
        para(sb, "Solution", p.solution());
        int n = 0;
        for (Article.Step s : p.steps()) {
            sb.append(++n).append(". ").append(s.title()).append('\n');
            line(sb, "run", s.command());
            line(sb, "expect", s.expected());
            line(sb, "verify", s.verification());
            line(sb, "rollback", s.rollback());
            line(sb, "careful", s.safety());
        }
        for (Article.Reference r : p.references()) {
            sb.append("see: ").append(r.title()).append(" (").append(r.ref()).append(")\n");
        }
        return sb.toString().strip();
    }

    static String markdown(Cause cause, Plan p) {
        if (p == null) {
            return Markdown.code(cause.id()) + ": no knowledge-base article covers this cause.";
        }
        StringBuilder sb = new StringBuilder();
        sb.append("## ").append(Markdown.text(p.title())).append("\n\n");
        mdPara(sb, "Symptom", p.symptom());
        mdPara(sb, "Why", p.reason());
        mdPara(sb, "Solution", p.solution());
        if (!p.steps().isEmpty()) {
            sb.append("### Steps\n\n");
        }
        int n = 0;
        for (Article.Step s : p.steps()) {
            sb.append(++n).append(". **").append(Markdown.text(s.title())).append("**\n");
            if (s.command() != null && !s.command().isBlank()) {
                List<String> lines = s.command().strip().lines().toList();
                String fence = Markdown.fence(lines);
                sb.append("   ").append(fence).append("sh\n");
                lines.forEach(l -> sb.append("   ").append(Markdown.codeLine(l)).append('\n'));
                sb.append("   ").append(fence).append('\n');
            }
            mdLine(sb, "Expect", s.expected());
            mdLine(sb, "Verify", s.verification());
            mdLine(sb, "Rollback", s.rollback());
            mdLine(sb, "Careful", s.safety());
        }
        if (!p.references().isEmpty()) {
            sb.append("\n### References\n\n");
            for (Article.Reference r : p.references()) {
                sb.append("- ")
                        .append(Markdown.text(r.title()))
                        .append(" (")
                        .append(Markdown.code(r.ref()))
                        .append(")\n");
            }
        }
        return sb.toString().strip();
    }

    private static void para(StringBuilder sb, String label, String v) {
        if (v != null && !v.isBlank()) {
            sb.append(label).append(": ").append(v.strip()).append("\n\n");
        }
    }

    private static void line(StringBuilder sb, String label, String v) {
        if (v != null && !v.isBlank()) {
            sb.append("   ")
                    .append(label)
                    .append(": ")
                    .append(v.strip().replace("\n", "\n     "))
                    .append('\n');
        }
    }

    private static void mdPara(StringBuilder sb, String label, String v) {
        if (v != null && !v.isBlank()) {
            sb.append("**").append(label).append(":** ");
            sb.append(String.join(" ", v.strip().lines().map(Markdown::text).toList()));
            sb.append("\n\n");
        }
    }

    private static void mdLine(StringBuilder sb, String label, String v) {
        if (v != null && !v.isBlank()) {
            sb.append("   - ").append(label).append(": ");
            sb.append(String.join(" ", v.strip().lines().map(Markdown::text).toList()));
            sb.append('\n');
        }
    }
}
