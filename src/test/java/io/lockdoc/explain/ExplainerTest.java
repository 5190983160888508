package io.lockdoc.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.analysis.Analyzer;
import io.lockdoc.engine.Engine;
import io.lockdoc.ingest.Inputs;
import io.lockdoc.kb.Article;
import io.lockdoc.kb.ArticleLoader;
import io.lockdoc.rulebase.RuleBase;
import java.io.InputStream;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExplainerTest {
    private static final RuleBase RULES = RuleBase.packaged();
    private final Explainer explainer = new Explainer(RULES);

    private static AnalysisResult analyze(String fixture) throws Exception {
        return new Analyzer(new Engine(RULES), null)
                .analyze(Inputs.resolve(Fixtures.path(fixture).toString(), InputStream.nullInputStream()));
    }

    private static Optional<Article> article(String cause) {
        return ArticleLoader.packaged().stream()
                .filter(a -> cause.equals(a.cause()))
                .findFirst();
    }

    @Test
    void whyNamesTheRuleAndEveryMatchedFactWithItsEvidence() throws Exception {
        var why = explainer.why(analyze("linux/dmesg_lockdep-circular-seed-mymod.log"));

        assertThat(why).singleElement().satisfies(w -> {
            assertThat(w.rule()).isEqualTo("lock-order-inversion: lockdep cycle with both paths");
            assertThat(w.facts())
                    .extracting(Explanations.FactView::type)
                    .containsExactly("KernelReport", "LockCycle", "ModuleInvolvement");
            assertThat(w.facts().get(0).description())
                    .isEqualTo("WARNING: possible circular locking dependency detected (task insmod/2817)");
            assertThat(w.facts().get(1).description()).isEqualTo("cycle lock1 -> lock2 -> lock1");
            assertThat(w.facts().get(0).evidence().getFirstLine()).isEqualTo(2);
        });
    }

    @Test
    void whyNotOnAnOopsSaysWhatIsMissingAndHowToCollectIt() throws Exception {
        var w = explainer.whyNot(
                "lock-order-inversion", analyze("linux/dmesg_kasan-not-a-lock.log"), article("lock-order-inversion"));

        assertThat(w.verdict()).startsWith("not diagnosed: every rule for lock-order-inversion lacks a fact it needs");
        assertThat(w.rules()).hasSize(2).allSatisfy(r -> assertThat(r.allMet()).isFalse());
        assertThat(w.rules().get(0).needs().get(0).description()).isEqualTo("a kernel report of kind circular locking");
        assertThat(w.collect())
                .extracting(Explanations.Hint::command)
                .contains("sudo dmesg | grep -B2 -A120 'possible circular locking dependency'");
    }

    @Test
    void whyNotOnADiagnosedCauseSaysSo() throws Exception {
        var w = explainer.whyNot(
                "lock-order-inversion", analyze("linux/dmesg_lockdep-circular-seed-mymod.log"), Optional.empty());

        assertThat(w.verdict()).isEqualTo("lock-order-inversion was diagnosed; see its finding");
        assertThat(w.rules().get(0).allMet()).isTrue();
    }

    @Test
    void whyNotOnAnUnknownCauseIsAPlainAnswer() throws Exception {
        var w = explainer.whyNot("gremlins", analyze("linux/dmesg_kasan-not-a-lock.log"), Optional.empty());

        assertThat(w.verdict()).isEqualTo("'gremlins' is not a cause id lockdoc knows");
    }
}
