package io.lockdoc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.model.Culprit;
import io.lockdoc.model.Finding;
import io.lockdoc.parse.Parser;
import io.lockdoc.parse.linux.detectors.BccDeadlockParser;
import io.lockdoc.parse.linux.detectors.DrdParser;
import io.lockdoc.parse.linux.detectors.HelgrindParser;
import io.lockdoc.parse.linux.detectors.TsanParser;
import io.lockdoc.rulebase.RuleBase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Detector reports are what the program did under the detector: a potential deadlock, not threads blocked now. */
class LockDetectorRulesTest {
    private static Engine engine;

    @BeforeAll
    static void rules() {
        engine = new Engine(RuleBase.packaged());
    }

    private static List<Finding> diagnose(Parser parser, String fixture) {
        return engine.diagnose(Fixtures.parse(parser, fixture, Fixtures.text("detectors/" + fixture))
                .facts());
    }

    @Test
    void tsanCycleIsAPotentialLockOrderInversionBlamingTheEdgeThatClosesIt() {
        List<Finding> fs = diagnose(new TsanParser(), "tsan_lock-order-inversion-abba.txt");

        assertThat(fs).hasSize(1);
        Finding f = fs.get(0);
        assertThat(f.getCause().id()).isEqualTo("userspace-lock-order-inversion");
        assertThat(f.getRule()).isEqualTo("userspace-lock-order-inversion: a detector's cycle in the lock-order graph");
        assertThat(f.getConfidence()).isEqualTo(0.7);
        assertThat(f.getCulprit()).isEqualTo(new Culprit("refund", null, null, "abba.c:19"));
        assertThat(f.getSummary())
                .isEqualTo("Potential deadlock (lock-order inversion) found by ThreadSanitizer: M0 (0x55e929e570a0) and"
                        + " M1 (0x55e929e570e0) are taken in opposite orders (transfer at abba.c:11); refund at abba.c:19"
                        + " closes the cycle; the report itself shows no blocked thread");
        assertThat(f.getBindings())
                .containsEntry("functionNew", "refund")
                .containsEntry("culpritLocation", "abba.c:19")
                .containsEntry("functionExisting", "transfer")
                .containsEntry("locationExisting", "abba.c:11")
                .containsEntry("toolOption", "tsan")
                .containsEntry("program", "abba-tsan");
        assertThat(f.getGraph().edges()).hasSize(4);
    }

    @Test
    void helgrindAndTsanOnTheSameProgramShareTheSignature() {
        Finding h =
                diagnose(new HelgrindParser(), "helgrind_lock-order-abba.txt").get(0);
        Finding t =
                diagnose(new TsanParser(), "tsan_lock-order-inversion-abba.txt").get(0);

        assertThat(h.getCause().id()).isEqualTo("userspace-lock-order-inversion");
        assertThat(h.getCulprit()).isEqualTo(new Culprit("refund", null, null, "abba.c:19"));
        assertThat(h.getBindings()).containsEntry("chain", "account_a -> account_b -> account_a");
        assertThat(h.getSignature()).isEqualTo(t.getSignature());
    }

    @Test
    void bccHasNoFileLineAndScoresLower() {
        Finding f = diagnose(new BccDeadlockParser(), "bcc-deadlock_two-mutex-cycle.txt")
                .get(0);

        assertThat(f.getConfidence()).isEqualTo(0.65);
        assertThat(f.getCulprit()).isEqualTo(new Culprit("refund", null, null, null));
        assertThat(f.getSummary())
                .startsWith("Potential deadlock (lock-order inversion) found by bcc deadlock: account_a and account_b");
    }

    @Test
    void reLockIsRecursiveLockingWithBothSites() {
        Finding f = diagnose(new HelgrindParser(), "helgrind_relock.txt").get(0);

        assertThat(f.getCause().id()).isEqualTo("userspace-recursive-locking");
        assertThat(f.getConfidence()).isEqualTo(0.9);
        assertThat(f.getCulprit()).isEqualTo(new Culprit("flush", null, null, "relock.c:10"));
        assertThat(f.getSummary())
                .isEqualTo("Recursive locking found by Helgrind: relock.c:16 is locked again in flush at relock.c:10"
                        + " while it is still held (taken before in update at relock.c:16)");
        assertThat(f.getBindings()).doesNotContainKey("lockSymbol");
    }

