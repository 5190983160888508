package io.lockdoc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.kb.Article;
import io.lockdoc.kb.ArticleLoader;
import io.lockdoc.kb.RemediationPlanner;
import io.lockdoc.model.Cause;
import io.lockdoc.model.Problem;
import io.lockdoc.rulebase.RuleBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Rules, causes and knowledge base must agree: no cause without an article, no rule without a cause. */
class ConsistencyTest {
    private static final RuleBase RULES = RuleBase.packaged();
    private static final List<Article> ARTICLES = ArticleLoader.packaged();

    private static Set<String> causesWithRules() {
        return RULES.rulesWithCause().values().stream()
                .filter(c -> !c.isEmpty())
                .collect(Collectors.toSet());
    }

    @Test
    void everyRulesCauseIsAKnownCauseId() {
        Set<String> known = Arrays.stream(Cause.values()).map(Cause::id).collect(Collectors.toSet());

        assertThat(known).containsAll(causesWithRules());
    }

    @Test
    void everyDecideRuleNamesItsCauseAndEveryDeriveRuleNone() {
        RULES.rulesWithCause().forEach((rule, cause) -> {
            if (rule.startsWith("derive: ") || rule.startsWith("score: ")) {
                assertThat(cause).as(rule).isEmpty();
            } else {
                assertThat(cause).as("@cause of rule '" + rule + "'").isNotEmpty();
            }
        });
    }

    @Test
    void everyDecideRuleSaysWhatFactsItNeedsAndThoseTypesExist() {
        for (RuleBase.RuleInfo r : RULES.rules()) {
            if (r.cause().isEmpty()) {
                continue;
            }
            assertThat(r.needs()).as("@needs of rule '" + r.name() + "'").isNotEmpty();
            for (String need : r.needs()) {
                String type = need.split(":", 2)[0];
                assertThat(classExists("io.lockdoc.model." + type)
                                || classExists("io.lockdoc.model.windows." + type)
                                || classExists("io.lockdoc.model.userspace." + type))
                        .as(need + " in rule '" + r.name() + "'")
                        .isTrue();
            }
        }
    }

    @Test
    void everyCauseArticleSaysHowToCollectWhatConfirmsIt() {
        ARTICLES.stream()
                .filter(a -> a.cause() != null)
                .forEach(a -> assertThat(a.collect()).as(a.id()).isNotEmpty());
    }

    private static boolean classExists(String name) {
        try {
            Class.forName(name);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Test
    void everyDiagnosedCauseHasAnArticle() {
        Set<String> withArticle =
                ARTICLES.stream().map(Article::cause).filter(c -> c != null).collect(Collectors.toSet());

        assertThat(withArticle).containsAll(causesWithRules());
    }

    @Test
    void everyArticleCauseIsAKnownCauseAndEveryErrorIdHasAnArticle() {
        Set<String> known = Arrays.stream(Cause.values()).map(Cause::id).collect(Collectors.toSet());
        ARTICLES.stream().map(Article::cause).filter(c -> c != null).forEach(c -> assertThat(known)
                .contains(c));
        Set<String> ids = ARTICLES.stream().map(Article::id).collect(Collectors.toSet());

        assertThat(ids).contains(Problem.ErrorId.TRUNCATED_REPORT.code());
    }

    /** Every placeholder an article needs without a fallback is bound by the code that builds that cause's findings. */
    @Test
    void everyRequiredPlaceholderIsBound() throws Exception {
        Set<String> universal = Set.of("artifact", "firstLine", "lastLine", "cause", "culprit");
        Set<String> bound = new HashSet<>(universal);
        Pattern bind = Pattern.compile("\\.bind\\(\"([a-zA-Z]+)\"");
        try (Stream<Path> src = Files.walk(Path.of("src/main/java/io/lockdoc/engine"))) {
            for (Path p : src.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = bind.matcher(Files.readString(p));
                while (m.find()) {
                    bound.add(m.group(1));
                }
            }
        }
        for (Article a : ARTICLES) {
            Set<String> required = new HashSet<>();
            for (String t : List.of(a.title(), a.symptom(), a.reason(), a.solution())) {
                required.addAll(RemediationPlanner.requiredPlaceholders(t));
            }
            for (Article.Step s : a.steps()) {
                // a step's when: guarantees what it names is bound wherever the step applies
                required.addAll(RemediationPlanner.requiredPlaceholders(s));
            }
            assertThat(bound).as("placeholders of " + a.id()).containsAll(required);
        }
    }
}
