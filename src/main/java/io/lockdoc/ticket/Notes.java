package io.lockdoc.ticket;

import io.lockdoc.escape.Html;
import io.lockdoc.escape.JiraWiki;
import io.lockdoc.escape.Markdown;
import io.lockdoc.escape.Terminal;
import io.lockdoc.model.OrderedMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The internal note in each system's markup: Jira wiki markup and ADF (Cloud), a ServiceNow work
 * note (HTML inside {@code [code]...[/code]}), Zendesk {@code html_body}, or Markdown. Every string
 * of the content may come from the input (a ticket, an attachment's name, a log line, the history)
 * and goes through the format's escaping layer ({@code io.lockdoc.escape}): Markdown text, code
 * spans and fences; Jira wiki escapes and {code} blocks no value can close; HTML entities, with
 * {@code [ ]} as entities too so that nothing closes ServiceNow's {@code [code]} early; ADF text
 * nodes (JSON strings, no marks but lockdoc's) with control characters made visible.
 */
final class Notes {
    /** What a note says, independent of markup. */
    record Content(
            String headline,
            List<String> facts,
            List<Step> steps,
            List<Question> questions,
            List<String> seenBefore,
            String footer) {}

    record Step(String title, String command) {}

    /** Information still needed, and the command that collects it (null when there is none). */
    record Question(String text, String command) {}

    private Notes() {}

    static String markdown(Content c) {
        StringBuilder sb =
                new StringBuilder("### ").append(Markdown.text(c.headline())).append("\n\n");
        c.facts().forEach(f -> sb.append("- ").append(Markdown.text(f)).append('\n'));
        section(sb, "Seen before", c.seenBefore().stream().map(Markdown::text).toList());
        if (!c.steps().isEmpty()) {
            sb.append("\n**Next steps**\n\n");
            int n = 0;
            for (Step s : c.steps()) {
                sb.append(++n).append(". ").append(Markdown.text(s.title())).append('\n');
                if (s.command() != null) {
                    List<String> lines =
                            s.command().strip().lines().map(Terminal::escape).toList();
                    String fence = Markdown.fence(lines);
                    sb.append("   ").append(fence).append('\n');
                    lines.forEach(l -> sb.append("   ").append(l).append('\n'));
                    sb.append("   ").append(fence).append('\n');
                }
            }
        }
        section(
                sb,
                "Information still needed",
                c.questions().stream()
                        .map(q -> Markdown.text(q.text())
                                + (q.command() == null ? "" : ": " + Markdown.code(q.command())))
                        .toList());
        return sb.append('\n')
                .append("_")
                .append(Markdown.text(c.footer()))
                .append("_\n")
                .toString();
    }

    static String jiraWiki(Content c) {
        StringBuilder sb =
                new StringBuilder("h3. ").append(JiraWiki.text(c.headline())).append("\n");
        c.facts().forEach(f -> sb.append("* ").append(wiki(f)).append('\n'));
        if (!c.seenBefore().isEmpty()) {
            sb.append("\n*Seen before*\n");
            c.seenBefore().forEach(s -> sb.append("* ").append(wiki(s)).append('\n'));
        }
        if (!c.steps().isEmpty()) {
            sb.append("\n*Next steps*\n");
            for (Step s : c.steps()) {
                sb.append("# ").append(wiki(s.title())).append('\n');
                if (s.command() != null) {
                    sb.append("{code:bash}\n")
                            .append(JiraWiki.code(s.command().strip()))
                            .append("\n{code}\n");
                }
            }
        }
        if (!c.questions().isEmpty()) {
            sb.append("\n*Information still needed*\n");
            c.questions().forEach(q -> sb.append("* ")
                    .append(wiki(q.text() + (q.command() == null ? "" : ": " + q.command())))
                    .append('\n'));
        }
        return sb.append("\n_").append(wiki(c.footer())).append("_\n").toString();
    }

    /** Jira Cloud's document format for the same note. */
    static Map<String, Object> adf(Content c) {
        List<Object> content = new ArrayList<>();
        content.add(OrderedMap.of(
                "type", "heading", "attrs", OrderedMap.of("level", 3), "content", List.of(text(c.headline()))));
        content.add(bullets(c.facts()));
        if (!c.seenBefore().isEmpty()) {
            content.add(paragraph("Seen before", true));
            content.add(bullets(c.seenBefore()));
        }
        if (!c.steps().isEmpty()) {
            content.add(paragraph("Next steps", true));
            List<Object> items = new ArrayList<>();
            for (Step s : c.steps()) {
                List<Object> itemContent = new ArrayList<>();
                itemContent.add(OrderedMap.of("type", "paragraph", "content", List.of(text(s.title()))));
                if (s.command() != null) {
                    itemContent.add(OrderedMap.of(
                            "type",
                            "codeBlock",
                            "attrs",
                            OrderedMap.of("language", "bash"),
                            "content",
                            List.of(codeText(s.command().strip()))));
                }
                items.add(OrderedMap.of("type", "listItem", "content", itemContent));
            }
            content.add(OrderedMap.of("type", "orderedList", "content", items));
        }
        if (!c.questions().isEmpty()) {
            content.add(paragraph("Information still needed", true));
            content.add(bullets(c.questions().stream()
                    .map(q -> q.text() + (q.command() == null ? "" : ": " + q.command()))
                    .toList()));
        }
        content.add(paragraph(c.footer(), false));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("type", "doc");
        doc.put("version", 1);
        doc.put("content", content);
        return doc;
    }

    /** A ServiceNow work note: the HTML inside [code]...[/code]; no value can hold a bracket that closes it. */
    static String serviceNow(Content c) {
        return "[code]" + html(c) + "[/code]";
    }

    /** HTML for ServiceNow (inside [code], see {@link #serviceNow}) and Zendesk html_body. */
    static String html(Content c) {
        StringBuilder sb = new StringBuilder("<h3>").append(esc(c.headline())).append("</h3><ul>");
        c.facts().forEach(f -> sb.append("<li>").append(esc(f)).append("</li>"));
        sb.append("</ul>");
        if (!c.seenBefore().isEmpty()) {
            sb.append("<p><b>Seen before</b></p><ul>");
            c.seenBefore().forEach(s -> sb.append("<li>").append(esc(s)).append("</li>"));
            sb.append("</ul>");
        }
        if (!c.steps().isEmpty()) {
            sb.append("<p><b>Next steps</b></p><ol>");
            for (Step s : c.steps()) {
                sb.append("<li>").append(esc(s.title()));
                if (s.command() != null) {
                    sb.append("<pre>").append(esc(s.command().strip())).append("</pre>");
                }
                sb.append("</li>");
            }
            sb.append("</ol>");
        }
        if (!c.questions().isEmpty()) {
            sb.append("<p><b>Information still needed</b></p><ul>");
            c.questions().forEach(q -> {
                sb.append("<li>").append(esc(q.text()));
                if (q.command() != null) {
                    sb.append(": <code>").append(esc(q.command())).append("</code>");
                }
                sb.append("</li>");
            });
            sb.append("</ul>");
        }
        return sb.append("<p><i>").append(esc(c.footer())).append("</i></p>").toString();
    }

    /** Items already escaped for Markdown. */
    private static void section(StringBuilder sb, String title, List<String> items) {
        if (!items.isEmpty()) {
            sb.append("\n**").append(title).append("**\n\n");
            items.forEach(i -> sb.append("- ").append(i).append('\n'));
        }
    }

    /** An ADF text node: never empty (Jira refuses those), control characters visible. */
    private static Map<String, Object> text(String s) {
        String t = Terminal.escape(s);
        return OrderedMap.of("type", "text", "text", t.isEmpty() ? " " : t);
    }

    /** The text node of a code block: its line ends kept, each line's control characters visible. */
    private static Map<String, Object> codeText(String s) {
        String t = String.join("\n", s.lines().map(Terminal::escape).toList());
        return OrderedMap.of("type", "text", "text", t.isEmpty() ? " " : t);
    }

    private static Map<String, Object> paragraph(String s, boolean strong) {
        Map<String, Object> t = new LinkedHashMap<>(text(s));
        if (strong) {
            t.put("marks", List.of(OrderedMap.of("type", "strong")));
        }
        return OrderedMap.of("type", "paragraph", "content", List.of(t));
    }

    private static Map<String, Object> bullets(List<String> items) {
        List<Object> li = new ArrayList<>();
        for (String i : items) {
            li.add(OrderedMap.of(
                    "type",
                    "listItem",
                    "content",
                    List.of(OrderedMap.of("type", "paragraph", "content", List.of(text(i))))));
        }
        return OrderedMap.of("type", "bulletList", "content", li);
    }

    static String wiki(String s) {
        return JiraWiki.text(s);
    }

    static String esc(String s) {
        return Html.escapeWithBrackets(s);
    }
}
