package io.lockdoc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.model.Adjustment;
import io.lockdoc.model.Cause;
import io.lockdoc.model.Finding;
import io.lockdoc.parse.linux.detectors.HelgrindParser;
import io.lockdoc.parse.linux.detectors.TsanParser;
import io.lockdoc.parse.linux.proc.GdbParser;
import io.lockdoc.rulebase.RuleBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A detector's lock-order inversion and a gdb capture of the same program, hung: they share the
 * lock-site signature where the threads take the locks in the same functions, and each raises the other.
 */
class DetectorCorroborationTest {
    private static Engine engine;

    @BeforeAll
    static void rules() {
        engine = new Engine(RuleBase.packaged());
    }

    private static List<Finding> diagnose(String detector, String... gdb) {
        List<io.lockdoc.model.Fact> facts = new ArrayList<>();
        facts.addAll(Fixtures.parse(
                        detector.startsWith("tsan") ? new TsanParser() : new HelgrindParser(),
                        detector,
                        Fixtures.text("detectors/" + detector))
                .facts());
        for (String g : gdb) {
            facts.addAll(Fixtures.parse(new GdbParser(), g, Fixtures.text("userspace/" + g))
                    .facts());
        }
        return engine.diagnose(facts);
    }

    private static Finding only(List<Finding> fs, Cause cause) {
        List<Finding> of = fs.stream().filter(f -> f.getCause() == cause).toList();
        assertThat(of).as(fs.toString()).hasSize(1);
        return of.get(0);
    }

    @Test
    void tsanInversionAndTheHungProcessShareLockSitesAndRaiseEachOther() {
        List<Finding> fs =
                diagnose("tsan_lock-order-inversion-abba.txt", "gdb_abba-hung.txt", "gdb_abba-hung-mutexes.txt");

        Finding live = only(fs, Cause.USERSPACE_MUTEX_DEADLOCK);
        Finding tsan = only(fs, Cause.USERSPACE_LOCK_ORDER_INVERSION);
        assertThat(live.getLockSites()).isEqualTo("refund,transfer");
        assertThat(tsan.getLockSites()).isEqualTo("refund,transfer");
        assertThat(live.getLockSiteSignature())
                .isEqualTo(tsan.getLockSiteSignature())
                .matches("v1:lock-sites:[0-9a-f]{12}");
        // the cause-bound signatures stay apart: one is a potential deadlock, the other threads stuck now
        assertThat(live.getSignature()).isNotEqualTo(tsan.getSignature());

        assertThat(tsan.getConfidence()).isEqualTo(0.9);
        assertThat(tsan.getReasons()).singleElement().satisfies(r -> {
            assertThat(r.direction()).isEqualTo(Adjustment.Direction.FOR);
            assertThat(r.delta()).isEqualTo(0.2);
            assertThat(r.text())
                    .isEqualTo("the inversion happens: abba/3253 and abba/3252 are blocked at the same lock sites"
                            + " (refund, transfer) in a capture of the program");
            assertThat(r.evidence().getArtifact()).isEqualTo("gdb_abba-hung.txt");
            assertThat(r.rule()).isEqualTo("score: threads are deadlocked at the detector's inverted lock sites");
        });
        assertThat(live.getConfidence()).isEqualTo(0.95);
        assertThat(live.getReasons()).singleElement().satisfies(r -> {
            assertThat(r.text())
                    .isEqualTo("ThreadSanitizer reported the lock-order inversion at the same lock sites"
                            + " (refund, transfer)");
            assertThat(r.evidence().getArtifact()).isEqualTo("tsan_lock-order-inversion-abba.txt");
            assertThat(r.evidence().getFirstLine())
                    .isEqualTo(tsan.getEvidence().get(0).getFirstLine());
        });
    }

    @Test
    void helgrindOnTheSameProgramMatchesTheSameCapture() {
        List<Finding> fs = diagnose("helgrind_lock-order-abba.txt", "gdb_abba-hung.txt", "gdb_abba-hung-mutexes.txt");

        Finding helgrind = only(fs, Cause.USERSPACE_LOCK_ORDER_INVERSION);
        assertThat(helgrind.getLockSiteSignature())
                .isEqualTo(only(fs, Cause.USERSPACE_MUTEX_DEADLOCK).getLockSiteSignature());
        assertThat(helgrind.getReasons()).hasSize(1);
    }

    @Test
    void theHungProcessWithoutMutexOwnersStillMatchesByItsWaitingThreads() {
        // bt alone: the probable deadlock (no __owner printed) knows where each thread waits
        List<Finding> fs = diagnose("tsan_lock-order-inversion-abba.txt", "gdb_abba-hung.txt");

        Finding probable = only(fs, Cause.USERSPACE_MUTEX_DEADLOCK);
        assertThat(probable.getSummary()).contains("the cycle is not proven");
        assertThat(probable.getLockSites()).isEqualTo("refund,transfer");
        assertThat(only(fs, Cause.USERSPACE_LOCK_ORDER_INVERSION).getReasons()).hasSize(1);
    }

    @Test
    void nearMissADeadlockAtOtherLockSitesIsNotCorroboration() {
        // another program deadlocks with both threads in one transfer(): same cause, other sites
        List<Finding> fs = diagnose(
                "tsan_lock-order-inversion-abba.txt", "gdb_one-function-abba.txt", "gdb_one-function-abba-mutexes.txt");

        Finding live = only(fs, Cause.USERSPACE_MUTEX_DEADLOCK);
        Finding tsan = only(fs, Cause.USERSPACE_LOCK_ORDER_INVERSION);
        assertThat(live.getLockSites()).isEqualTo("transfer");
        assertThat(live.getLockSiteSignature()).isNotEqualTo(tsan.getLockSiteSignature());
        assertThat(live.getReasons()).isEmpty();
        assertThat(tsan.getReasons()).isEmpty();
        assertThat(tsan.getConfidence()).isEqualTo(0.7);
    }

    @Test
    void aCutDetectorReportHasNoLockSites() {
        // the paste ends after the first edge: the other edge's function is unknown
        String cut = Fixtures.cut("detectors/tsan_lock-order-inversion-abba.txt", 9);
        List<Finding> fs =
                engine.diagnose(Fixtures.parse(new TsanParser(), "cut.txt", cut).facts());

        Finding f = only(fs, Cause.USERSPACE_LOCK_ORDER_INVERSION);
        assertThat(f.getLockSites()).isNull();
        assertThat(f.getLockSiteSignature()).isNull();
    }
}
