package io.lockdoc.engine.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lockdoc.engine.Engine;
import io.lockdoc.model.Finding;
import io.lockdoc.model.Participant;
import io.lockdoc.parse.windows.WindowsFixtures;
import io.lockdoc.rulebase.RuleBase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lock waits that a runtime reports by itself: ReactOS's RTL critical-section messages, Application Verifier stops. */
class RtlAndVerifierLockTest {
    private static Engine engine;

    @BeforeAll
    static void rules() {
        engine = new Engine(RuleBase.packaged());
    }

    private static List<Finding> diagnose(String fixture) {
        assertThat(WindowsFixtures.detect(fixture, WindowsFixtures.bytes(fixture))
                        .type()
                        .id())
                .isEqualTo("windbg");
        return engine.diagnose(WindowsFixtures.parse(fixture).facts());
    }

    @Test
    void anRtlWaitThatNeverEndedIsAThreadBlockedOnAnOwnedCriticalSection() {
        List<Finding> findings = diagnose("windbg_rtl-critsec-deadlock.txt");

        assertThat(findings).hasSize(1);
        Finding f = findings.get(0);
        assertThat(f.getRule()).isEqualTo("critical-section-deadlock: thread blocked on an owned critical section");
        assertThat(f.getParticipants())
                .extracting(Participant::role, Participant::name)
                .containsExactly(tuple("lock", "c61f08"), tuple("owner", "39c"), tuple("waiter", "3a4"));
        // the wait, RTL's timeout and its "Deadlock:" verdict; the earlier wait that was acquired is not cited
        assertThat(f.getEvidence().get(0).getFirstLine()).isEqualTo(4);
        assertThat(f.getEvidence().get(0).getLastLine()).isEqualTo(7);
    }

    @Test
    void rtlWaitsThatWereAcquiredAreNoFinding() {
        assertThat(diagnose("windbg_rtl-critsec-acquired.txt")).isEmpty();
    }

    @Test
    void aVerifierStopForARecursiveSrwAcquireNamesTheLockAndTheOwnFrame() {
        List<Finding> findings = diagnose("windbg_avrf-srwlock-recursive.txt");

        assertThat(findings).hasSize(1);
        Finding f = findings.get(0);
        assertThat(f.getCause().id()).isEqualTo("critical-section-deadlock");
        assertThat(f.getRule())
                .isEqualTo("critical-section-deadlock: Application Verifier stop, SRW lock acquired recursively");
        assertThat(f.getConfidence()).isEqualTo(0.85);
        assertThat(f.getSummary())
                .isEqualTo("Application Verifier stop 0x253 APPLICATION_VERIFIER_SRWLOCK_RECURSIVE_ACQUIRE on SRW lock"
                        + " 00b4f3c8 in catalog!Catalog::Reload");
        assertThat(f.getCulprit().function()).isEqualTo("catalog!Catalog::Reload");
        assertThat(f.getParticipants()).extracting(Participant::name).containsExactly("SRW lock 00b4f3c8");
    }

    @Test
    void aVerifierStopForMisuseThatDoesNotHangIsNoFinding() {
        assertThat(diagnose("windbg_avrf-srwlock-already-initialized.txt")).isEmpty();
    }
}
