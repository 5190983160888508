package io.lockdoc.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.explain.Explanations;
import io.lockdoc.kb.Article;
import io.lockdoc.kb.ArticleLoader;
import io.lockdoc.kb.RemediationPlanner;
import io.lockdoc.report.HostileResults;
import io.lockdoc.report.HtmlRenderer;
import io.lockdoc.report.MarkdownRenderer;
import io.lockdoc.report.Oracles;
import io.lockdoc.report.TextRenderer;
import io.lockdoc.ticket.NoteFixtures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzz targets (Jazzer) for the output side: a finding, a report and a ticket note
 * built from fuzzer-chosen strings (file names, log lines, lock, task and module names, the bindings
 * of a kb article's plan) are rendered, and an oracle checks each format against the same output
 * made from plain words: no control character on a terminal but line ends, tabs and lockdoc's own
 * colours, and no extra line; no live HTML, link or image in Markdown and only lockdoc's emphasis;
 * only lockdoc's tags in HTML; only lockdoc's markup in Jira wiki; every plan command with the
 * structure its author wrote, each value quoted whole in its word. Without {@code JAZZER_FUZZ} each
 * target runs over its seeds in {@code src/test/resources/io/lockdoc/fuzz/RenderFuzzTestInputs/<target>/};
 * {@code .ci/fuzz} fuzzes them.
 */
class RenderFuzzTest {
    private static final List<Article> ARTICLES = ArticleLoader.packaged();

    private static HostileResults.Strings strings(FuzzedDataProvider data) {
        return () -> data.consumeString(48);
    }

    private static Article article(FuzzedDataProvider data) {
        return ARTICLES.get(data.consumeInt(0, ARTICLES.size() - 1));
    }

    private static AnalysisResult benign(Article a) {
        return HostileResults.result(HostileResults.benign(), a);
    }

    private static Explanations benignWhy() {
        return HostileResults.explanations(HostileResults.benign());
    }

    @FuzzTest(maxDuration = "5s")
    void textReport(FuzzedDataProvider data) {
        Article a = article(data);
        boolean colour = data.consumeBoolean();
        AnalysisResult r = HostileResults.result(strings(data), a);
        Explanations e = HostileResults.explanations(strings(data));
        Oracles.terminal(
                HostileResults.render(new TextRenderer(colour), r, e),
                HostileResults.render(new TextRenderer(colour), benign(a), benignWhy()));
    }

    @FuzzTest(maxDuration = "5s")
    void markdownReport(FuzzedDataProvider data) {
        Article a = article(data);
        AnalysisResult r = HostileResults.result(strings(data), a);
        Explanations e = HostileResults.explanations(strings(data));
        Oracles.markdown(
                HostileResults.render(new MarkdownRenderer(), r, e),
                HostileResults.render(new MarkdownRenderer(), benign(a), benignWhy()));
    }

    @FuzzTest(maxDuration = "5s")
    void htmlReport(FuzzedDataProvider data) throws Exception {
        Article a = article(data);
        AnalysisResult r = HostileResults.result(strings(data), a);
        Explanations e = HostileResults.explanations(strings(data));
        Oracles.html(
                HostileResults.render(new HtmlRenderer(), r, e),
                HostileResults.render(new HtmlRenderer(), benign(a), benignWhy()));
    }

    /** The notes of every ticket system, with the first command of a plan made from the same strings. */
    @FuzzTest(maxDuration = "5s")
    void ticketNotes(FuzzedDataProvider data) throws Exception {
        Article a = article(data);
        HostileResults.Strings s = strings(data);
        String command = RemediationPlanner.plan(a, HostileResults.finding(s, a))
                .steps()
                .get(0)
                .command();
        String benignCommand = RemediationPlanner.plan(a, HostileResults.finding(HostileResults.benign(), a))
                .steps()
                .get(0)
                .command();
        Map<String, String> bad = NoteFixtures.notes(s, command);
        Map<String, String> good = NoteFixtures.notes(HostileResults.benign(), benignCommand);
        Oracles.markdown(bad.get("markdown"), good.get("markdown"));
        Oracles.jira(bad.get("jira"), good.get("jira"));
        assertThat(Oracles.tags(bad.get("html"))).containsExactlyElementsOf(Oracles.tags(good.get("html")));
        String sn = bad.get("servicenow");
        assertThat(sn.substring("[code]".length(), sn.length() - "[/code]".length()))
                .doesNotContain("[", "]");
        assertThat(bad.get("adf").replaceAll("\"text\":\"(?:[^\"\\\\]|\\\\.)*\"", ""))
                .isEqualTo(good.get("adf").replaceAll("\"text\":\"(?:[^\"\\\\]|\\\\.)*\"", ""));
    }

    /** Every command and rollback of an article's plan, with a fuzzer-chosen value for every placeholder. */
    @FuzzTest(maxDuration = "5s")
    void planCommands(FuzzedDataProvider data) {
        Article a = article(data);
        Map<String, String> bindings = new LinkedHashMap<>();
        for (String name : HostileResults.placeholders(a)) {
            bindings.put(name, data.consumeString(48));
        }
        Oracles.commands(a, bindings);
    }
}
