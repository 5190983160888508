package io.lockdoc.parse.linux.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.detect.ArtifactType;
import io.lockdoc.model.userspace.LockReport;
import io.lockdoc.model.userspace.LockReport.Kind;
import io.lockdoc.model.userspace.LockReport.Lock;
import io.lockdoc.model.userspace.LockReport.Site;
import org.junit.jupiter.api.Test;

/** DRD reports captured here (valgrind 3.19) from programs/relock.c and badunlock.c built with gcc -g. */
class DrdParserTest {
    private static LockReport parse(String fixture) {
        return DetectorFixtures.only(DetectorFixtures.parse(new DrdParser(), ArtifactType.DRD, fixture));
    }

    @Test
    void recursiveLockingNamesTheMutexByItsCreationSite() {
        LockReport r = parse("drd_recursive-lock.txt");

        assertThat(r.getTool()).isEqualTo(LockReport.Tool.DRD);
        assertThat(r.getKind()).isEqualTo(Kind.RECURSIVE);
        assertThat(r.getLocks()).containsExactly(new Lock("0x10c060", "0x10c060", "relock.c:25"));
        assertThat(r.getSites()).containsExactly(new Site("0x10c060", null, "1", "flush", "relock.c:10"));
        assertThat(r.getProgram()).isEqualTo("relock");
        assertThat(r.getEvidence().getFirstLine()).isEqualTo(6);
        assertThat(r.getEvidence().getLastLine()).isEqualTo(13);
    }

    @Test
    void mutexNotLockedByTheCallingThread() {
        LockReport r = parse("drd_unlock-not-locked.txt");

        assertThat(r.getKind()).isEqualTo(Kind.UNLOCK_UNLOCKED);
        assertThat(r.getLocks()).containsExactly(new Lock("0x10c060", "0x10c060", "badunlock.c:14"));
        assertThat(r.getSites()).containsExactly(new Site("0x10c060", null, null, "release", "badunlock.c:10"));
    }

    @Test
    void aHoldTimeReportGivesTheAcquireAndReleaseSitesAndTheMeasurement() {
        // programs/holdlong.c under valgrind --tool=drd --exclusive-threshold=50
        LockReport r = parse("drd_lock-held-too-long.txt");

        assertThat(r.getKind()).isEqualTo(Kind.HELD_TOO_LONG);
        assertThat(r.getHeldMillis()).isEqualTo(201L);
        assertThat(r.getThresholdMillis()).isEqualTo(50L);
        assertThat(r.getLocks()).containsExactly(new Lock("0x10c060", "0x10c060", "holdlong.c:10"));
        assertThat(r.getPrevious()).isEqualTo(new Site(null, null, "2", "refresh_cache", "holdlong.c:10"));
        assertThat(r.getSites()).containsExactly(new Site("0x10c060", null, "2", "refresh_cache", "holdlong.c:13"));
        assertThat(r.getProgram()).isEqualTo("holdlong");
        assertThat(r.isComplete()).isTrue();
        assertThat(r.getEvidence().getFirstLine()).isEqualTo(7);
        assertThat(r.getEvidence().getLastLine()).isEqualTo(27);
    }

    @Test
    void aHoldReportCutBeforeItsMeasurementIsAProblemAndNoMeasurement() {
        String text = String.join(
                "\n",
                "==51== drd, a thread error detector",
                "==51== Acquired at:",
                "==51==    at 0x48545B4: pthread_mutex_lock@* (in /usr/libexec/valgrind/vgpreload_drd-amd64-linux.so)",
                "==51==    by 0x109190: flush (cache.c:25)");

        Fixtures.Parsed p = Fixtures.parse(new DrdParser(), "drd.txt", text);
        assertThat(p.facts()).singleElement().satisfies(f -> {
            LockReport r = (LockReport) f;
            assertThat(r.getHeldMillis()).isNull();
            assertThat(r.isComplete()).isFalse();
        });
        assertThat(p.problems()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.message()).isEqualTo("DRD report cut off before its end (0 stack(s) read)");
        });
    }
}
