package io.lockdoc.parse.linux.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.detect.ArtifactType;
import io.lockdoc.model.Problem;
import io.lockdoc.model.userspace.LockReport;
import io.lockdoc.model.userspace.LockReport.Kind;
import io.lockdoc.model.userspace.LockReport.Lock;
import io.lockdoc.model.userspace.LockReport.Site;
import org.junit.jupiter.api.Test;

/** ThreadSanitizer reports captured here from programs/abba.c, doublelock.c, badunlock.c and race.c (gcc 12, libtsan2). */
class TsanParserTest {
    private static Fixtures.Parsed parse(String fixture) {
        return DetectorFixtures.parse(new TsanParser(), ArtifactType.TSAN, fixture);
    }

    @Test
    void lockOrderInversionGivesTheCycleAndEachEdgesOwnFrame() {
        LockReport r = DetectorFixtures.only(parse("tsan_lock-order-inversion-abba.txt"));

        assertThat(r.getTool()).isEqualTo(LockReport.Tool.TSAN);
        assertThat(r.getKind()).isEqualTo(Kind.ORDER_INVERSION);
        // gcc's TSan prints no creation site for these mutexes: they keep TSan's labels
        assertThat(r.getLocks())
                .containsExactly(new Lock("M0", "0x55e929e570a0", null), new Lock("M1", "0x55e929e570e0", null));
        assertThat(r.getSites())
                .containsExactly(
                        new Site("M1", "M0", "T1", "transfer", "abba.c:11"),
                        new Site("M0", "M1", "T2", "refund", "abba.c:19"));
        assertThat(r.getClosing().function()).isEqualTo("refund");
        assertThat(r.getProgram()).isEqualTo("abba-tsan");
        assertThat(r.isComplete()).isTrue();
        assertThat(r.getEvidence().getFirstLine()).isEqualTo(2);
        assertThat(r.getEvidence().getLastLine()).isEqualTo(25);
        assertThat(r.getEvidence().getQuoted())
                .extracting(Problem -> Problem.text())
                .contains(
                        "WARNING: ThreadSanitizer: lock-order-inversion (potential deadlock) (pid=4419)",
                        "Mutex M0 acquired here while holding mutex M1 in thread T2:",
                        "#1 refund /tmp/lockdoc-programs/abba.c:19 (abba-tsan+0x1295)");
    }

    @Test
    void theSecondDeadlockStackDoesNotAddEdges() {
        LockReport r = DetectorFixtures.only(parse("tsan_lock-order-inversion-second-stack.txt"));

        assertThat(r.getSites())
                .containsExactly(
                        new Site("M1", "M0", "T1", "transfer", "abba.c:11"),
                        new Site("M0", "M1", "T2", "refund", "abba.c:19"));
    }

    @Test
    void doubleLockNamesTheGlobalMutexAndTheCall() {
        LockReport r = DetectorFixtures.only(parse("tsan_double-lock.txt"));

        assertThat(r.getKind()).isEqualTo(Kind.RECURSIVE);
        assertThat(r.getLocks()).containsExactly(new Lock("M0", "0x556ebc8a40a0", "journal_lock"));
        assertThat(r.getSites()).containsExactly(new Site("M0", null, null, "writer", "doublelock.c:10"));
    }

    @Test
    void unlockOfAnUnlockedMutex() {
        LockReport r = DetectorFixtures.only(parse("tsan_unlock-unlocked.txt"));

        assertThat(r.getKind()).isEqualTo(Kind.UNLOCK_UNLOCKED);
        assertThat(r.getLocks()).containsExactly(new Lock("M0", "0x555964b39080", "queue_lock"));
        assertThat(r.getSites()).containsExactly(new Site("M0", null, null, "release", "badunlock.c:10"));
        assertThat(r.getEvidence().getLastLine()).isEqualTo(13);
    }

    @Test
    void aDataRaceIsNoLockReport() {
        Fixtures.Parsed p = parse("tsan_data-race.txt");

        assertThat(p.facts()).isEmpty();
        assertThat(p.problems()).isEmpty();
    }

    @Test
    void aCreationSiteNamesAMutexWithoutASymbolAndACutReportIsAProblem() {
        // clang's TSan prints each mutex's creation; this paste stops inside the second edge's stack
        String text = String.join(
                "\n",
                "WARNING: ThreadSanitizer: lock-order-inversion (potential deadlock) (pid=77)",
                "  Cycle in lock order graph: M7 (0x7b0c00000010) => M8 (0x7b0c00000040) => M7",
                "",
                "  Mutex M8 acquired here while holding mutex M7 in main thread:",
                "    #0 pthread_mutex_lock <null> (a.out+0x4a1c2)",
                "    #1 std::mutex::lock() /usr/include/c++/12/bits/std_mutex.h:100:17 (a.out+0xd1f3)",
                "    #2 bank::Account::transfer(bank::Account&) /src/bank.cc:42:5 (a.out+0xd2a0)",
                "",
                "  Mutex M7 (0x7b0c00000010) created at:",
                "    #0 pthread_mutex_init <null> (a.out+0x4a0aa)",
                "    #1 main /src/bank.cc:70:3 (a.out+0xd400)",
                "",
                "  Mutex M7 acquired here while holding mutex M8 in thread T1:",
                "    #0 pthread_mutex_lock <null> (a.out+0x4a1c2)");
        Fixtures.Parsed p = Fixtures.parse(new TsanParser(), "tsan.txt", text);

        LockReport r = p.of(LockReport.class).get(0);
        assertThat(r.getLocks())
                .containsExactly(
                        new Lock("M7", "0x7b0c00000010", "bank.cc:70"), new Lock("M8", "0x7b0c00000040", null));
        assertThat(r.getSites())
                .containsExactly(
                        new Site("M8", "M7", "main thread", "bank::Account::transfer(bank::Account&)", "bank.cc:42"),
                        new Site("M7", "M8", "T1", null, null));
        assertThat(r.isComplete()).isFalse();
        assertThat(p.problems())
                .extracting(Problem::id, Problem::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Problem.ErrorId.TRUNCATED_REPORT, 14));
    }

    @Test
    void aHugeFrameLikeLineIsSkippedQuickly() {
        String text = "WARNING: ThreadSanitizer: double lock of a mutex (pid=1)\n    #1 " + "a b:1 ".repeat(10_000)
                + "\nSUMMARY: ThreadSanitizer: double lock of a mutex\n";

        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> {
            LockReport r = Fixtures.parse(new TsanParser(), "tsan.txt", text)
                    .of(LockReport.class)
                    .get(0);
            assertThat(r.getSites()).containsExactly(new Site(null, null, null, null, null));
        });
    }
}
