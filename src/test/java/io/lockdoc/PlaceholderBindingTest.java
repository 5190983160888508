package io.lockdoc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.analysis.Analyzer;
import io.lockdoc.engine.Engine;
import io.lockdoc.ingest.Inputs;
import io.lockdoc.kb.Article;
import io.lockdoc.kb.ArticleLoader;
import io.lockdoc.kb.KnowledgeBase;
import io.lockdoc.kb.RemediationPlanner;
import io.lockdoc.model.Finding;
import io.lockdoc.rulebase.RuleBase;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per cause: every placeholder the chosen article needs without a fallback is bound by the finding
 * the rules produced, for every finding any fixture gives.
 */
class PlaceholderBindingTest {
    private static Analyzer analyzer;
    private static KnowledgeBase kb;

    @BeforeAll
    static void open() throws Exception {
        kb = KnowledgeBase.open("jdbc:h2:mem:placeholders;DB_CLOSE_DELAY=-1", ArticleLoader.packaged());
        analyzer = new Analyzer(new Engine(RuleBase.packaged()), kb);
    }

    private static Set<String> required(Article a) {
        Set<String> out = new HashSet<>();
        for (String t : List.of(a.title(), a.symptom(), a.reason(), a.solution())) {
            out.addAll(RemediationPlanner.requiredPlaceholders(t));
        }
        for (Article.Step s : a.steps()) {
            // a step's when: guarantees what it names is bound wherever the step applies
            out.addAll(RemediationPlanner.requiredPlaceholders(s));
        }
        return out;
    }

    @Test
    void everyFixtureFindingBindsWhatItsArticleRequires() throws Exception {
        List<Path> inputs = new ArrayList<>();
        try (Stream<Path> s = Files.list(Fixtures.path("linux"))) {
            inputs.addAll(s.toList());
        }
        for (String dir : List.of("linux/kinds", "windows", "userspace", "python")) {
            try (Stream<Path> s = Files.list(Fixtures.path(dir))) {
                inputs.addAll(s.toList());
            }
        }
        int checked = 0;
        for (Path p : inputs) {
            var result = analyzer.analyze(Inputs.resolve(p.toString(), InputStream.nullInputStream()));
            for (var d : result.findings()) {
                Finding f = d.finding();
                Article a =
                        kb.forCause(f.getCause().id(), f.getPlatform().name()).orElseThrow();
                assertThat(RemediationPlanner.values(f).keySet())
                        .as("placeholders of " + a.id() + " for " + f.getRule() + " on " + p.getFileName())
                        .containsAll(required(a));
                checked++;
            }
        }
        assertThat(checked).as("findings checked").isGreaterThan(40);
    }
}
