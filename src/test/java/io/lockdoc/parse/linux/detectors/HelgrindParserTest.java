package io.lockdoc.parse.linux.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.detect.ArtifactType;
import io.lockdoc.model.userspace.LockReport;
import io.lockdoc.model.userspace.LockReport.Kind;
import io.lockdoc.model.userspace.LockReport.Lock;
import io.lockdoc.model.userspace.LockReport.Site;
import org.junit.jupiter.api.Test;

/** Helgrind reports captured here (valgrind 3.19) from programs/abba.c, relock.c and badunlock.c built with gcc -g. */
class HelgrindParserTest {
    private static LockReport parse(String fixture) {
        return DetectorFixtures.only(DetectorFixtures.parse(new HelgrindParser(), ArtifactType.HELGRIND, fixture));
    }

    @Test
    void lockOrderViolationNamesTheDataSymbolsAndClosesWithTheObservedOrder() {
        LockReport r = parse("helgrind_lock-order-abba.txt");

        assertThat(r.getTool()).isEqualTo(LockReport.Tool.HELGRIND);
        assertThat(r.getKind()).isEqualTo(Kind.ORDER_INVERSION);
        assertThat(r.getLocks())
                .containsExactly(
                        new Lock("0x10C060", "0x10C060", "account_a"), new Lock("0x10C0A0", "0x10C0A0", "account_b"));
        // the required order opens the cycle (no thread named), the violating thread's order closes it
        assertThat(r.getSites())
                .containsExactly(
                        new Site("0x10C0A0", "0x10C060", null, "transfer", "abba.c:11"),
                        new Site("0x10C060", "0x10C0A0", "#3", "refund", "abba.c:19"));
        assertThat(r.getProgram()).isEqualTo("abba");
        assertThat(r.isComplete()).isTrue();
        assertThat(r.getEvidence().getFirstLine()).isEqualTo(18);
        assertThat(r.getEvidence().getQuoted())
                .extracting(q -> q.text())
                .contains(
                        "Thread #3: lock order \"0x10C060 before 0x10C0A0\" violated",
                        "by 0x1091EC: refund (abba.c:19)",
                        "Address 0x10c060 is 0 bytes inside data symbol \"account_a\"");
    }

    @Test
    void reLockOfANonRecursiveLockKnowsTheLockByWhereItWasTakenBefore() {
        LockReport r = parse("helgrind_relock.txt");

        assertThat(r.getKind()).isEqualTo(Kind.RECURSIVE);
        assertThat(r.getLocks()).containsExactly(new Lock("lock", null, "relock.c:16"));
        assertThat(r.getSites()).containsExactly(new Site("lock", null, "#1", "flush", "relock.c:10"));
        assertThat(r.getPrevious()).isEqualTo(new Site(null, null, null, "update", "relock.c:16"));
        assertThat(r.getEvidence().getFirstLine()).isEqualTo(12);
        assertThat(r.getEvidence().getLastLine()).isEqualTo(20);
    }

    @Test
    void unlockOfANotLockedLock() {
        LockReport r = parse("helgrind_unlock-not-locked.txt");

        assertThat(r.getKind()).isEqualTo(Kind.UNLOCK_UNLOCKED);
        assertThat(r.getLocks()).containsExactly(new Lock("0x10C060", "0x10C060", "queue_lock"));
        assertThat(r.getSites()).containsExactly(new Site("0x10C060", null, "#1", "release", "badunlock.c:10"));
        assertThat(r.getProgram()).isEqualTo("badunlock");
    }
}