    @Test
    void tsanDoubleLockIsLessSureThanASameThreadReLock() {
        Finding f = diagnose(new TsanParser(), "tsan_double-lock.txt").get(0);

        assertThat(f.getCause().id()).isEqualTo("userspace-recursive-locking");
        assertThat(f.getConfidence()).isEqualTo(0.75);
        assertThat(f.getCulprit()).isEqualTo(new Culprit("writer", null, null, "doublelock.c:10"));
        assertThat(f.getBindings()).containsEntry("lockSymbol", "journal_lock");
    }

    @Test
    void unlockOfAnUnlockedMutexFromEachTool() {
        for (Finding f : List.of(
                diagnose(new TsanParser(), "tsan_unlock-unlocked.txt").get(0),
                diagnose(new HelgrindParser(), "helgrind_unlock-not-locked.txt").get(0),
                diagnose(new DrdParser(), "drd_unlock-not-locked.txt").get(0))) {
            assertThat(f.getCause().id()).isEqualTo("userspace-unlock-unlocked");
            assertThat(f.getConfidence()).isEqualTo(0.85);
            assertThat(f.getCulprit()).isEqualTo(new Culprit("release", null, null, "badunlock.c:10"));
        }
        Finding drd = diagnose(new DrdParser(), "drd_unlock-not-locked.txt").get(0);
        assertThat(drd.getSummary())
                .isEqualTo("Unlock of an unlocked mutex found by DRD: badunlock.c:14 is unlocked in release at"
                        + " badunlock.c:10 by a thread that does not hold it");
    }

    @Test
    void drdHoldTimeIsALockHeldTooLongBlamingTheHolder() {
        List<Finding> fs = diagnose(new DrdParser(), "drd_lock-held-too-long.txt");

        assertThat(fs).hasSize(1);
        Finding f = fs.get(0);
        assertThat(f.getCause().id()).isEqualTo("userspace-lock-held-too-long");
        assertThat(f.getCause().severity()).isEqualTo(io.lockdoc.model.Cause.Severity.HANG);
        assertThat(f.getConfidence()).isEqualTo(0.6);
        assertThat(f.getCulprit()).isEqualTo(new Culprit("refresh_cache", null, null, "holdlong.c:10"));
        assertThat(f.getSummary())
                .isEqualTo("Lock held too long, measured by DRD: the mutex first seen at holdlong.c:10 (0x10c060) was"
                        + " held for 201 ms (threshold 50 ms) by thread 2 in refresh_cache, taken at holdlong.c:10 and"
                        + " released at holdlong.c:13; every thread that needs it waits that long (a stall, not a"
                        + " deadlock)");
        assertThat(f.getBindings())
                .containsEntry("heldMs", "201")
                .containsEntry("thresholdMs", "50")
                .containsEntry("releaseLocation", "holdlong.c:13")
                .containsEntry("program", "holdlong")
                .containsEntry("thread", "2");
    }

    @Test
    void nearMissAHoldReportCutBeforeItsMeasurementIsNoFinding() {
        String cut = Fixtures.cut("detectors/drd_lock-held-too-long.txt", 13);

        assertThat(engine.diagnose(
                        Fixtures.parse(new DrdParser(), "drd.txt", cut).facts()))
                .isEmpty();
    }

    @Test
    void nearMissADataRaceIsNoLockFinding() {
        assertThat(diagnose(new TsanParser(), "tsan_data-race.txt")).isEmpty();
    }

    @Test
    void nearMissACycleOfOneLockIsNoInversion() {
        String text = String.join(
                "\n",
                "Potential Deadlock Detected!",
                "Cycle in lock order graph: Mutex M0 (0x0000000000473c60) => Mutex M0 (0x0000000000473c60)",
                "Mutex M0 (0x0000000000473c60) acquired here while holding Mutex M0 (0x0000000000473c60) in Thread 9 (a):",
                "@ 0000000000402e38 worker");

        assertThat(engine.diagnose(
                        Fixtures.parse(new BccDeadlockParser(), "d.txt", text).facts()))
                .isEmpty();
    }
}
