package io.lockdoc.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.engine.Engine;
import io.lockdoc.ingest.Inputs;
import io.lockdoc.model.Problem;
import io.lockdoc.rulebase.RuleBase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemCapTest {

    @Test
    void aFileOfBadLinesGivesAtMostTheCapAndOneCountingLine() {
        StringBuilder fdLinks = new StringBuilder("0 -> /dev/null\n");
        for (int i = 0; i < 5000; i++) {
            fdLinks.append("not a link ").append(i).append('\n');
        }
        AnalysisResult r = new Analyzer(new Engine(RuleBase.packaged()), null)
                .analyze(List.of(
                        Inputs.bytes("proc/42/fd.txt", fdLinks.toString().getBytes(StandardCharsets.UTF_8))));

        assertThat(r.problems()).hasSize(Analyzer.MAX_PROBLEMS_PER_ARTIFACT + 1);
        assertThat(r.problems().get(Analyzer.MAX_PROBLEMS_PER_ARTIFACT)).satisfies(p -> {
            assertThat(p.id()).isEqualTo(Problem.ErrorId.LIMIT_EXCEEDED);
            assertThat(p.message())
                    .isEqualTo("4000 more problem(s) in this input were not listed (the first 1000 are)");
        });
    }
}
