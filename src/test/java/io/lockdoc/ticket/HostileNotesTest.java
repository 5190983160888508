package io.lockdoc.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.report.HostileResults;
import io.lockdoc.report.Oracles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Ticket notes made from hostile log lines, attachment names and history: no markup but lockdoc's. */
class HostileNotesTest {
    private static final String COMMAND = "sed -n '1,5p' 'x{code}y{noformat}'\n```\n[/code]";

    private static Map<String, String> hostile() {
        return NoteFixtures.notes(HostileResults.cycling(HostileResults.HOSTILE), COMMAND);
    }

    private static Map<String, String> benign() {
        return NoteFixtures.notes(HostileResults.benign(), "sed -n '1,5p' x");
    }

    @Test
    void markdownNoteHasNoLiveHtmlLinkOrImageAndItsCodeCannotBeClosed() {
        String md = hostile().get("markdown");
        Oracles.markdown(md, benign().get("markdown"));
        assertThat(Oracles.liveMarkdown(md))
                .doesNotContain("<script", "<img", "](javascript:", "](http")
                .contains("\\[click\\]\\(javascript:alert(1))");
        assertThat(md).contains("   ````\n   sed -n '1,5p' 'x{code}y{noformat}'\n   ```\n   [/code]\n   ````\n");
    }

    @Test
    void jiraNoteEscapesMacrosLinksAndTablesAndItsCodeBlockCannotBeClosed() {
        String wiki = hostile().get("jira");
        Oracles.jira(wiki, benign().get("jira"));
        assertThat(wiki)
                .contains("\\{html\\}<b>x</b>\\{html\\} \\[x\\|javascript:alert(1)\\] \\{noformat\\}")
                .contains("{code:bash}\nsed -n '1,5p' 'x{ code}y{ noformat}'\n```\n[/code]\n{code}")
                .contains("&#92;")
                .doesNotContain("\u001b");
    }

    @Test
    void htmlNotesEscapeTagsAndServiceNowsCodeMarkupCannotBeClosed() throws Exception {
        Map<String, String> n = hostile();
        assertThat(Oracles.tags(n.get("html"))).containsExactlyElementsOf(Oracles.tags(benign().get("html")));
        assertThat(n.get("html"))
                .doesNotContain("<script", "<img", "[", "]")
                .contains(
                        "&lt;script&gt;alert(1)&lt;/script&gt;",
                        "&#91;x|javascript:alert(1)&#93;",
                        "&#91;/code&#93;</pre>");
        String sn = n.get("servicenow");
        assertThat(sn).startsWith("[code]").endsWith("[/code]");
        assertThat(sn.substring(6, sn.length() - 7)).doesNotContain("[", "]");
    }

    @Test
    void adfNoteIsTextNodesWithOnlyLockdocsMarks() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        JsonNode bad = json.readTree(hostile().get("adf"));
        JsonNode good = json.readTree(benign().get("adf"));
        assertThat(shape(bad)).isEqualTo(shape(good));
        // a command keeps its lines in the code block
        assertThat(bad.findValues("text").stream().map(JsonNode::asString))
                .contains("sed -n '1,5p' 'x{code}y{noformat}'\n```\n[/code]");
        assertThat(bad.findValues("text"))
                .allSatisfy(t -> assertThat(t.asString()).isNotEmpty().doesNotContain("\u001b", "\r", "\u202e"));
    }

    /** The tree with every text node's text blanked: its nodes, attributes and marks only. */
    private static String shape(JsonNode n) {
        return n.toString().replaceAll("\"text\":\"(?:[^\"\\\\]|\\\\.)*\"", "\"text\":\"\"");
    }

    @Test
    void redactionIsDoneOnTheValuesSoACommandKeepsItsQuoting() {
        io.lockdoc.kb.Article a = io.lockdoc.kb.ArticleLoader.packaged().stream()
                .filter(x -> x.id().equals("lock-order-inversion"))
                .findFirst()
                .orElseThrow();
        var f = HostileResults.finding(HostileResults.cycling(List.of("10.0.0.1.log")), Map.of());
        Redactor r = new Redactor(true);
        // redacting the command afterwards would give sed -n '3,5p' <ip>.log: a redirection
        assertThat(r.apply(io.lockdoc.kb.RemediationPlanner.plan(a, f)
                        .steps()
                        .get(0)
                        .command()))
                .isEqualTo("sed -n '3,5p' <ip>.log");
        assertThat(io.lockdoc.kb.RemediationPlanner.plan(a, f, r::apply)
                        .steps()
                        .get(0)
                        .command())
                .isEqualTo("sed -n '3,5p' '<ip>.log'");
    }
}
