package io.lockdoc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.model.Adjustment;
import io.lockdoc.model.Cause;
import io.lockdoc.model.Finding;
import io.lockdoc.parse.linux.KernelLogParser;
import io.lockdoc.rulebase.RuleBase;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoringRulesTest {
    private static final Engine ENGINE = new Engine(RuleBase.packaged());

    private static String hungIn(String function) {
        return """
                [  240.100000] INFO: task worker:3001 blocked for more than 120 seconds.
                [  240.100001]       Tainted: G           O       6.8.0-lockdoc #1
                [  240.100002] "echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.
                [  240.100003] task:worker          state:D stack:0     pid:3001  ppid:2     flags:0x00004000
                [  240.100004] Call Trace:
                [  240.100005]  <TASK>
                [  240.100006]  __schedule+0x3c1/0x1050
                [  240.100007]  schedule+0x2f/0xb0
                [  240.100008]  schedule_preempt_disabled+0x15/0x30
                [  240.100009]  __mutex_lock+0x4f3/0x920
                [  240.100010]  %s+0x2c/0x60 [mymod]
                [  240.100011]  process_one_work+0x1e2/0x3e0
                [  240.100012]  </TASK>
                """
                .formatted(function);
    }

    private static Finding lockOrder(String log) {
        List<Finding> findings = ENGINE.diagnose(
                Fixtures.parse(new KernelLogParser(), "dmesg", log).facts());
        return findings.stream()
                .filter(f -> f.getCause() == Cause.LOCK_ORDER_INVERSION)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aHungTaskInTheCulpritCorroboratesTheLockOrderInversion() {
        Finding f =
                lockOrder(Fixtures.text("linux/dmesg_lockdep-circular-seed-mymod.log") + hungIn("another_function"));

        assertThat(f.getConfidence()).isEqualTo(0.99);
        assertThat(f.getReasons()).singleElement().satisfies(r -> {
            assertThat(r.direction()).isEqualTo(Adjustment.Direction.FOR);
            assertThat(r.delta()).isEqualTo(0.04);
            assertThat(r.text()).isEqualTo("task worker hung in another_function, a function on the inverted path");
            assertThat(r.evidence().getFirstLine()).isEqualTo(84);
            assertThat(r.rule()).isEqualTo("score: a hung task is stuck in the lock-order culprit");
        });
    }

    @Test
    void nearMissAHungTaskElsewhereChangesNothing() {
        Finding f =
                lockOrder(Fixtures.text("linux/dmesg_lockdep-circular-seed-mymod.log") + hungIn("unrelated_function"));

        assertThat(f.getConfidence()).isEqualTo(0.95);
        assertThat(f.getReasons()).isEmpty();
    }

    @Test
    void scoresStayWithinFloorAndCeiling() {
        Finding base = ENGINE.diagnose(Fixtures.parse(
                                new KernelLogParser(),
                                "d",
                                Fixtures.text("linux/dmesg_lockdep-circular-seed-mymod.log"))
                        .facts())
                .get(0);
        var up = new Adjustment(
                base, Adjustment.Direction.FOR, 0.5, "x", base.getEvidence().get(0), "r");
        var down = new Adjustment(
                base, Adjustment.Direction.AGAINST, 5, "y", base.getEvidence().get(0), "r");

        assertThat(Scoring.apply(List.of(base), List.of(up)).get(0).getConfidence())
                .isEqualTo(Scoring.CEILING);
        assertThat(Scoring.apply(List.of(base), List.of(down)).get(0).getConfidence())
                .isEqualTo(Scoring.FLOOR);
    }
}
