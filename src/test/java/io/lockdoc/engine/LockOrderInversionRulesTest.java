package io.lockdoc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.model.Cause;
import io.lockdoc.model.Completeness;
import io.lockdoc.model.Finding;
import io.lockdoc.model.Participant;
import io.lockdoc.parse.linux.KernelLogParser;
import io.lockdoc.rulebase.RuleBase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LockOrderInversionRulesTest {
    private static Engine engine;

    @BeforeAll
    static void rules() {
        engine = new Engine(RuleBase.packaged());
    }

    private static List<Finding> diagnose(String artifact, String text) {
        return engine.diagnose(
                Fixtures.parse(new KernelLogParser(), artifact, text).facts());
    }

    @Test
    void firesOnTheSeedWithBothPathsLocksAndTheModule() {
        List<Finding> findings = diagnose("dmesg", Fixtures.text("linux/dmesg_lockdep-circular-seed-mymod.log"));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.getCause()).isEqualTo(Cause.LOCK_ORDER_INVERSION);
            assertThat(f.getRule()).isEqualTo("lock-order-inversion: lockdep cycle with both paths");
            assertThat(f.getConfidence()).isEqualTo(0.95);
            assertThat(f.getCulprit().function()).isEqualTo("another_function");
            assertThat(f.getCulprit().module()).isEqualTo("mymod");
            assertThat(f.getCulprit().process()).isEqualTo("insmod/2817");
            assertThat(f.getBindings())
                    .containsEntry("lockA", "lock1")
                    .containsEntry("lockB", "lock2")
                    .containsEntry("functionNew", "another_function")
                    .containsEntry("functionExisting", "bad_function")
                    .containsEntry("module", "mymod")
                    .containsEntry("chain", "lock1 -> lock2 -> lock1");
            assertThat(f.getParticipants())
                    .filteredOn(p -> p.kind() == Participant.Kind.PATH)
                    .extracting(Participant::name, Participant::detail)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    "bad_function",
                                    "takes lock2 while holding lock1 in bad_function (recorded earlier)"),
                            org.assertj.core.groups.Tuple.tuple(
                                    "another_function",
                                    "takes lock1 while holding lock2 in another_function (task insmod/2817, now)"));
            assertThat(f.getParticipants())
                    .filteredOn(p -> p.kind() == Participant.Kind.MODULE)
                    .extracting(Participant::detail)
                    .containsExactly("out-of-tree module on the lock path (kernel tainted O)");
            assertThat(f.getMatchedFacts()).containsExactly("dmesg#1", "dmesg#1/cycle", "dmesg#1/module/mymod");
            assertThat(f.getEvidence().get(0).getFirstLine()).isEqualTo(2);
            assertThat(f.getEvidence().get(0).getLastLine()).isEqualTo(82);
        });
    }

    @Test
    void aTruncatedReportStillFiresWithLowerConfidence() {
        List<Finding> findings = diagnose("cut", Fixtures.text("linux/dmesg_lockdep-circular-truncated.log"));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.getCause()).isEqualTo(Cause.LOCK_ORDER_INVERSION);
            assertThat(f.getRule()).isEqualTo("lock-order-inversion: lockdep report cut before its chain");
            assertThat(f.getConfidence()).isEqualTo(0.7);
            assertThat(f.getCompleteness()).isEqualTo(Completeness.TRUNCATED);
            assertThat(f.getCulprit().function()).isEqualTo("another_function");
        });
    }

    @Test
    void nearMissAnOopsThatMentionsLocksIsNotALockOrderInversion() {
        assertThat(diagnose("kasan", Fixtures.text("linux/dmesg_kasan-not-a-lock.log")))
                .isEmpty();
    }

    @Test
    void nearMissARecursiveLockingReportIsNotALockOrderInversion() {
        String text =
                """
                ============================================
                WARNING: possible recursive locking detected
                6.1.0 #1 Not tainted
                --------------------------------------------
                syz/1 is trying to acquire lock:
                ffff8880 (rtnl_mutex){+.+.}-{3:3}, at: rtnl_lock+0x17/0x20
                but task is already holding lock:
                ffff8880 (rtnl_mutex){+.+.}-{3:3}, at: rtnl_lock+0x17/0x20
                """;

        assertThat(diagnose("rec", text)).extracting(Finding::getCause).doesNotContain(Cause.LOCK_ORDER_INVERSION);
    }

    @Test
    void theSameDeadlockOnAnotherHostHasTheSameSignatureAndADifferentOneDoesNot() {
        String seed = Fixtures.text("linux/dmesg_lockdep-circular-seed-mymod.log");
        String otherHost = seed.replace("2817", "9131")
                .replace("ffffffffc0a02", "ffffffffc0b17")
                .replace("112.", "907.");
        String otherDeadlock = seed.replace("lock1", "lock9");

        Finding a = diagnose("a", seed).get(0);
        Finding b = diagnose("b", otherHost).get(0);
        Finding c = diagnose("c", otherDeadlock).get(0);

        assertThat(a.getSignature()).isEqualTo(b.getSignature()).startsWith("v1:lock-order-inversion:");
        assertThat(c.getSignature()).isNotEqualTo(a.getSignature());
    }
}
