package io.lockdoc.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.engine.Engine;
import io.lockdoc.ingest.Inputs;
import io.lockdoc.model.Problem;
import io.lockdoc.rulebase.RuleBase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A file that makes the rules fire without end must not hide the findings of another, or its own strongest. */
class RuleBudgetTest {
    private static final String LOCKDEP = Fixtures.text("linux/dmesg_lockdep-circular-seed-mymod.log");
    private static Analyzer analyzer;

    @BeforeAll
    static void setUp() {
        analyzer = new Analyzer(new Engine(RuleBase.packaged()), null);
    }

    /** {@code n} hung-task reports of different tasks with the same stack. */
    static String hungTasks(int n) {
        StringBuilder sb = new StringBuilder(n * 700);
        for (int i = 0; i < n; i++) {
            String ts = String.format("[%12.6f] ", 1 + i * 0.001);
            int pid = 300 + i;
            sb.append(ts)
                    .append("INFO: task kworker/0:1:")
                    .append(pid)
                    .append(" blocked for more than 122 seconds.\n")
                    .append(ts)
                    .append("task:kworker/0:1     state:D stack:0     pid:")
                    .append(pid)
                    .append("   ppid:2      flags:0x00004000\n");
            for (String frame : List.of(
                    "Call Trace:",
                    " <TASK>",
                    " __schedule+0x2e4/0x9a0",
                    " schedule+0x5b/0xd0",
                    " __mutex_lock.constprop.0+0x3a1/0x6b0",
                    " benchmod_flush+0x2a/0x80 [benchmod]",
                    " process_one_work+0x1e2/0x3b0",
                    " </TASK>")) {
                sb.append(ts).append(frame).append('\n');
            }
        }
        return sb.toString();
    }

    private static Inputs.Entry file(String name, String text) {
        return Inputs.bytes(name, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fiftyThousandHungTasksHideNeitherALockdepReportInAnotherFileNorOneAfterThemInTheirOwn() {
        AnalysisResult r =
                analyzer.analyze(List.of(file("dmesg.txt", LOCKDEP), file("kern.log", hungTasks(50_000) + LOCKDEP)));

        assertThat(r.findings())
                .filteredOn(d -> d.finding().getCause().id().equals("lock-order-inversion"))
                .extracting(d -> d.finding().getArtifact())
                .containsExactly("dmesg.txt", "kern.log");
        assertThat(r.findings())
                .filteredOn(d -> d.finding().getCause().id().equals("hung-task"))
                .hasSize(1000);
        assertThat(r.problems())
                .filteredOn(p -> p.id() == Problem.ErrorId.LIMIT_EXCEEDED)
                .extracting(Problem::describe)
                .contains("kern.log: rule 'hung-task: blocked task' matched 49000 more time(s) than the 1000 it may"
                        + " fire per input; those matches were not diagnosed [LD-E007]");
        assertThat(r.problems()).extracting(Problem::artifact).containsOnly("kern.log");
    }

    /** {@code n} hung tasks, each blocked on a mutex the next one holds (6.15+ blocker lines). */
    static String blockerChain(int n) {
        StringBuilder sb = new StringBuilder(n * 600);
        for (int i = 0; i < n; i++) {
            String ts = String.format("[%12.6f] ", 100 + i * 0.001);
            int pid = 1000 + i;
            sb.append(ts).append("INFO: task demo-").append(i).append(':').append(pid);
            sb.append(" blocked for more than 120 seconds.\n");
            sb.append(ts)
                    .append("task:demo-")
                    .append(i)
                    .append("          state:D stack:0     pid:")
                    .append(pid);
            sb.append("   tgid:").append(pid).append("   ppid:1      flags:0x00004000\n");
            for (String frame : List.of(
                    "Call Trace:",
                    " <TASK>",
                    " __schedule+0x3cc/0xf50",
                    " schedule+0x23/0xa0",
                    " __mutex_lock.constprop.0+0x511/0xa20",
                    " demo_store_commit+0x2a/0x90",
                    " </TASK>")) {
                sb.append(ts).append(frame).append('\n');
            }
            sb.append(ts).append("INFO: task demo-").append(i).append(':').append(pid);
            sb.append(" is blocked on a mutex likely owned by task demo-")
                    .append(i + 1)
                    .append(':');
            sb.append(pid + 1).append(".\n");
        }
        return sb.toString();
    }

    @Test
    void twentyThousandChainedHungTasksGiveAThousandFindingsAndCountTheRest() {
        // each finding spells its chain (up to 64 hops): 20 000 of them were 1.3 GB
        AnalysisResult r = analyzer.analyze(List.of(file("kern.log", blockerChain(20_000))));

        assertThat(r.findings()).hasSize(1000).allSatisfy(d -> assertThat(
                        d.finding().getRule())
                .isEqualTo("hung-task: blocked task with a wait chain"));
        assertThat(r.problems())
                .extracting(Problem::describe)
                .contains("kern.log: rule 'hung-task: blocked task with a wait chain' matched 19000 more time(s)"
                        + " than the 1000 it may fire per input; those matches were not diagnosed [LD-E007]");
    }
}
