package io.lockdoc.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.kb.Article;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a finding names an out-of-tree (taint O) module, the remediation plan's steps name it too. */
class OutOfTreeModulePlanTest {

    private static List<String> commands(String fixture) throws Exception {
        AnalysisResult result = ReportFixtures.analyze(fixture);
        assertThat(result.findings()).isNotEmpty();
        return result.findings().get(0).plan().steps().stream()
                .map(Article.Step::command)
                .toList();
    }

    @Test
    void theOutOfTreeModuleOnTheStuckPathIsNamedInThePlan() throws Exception {
        assertThat(commands("linux/culprits/dmesg_soft-lockup-tasklet.log"))
                .anySatisfy(c -> assertThat(c).startsWith("modinfo demo_wlan "));
    }

    @Test
    void withoutAnOutOfTreeModuleThePlanHasNoModuleStep() throws Exception {
        // near-miss: the kernel is not tainted O and no module frame is on the path: the step's precondition is absent
        assertThat(commands("linux/culprits/dmesg_rcu-stall-softirq-nested.log"))
                .isNotEmpty()
                .noneSatisfy(c -> assertThat(c).contains("modinfo"));
    }
}
