package io.lockdoc.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.explain.Explanations;
import io.lockdoc.kb.Article;
import io.lockdoc.kb.ArticleLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reports made from hostile file names, log lines and lock names: escaped for each format. */
class HostileRenderingTest {
    static final List<String> HOSTILE = HostileResults.HOSTILE;

    static final Article ARTICLE = ArticleLoader.packaged().stream()
            .filter(a -> a.id().equals("lock-order-inversion"))
            .findFirst()
            .orElseThrow();

    private static AnalysisResult hostile() {
        return HostileResults.result(HostileResults.cycling(HOSTILE), ARTICLE);
    }

    private static AnalysisResult benign() {
        return HostileResults.result(HostileResults.benign(), ARTICLE);
    }

    private static Explanations hostileWhy() {
        return HostileResults.explanations(HostileResults.cycling(HOSTILE));
    }

    @Test
    void theTextReportShowsControlCharactersAndCannotBeGivenALine() {
        for (boolean colour : List.of(false, true)) {
            String out = HostileResults.render(new TextRenderer(colour), hostile(), hostileWhy());
            String benign = HostileResults.render(
                    new TextRenderer(colour), benign(), HostileResults.explanations(HostileResults.benign()));
            Oracles.terminal(out, benign);
            assertThat(out)
                    .contains("e^[]0;pwned\\x07^[[2J^[[31mred")
                    .contains("a\\r\\nread    evil.log as kernel-log (by name): 99 fact(s)")
                    .contains("a\\u202eb\\u2028c\\u0085d")
                    .doesNotContain("\nread    evil.log");
        }
    }

    @Test
    void theMarkdownReportHasNoLiveHtmlLinkOrImage() {
        String md = HostileResults.render(new MarkdownRenderer(), hostile(), hostileWhy());
        String benign = HostileResults.render(
                new MarkdownRenderer(), benign(), HostileResults.explanations(HostileResults.benign()));
        Oracles.markdown(md, benign);
        // outside code spans and fenced blocks (where nothing is markup, and a fence cannot be closed)
        assertThat(Oracles.liveMarkdown(md))
                .doesNotContain("<script", "<img", "](javascript:", "](http")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("\\[x\\|javascript:alert(1)\\]")
                .contains("!\\[img\\]\\(http://evil/x.png)");
    }

    @Test
    void theHtmlReportHasOnlyItsOwnTags() throws Exception {
        String html = HostileResults.render(new HtmlRenderer(), hostile(), hostileWhy());
        String benign = HostileResults.render(
                new HtmlRenderer(), benign(), HostileResults.explanations(HostileResults.benign()));
        Oracles.html(html, benign);
        assertThat(html).contains("&lt;img src=x onerror=alert(1)&gt;").contains("e^[]0;pwned\\x07");
    }

    @Test
    void everyCommandOfEveryPlanIsTheAuthorsWithTheValuesQuoted() {
        for (Article a : ArticleLoader.packaged()) {
            for (int shift = 0; shift < HOSTILE.size(); shift += 3) {
                java.util.Map<String, String> bindings = new java.util.LinkedHashMap<>();
                int i = shift;
                for (String name : HostileResults.placeholders(a)) {
                    bindings.put(name, HOSTILE.get(i++ % HOSTILE.size()));
                }
                Oracles.commands(a, bindings);
            }
        }
        // the report's case: a kernel log named dmesg;touch x;.log
        var f = HostileResults.finding(HostileResults.cycling(List.of("dmesg;touch x;.log")), java.util.Map.of());
        assertThat(io.lockdoc.kb.RemediationPlanner.plan(ARTICLE, f)
                        .steps()
                        .get(0)
                        .command())
                .isEqualTo("sed -n '3,5p' 'dmesg;touch x;.log'");
    }
}
