package io.lockdoc.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.escape.ShellQuote;
import io.lockdoc.escape.ShellWords;
import io.lockdoc.escape.Terminal;
import io.lockdoc.kb.Article;
import io.lockdoc.kb.Plan;
import io.lockdoc.kb.RemediationPlanner;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.xml.sax.InputSource;

/**
 * What output made from hostile strings must still be: no control character but line ends, tabs
 * and lockdoc's own colours on a terminal; no live HTML, link or image in Markdown; only lockdoc's
 * own tags in HTML; only lockdoc's own markup in Jira wiki. Each check is also given the output made
 * from benign strings, whose structure (lines, tags, markup) the hostile one must have.
 */
public final class Oracles {
    private static final Pattern SGR = Pattern.compile("\u001B\\[[0-9;]*m");

    private Oracles() {}

    public static void terminal(String out, String benign) {
        String plain = SGR.matcher(out).replaceAll("");
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            assertThat(c != '\n' && Terminal.isControl(c))
                    .as("control character U+%04x at %d in:%n%s", (int) c, i, out)
                    .isFalse();
        }
        assertThat(out.lines().count())
                .as("lines:%n%s%nbenign:%n%s", out, benign)
                .isEqualTo(benign.lines().count());
    }

    /** The Markdown outside fenced blocks and code spans; fails on a fence left open. */
    public static String liveMarkdown(String md) {
        StringBuilder live = new StringBuilder();
        String fence = null;
        for (String line : md.split("\n", -1)) {
            String t = line.strip();
            if (fence == null) {
                Matcher m = Pattern.compile("^(`{3,})").matcher(t);
                if (m.find()) {
                    fence = m.group(1);
                    continue;
                }
                live.append(withoutCodeSpans(line)).append('\n');
            } else if (t.matches("`{" + fence.length() + ",}")) {
                fence = null;
            }
        }
        assertThat(fence).as("a fence left open in:%n%s", md).isNull();
        return live.toString();
    }

    private static String withoutCodeSpans(String line) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < line.length()) {
            if (line.charAt(i) == '`' && (i == 0 || line.charAt(i - 1) != '\\')) {
                int j = i;
                while (j < line.length() && line.charAt(j) == '`') {
                    j++;
                }
                String run = line.substring(i, j);
                Matcher close = Pattern.compile("(?<!`)" + run + "(?!`)").matcher(line);
                if (close.find(j)) {
                    out.append("CODE");
                    i = close.end();
                    continue;
                }
                out.append(run);
                i = j;
                continue;
            }
            out.append(line.charAt(i++));
        }
        return out.toString();
    }

    public static void markdown(String md, String benign) {
        String live = liveMarkdown(md);
        assertThat(live).as("live Markdown:%n%s", live).doesNotContain("<", "](", "\r");
        assertThat(markdownMarkup(live)).isEqualTo(markdownMarkup(liveMarkdown(benign)));
        for (int i = 0; i < md.length(); i++) {
            char c = md.charAt(i);
            assertThat(c != '\n' && Terminal.isControl(c))
                    .as("control U+%04x", (int) c)
                    .isFalse();
        }
    }

    /** lockdoc's own Markdown: emphasis, headings, list marks and code spans; escaped ones dropped. */
    private static List<String> markdownMarkup(String live) {
        List<String> out = new ArrayList<>();
        for (String line : live.split("\n")) {
            String t = line.replaceAll("\\\\.", "");
            StringBuilder m = new StringBuilder();
            for (char c : t.toCharArray()) {
                if ("*_[]`~|".indexOf(c) >= 0) {
                    m.append(c);
                }
            }
            out.add(m.toString());
        }
        return out;
    }

    /**
     * Every command and rollback of {@code a}'s plan with {@code hostile} bindings has the structure it
     * has with a distinct benign word for each ({@link ShellWords}): the values are quoted, whole, in
     * the words they were put in. A blank value (not bound: the fallback is used) and a list of numbers
     * (a list on purpose) are checked as benign ones.
     */
    public static void commands(Article a, Map<String, String> hostile) {
        Map<String, String> good = new LinkedHashMap<>();
        Map<String, String> bad = new LinkedHashMap<>();
        Map<String, String> back = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, String> e : hostile.entrySet()) {
            String safe = "SAFE" + i++ + "X";
            good.put(e.getKey(), safe);
            String v = e.getValue();
            if (v == null || v.isBlank() || v.matches("[0-9]+( [0-9]+)+")) {
                v = safe;
            }
            bad.put(e.getKey(), v);
            back.put(safe, v);
        }
        Plan g = RemediationPlanner.plan(a, HostileResults.finding(HostileResults.benign(), good));
        Plan b = RemediationPlanner.plan(a, HostileResults.finding(HostileResults.benign(), bad));
        ShellQuote.Dialect d = ShellQuote.Dialect.forPlatform(a.platform());
        for (int s = 0; s < g.steps().size(); s++) {
            for (String[] c : List.of(
                    new String[] {g.steps().get(s).command(), b.steps().get(s).command()},
                    new String[] {g.steps().get(s).rollback(), b.steps().get(s).rollback()})) {
                if (c[0] == null || !c[0].contains("SAFE")) {
                    continue; // no value from the input in it
                }
                assertThat(ShellWords.structure(c[1], d))
                        .as("%s step %d:%n%s%nbenign:%n%s", a.id(), s + 1, c[1], c[0])
                        .containsExactlyElementsOf(ShellWords.expected(ShellWords.structure(c[0], d), back, d));
            }
        }
    }

    private static final Pattern TAG = Pattern.compile("<(/?[A-Za-z!][A-Za-z0-9-]*)");

    public static List<String> tags(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = TAG.matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    public static void html(String html, String benign) throws Exception {
        assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("href=\"javascript");
        assertThat(tags(html)).as(html).containsExactlyElementsOf(tags(benign));
        Matcher tag = Pattern.compile("<[^>]*>").matcher(html);
        while (tag.find()) {
            String attrs = tag.group().replaceAll("\"[^\"]*\"", "\"\"");
            assertThat(attrs).as("an event handler attribute").doesNotContainPattern("(?i)\\son[a-z]+\\s*=");
        }
        Matcher svg = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(html);
        while (svg.find()) {
            DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(new InputSource(new StringReader(svg.group())));
        }
        for (int i = 0; i < html.length(); i++) {
            char c = html.charAt(i);
            assertThat(c != '\n' && Terminal.isControl(c))
                    .as("control U+%04x", (int) c)
                    .isFalse();
        }
    }

    /** Jira wiki markup outside {code} blocks, escaped characters dropped: lockdoc's own marks only. */
    public static List<String> jiraMarkup(String wiki) {
        List<String> out = new ArrayList<>();
        boolean code = false;
        for (String line : wiki.split("\n", -1)) {
            if (code) {
                if (line.equals("{code}")) {
                    code = false;
                    out.add("{code}");
                } else {
                    assertThat(line).doesNotContainIgnoringCase("{code").doesNotContainIgnoringCase("{noformat");
                }
                continue;
            }
            if (line.startsWith("{code")) {
                code = true;
                out.add(line);
                continue;
            }
            String t = line.replaceAll("\\\\.", "").replace("&#92;", "");
            StringBuilder m = new StringBuilder();
            for (char c : t.toCharArray()) {
                if ("*_{}[]|^~!\\".indexOf(c) >= 0) {
                    m.append(c);
                }
            }
            out.add(m.toString());
        }
        assertThat(code).as("a {code} block left open").isFalse();
        return out;
    }

    public static void jira(String wiki, String benign) {
        assertThat(jiraMarkup(wiki)).as(wiki).containsExactlyElementsOf(jiraMarkup(benign));
        for (int i = 0; i < wiki.length(); i++) {
            char c = wiki.charAt(i);
            assertThat(c != '\n' && Terminal.isControl(c))
                    .as("control U+%04x", (int) c)
                    .isFalse();
        }
    }
}
