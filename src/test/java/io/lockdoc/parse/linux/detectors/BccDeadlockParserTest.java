package io.lockdoc.parse.linux.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.detect.ArtifactType;
import io.lockdoc.model.userspace.LockReport;
import io.lockdoc.model.userspace.LockReport.Kind;
import io.lockdoc.model.userspace.LockReport.Lock;
import io.lockdoc.model.userspace.LockReport.Site;
import org.junit.jupiter.api.Test;

/** bcc deadlock output, written by hand in the format of iovisor/bcc tools/deadlock_example.txt for programs/abba.c. */
class BccDeadlockParserTest {
    @Test
    void theCycleWithSymbolsAndEachEdgesFirstOwnFrame() {
        LockReport r = DetectorFixtures.only(DetectorFixtures.parse(
                new BccDeadlockParser(), ArtifactType.BCC_DEADLOCK, "bcc-deadlock_two-mutex-cycle.txt"));

        assertThat(r.getTool()).isEqualTo(LockReport.Tool.BCC_DEADLOCK);
        assertThat(r.getKind()).isEqualTo(Kind.ORDER_INVERSION);
        assertThat(r.getLocks())
                .containsExactly(
                        new Lock("M0", "0x0000558d3e1c2060", "account_a"),
                        new Lock("M1", "0x0000558d3e1c20a0", "account_b"));
        assertThat(r.getSites())
                .containsExactly(
                        new Site("M1", "M0", "4104 (abba)", "transfer", null),
                        new Site("M0", "M1", "4105 (abba)", "refund", null));
        assertThat(r.getProgram()).isEqualTo("abba");
        assertThat(r.getEvidence().getFirstLine()).isEqualTo(4);
    }

    @Test
    void aPasteCutBelowTheCycleLineStillNamesTheLocksOfItsEdgesAndSaysItIsCut() {
        // newer bcc prints "0x<addr> <symbol>" frames with the binary's mangled names
        LockReport r = DetectorFixtures.only(DetectorFixtures.parse(
                new BccDeadlockParser(), ArtifactType.BCC_DEADLOCK, "bcc-deadlock_cut-edges-hex-frames.txt"));

        assertThat(r.getLocks())
                .containsExactly(
                        new Lock("M2", "0x00005610a3c52040", null), new Lock("M1", "0x00005610a3c52080", null));
        assertThat(r.getSites())
                .containsExactly(new Site("M2", "M1", "41872 (ledger)", "main::{lambda()#2}::operator()", null));
        assertThat(r.isComplete()).isFalse();
        assertThat(r.getEvidence().getFirstLine()).isEqualTo(4);
    }

    @Test
    void cxxFramesSkipTheStandardLibraryAndAStackMutexHasNoName() {
        String text = String.join(
                "\n",
                "Potential Deadlock Detected!",
                "",
                "Cycle in lock order graph: Mutex M0 (main::static_mutex3 0x0000000000473c60) => Mutex M1 (0x00007fff6d738400) => Mutex M0 (main::static_mutex3 0x0000000000473c60)",
                "",
                "Mutex M1 (0x00007fff6d738400) acquired here while holding Mutex M0 (main::static_mutex3 0x0000000000473c60) in Thread 357250 (lockinversion):",
                "@ 00000000004024d0 pthread_mutex_lock",
                "@ 0000000000406dd0 std::mutex::lock()",
                "@ 00000000004070d2 std::lock_guard<std::mutex>::lock_guard(std::mutex&)",
                "@ 0000000000402e38 main::{lambda()#3}::operator()() const",
                "",
                "Mutex M0 (main::static_mutex3 0x0000000000473c60) acquired here while holding Mutex M1 (0x00007fff6d738400) in Thread 357251 (lockinversion):",
                "@ 00000000004024d0 pthread_mutex_lock",
                "@ 0000000000406dd0 std::mutex::lock()",
                "@ 0000000000402ea8 main::{lambda()#4}::operator()() const");
        LockReport r = Fixtures.parse(new BccDeadlockParser(), "deadlock.txt", text)
                .of(LockReport.class)
                .get(0);

        assertThat(r.getLocks())
                .containsExactly(
                        new Lock("M0", "0x0000000000473c60", "main::static_mutex3"),
                        new Lock("M1", "0x00007fff6d738400", null));
        assertThat(r.getSites())
                .extracting(Site::function)
                .containsExactly("main::{lambda()#3}::operator()() const", "main::{lambda()#4}::operator()() const");
    }
}
