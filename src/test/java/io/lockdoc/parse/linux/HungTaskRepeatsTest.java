package io.lockdoc.parse.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.analysis.Analyzer;
import io.lockdoc.engine.Engine;
import io.lockdoc.ingest.Inputs;
import io.lockdoc.model.KernelReport;
import io.lockdoc.rulebase.RuleBase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HungTaskRepeatsTest {
    /** The same task reported {@code n} times, every 120 s from {@code t0}, with the same stack. */
    private static String repeats(int n, String function, double t0) {
        StringBuilder sb = new StringBuilder(n * 700);
        for (int i = 0; i < n; i++) {
            String ts = String.format("[%12.6f] ", t0 + i * 120.0);
            sb.append(ts).append("INFO: task kworker/0:1:300 blocked for more than 122 seconds.\n");
            sb.append(ts).append("task:kworker/0:1     state:D stack:0     pid:300   ppid:2      flags:0x00004000\n");
            for (String frame : List.of(
                    "Call Trace:",
                    " <TASK>",
                    " __schedule+0x2e4/0x9a0",
                    " schedule+0x5b/0xd0",
                    " __mutex_lock.constprop.0+0x3a1/0x6b0",
                    " " + function + "+0x2a/0x80 [benchmod]",
                    " </TASK>")) {
                sb.append(ts).append(frame).append('\n');
            }
        }
        return sb.toString();
    }

    @Test
    void fiftyThousandReportsOfOneTaskAreTheFirstAndTheLatestWithACount() {
        Fixtures.Parsed p = Fixtures.parse(new KernelLogParser(), "kern.log", repeats(50_000, "benchmod_flush", 1));

        assertThat(p.of(KernelReport.class))
                .extracting(KernelReport::getOrdinal, r -> r.attribute(KernelReport.FOLDED))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, null),
                        org.assertj.core.groups.Tuple.tuple(50_000, "49998"));
    }

    @Test
    void theFindingCountsEveryReportAndTheirWholeDuration() {
        AnalysisResult r = new Analyzer(new Engine(RuleBase.packaged()), null)
                .analyze(List.of(Inputs.bytes(
                        "kern.log",
                        (repeats(5, "benchmod_flush", 1) + repeats(2, "benchmod_sync", 601))
                                .getBytes(StandardCharsets.UTF_8))));

        // the second stack is another report of the same task: it is not folded into the first
        assertThat(r.findings())
                .extracting(d -> d.finding().getSummary())
                .containsExactly("Hung task (uninterruptible sleep): kworker/0:1/300 blocked for more than 122 s"
                        + " (7 reports, blocked for at least 842 s), waiting in benchmod_flush [benchmod]");
    }
}
