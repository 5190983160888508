package io.lockdoc.parse.linux.proc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.detect.ArtifactType;
import io.lockdoc.detect.Detection;
import io.lockdoc.detect.FormatDetector;
import io.lockdoc.model.userspace.FileLockEntry;
import io.lockdoc.model.userspace.LockEdge;
import io.lockdoc.model.userspace.LockKind;
import io.lockdoc.model.userspace.ProcTask;
import io.lockdoc.model.userspace.SyscallResult;
import io.lockdoc.model.userspace.SystemValue;
import io.lockdoc.model.userspace.TaskRow;
import io.lockdoc.parse.Parser;
import io.lockdoc.parse.Parsers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserspaceParsersTest {
    private static Fixtures.Parsed parse(String artifact, String fixture) {
        String text = Fixtures.text("userspace/" + fixture);
        Detection d = new FormatDetector().detect(artifact, text.getBytes(StandardCharsets.UTF_8));
        Parser p = Parsers.forType(d.type()).orElseThrow();
        return Fixtures.parse(p, artifact, text);
    }

    @ParameterizedTest
    @CsvSource({
        "ps-eLo.txt, ps_eLo-wchan.txt, PS, 6, 0",
        "sos_commands/process/ps_auxwwwm, ps_auxwwwm-sos.txt, PS, 5, 0",
        "ps-elfL.txt, ps_elfL.txt, PS, 3, 0",
        "ps-A.txt, ps_A.txt, PS, 3, 0",
        "top-H.txt, top_bH.txt, TOP, 2, 0",
        "proc/locks, proc-locks_flock-abba.txt, PROC_LOCKS, 7, 1",
        "lslocks.txt, lslocks_default.txt, LSLOCKS, 3, 0",
        "gdb-bt.txt, gdb_bt-mutex-abba.txt, GDB, 3, 0",
        "gdb-mutex.txt, gdb_mutex-owners.txt, GDB, 2, 0",
        "strace-f.txt, strace_f-futex.txt, STRACE, 5, 0",
        "strace-worker.txt, strace_edeadlk.txt, STRACE, 1, 0",
        "jstack.txt, jstack_monitor-abba.txt, JSTACK, 5, 0",
        "perf-lock-script.txt, perf-lock-script_pending.txt, PERF_LOCK, 1, 0",
        "proc-stat.txt, proc-stat.txt, SYSTEM_VALUES, 2, 0",
        "proc-loadavg.txt, proc-loadavg.txt, SYSTEM_VALUES, 2, 0",
        "sos_commands/kernel/sysctl_-a, sysctl_-a.txt, SYSTEM_VALUES, 3, 0"
    })
    void eachFormatIsDetectedAndParsed(String artifact, String fixture, ArtifactType type, int facts, int problems) {
        String text = Fixtures.text("userspace/" + fixture);
        Detection d = new FormatDetector().detect(artifact, text.getBytes(StandardCharsets.UTF_8));
        Fixtures.Parsed p = parse(artifact, fixture);

        assertThat(d.type()).isEqualTo(type);
        assertThat(p.facts()).hasSize(facts);
        assertThat(p.problems()).hasSize(problems);
    }

    @Test
    void lslocksKeepsInodesAndOffsetsPastTwoToTheThirtyOne() {
        String text = "COMMAND PID TYPE SIZE MODE M START END INODE PATH\n"
                + "db 700 POSIX 8G WRITE 0 3000000000 4294967296 4294967301 /srv/big.db\n"
                + "db 701 POSIX 8G WRITE* 0 0 0 12 /srv/small.db\n";
        List<FileLockEntry> rows =
                Fixtures.parse(new LslocksParser(), "lslocks.txt", text).of(FileLockEntry.class);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getInode()).isEqualTo(4_294_967_301L);
        assertThat(rows.get(0).getStart()).isEqualTo(3_000_000_000L);
        assertThat(rows.get(0).getEnd()).isEqualTo(4_294_967_296L);
        assertThat(rows.get(1).getInode()).isEqualTo(12L);
        assertThat(rows.get(1).getStart()).isZero();
        assertThat(rows.get(1).getEnd()).isNull(); // END 0: to the end of the file
    }

    @Test
    void psEloKeepsThreadNamesWithSpacesAndWaitChannels() {
        List<TaskRow> rows = parse("ps-eLo.txt", "ps_eLo-wchan.txt").of(TaskRow.class);

        assertThat(rows.get(2).getPid()).isEqualTo(900);
        assertThat(rows.get(2).getTid()).isEqualTo(912);
        assertThat(rows.get(2).getComm()).isEqualTo("GC Thread#0");
        assertThat(rows.get(2).getArgs()).isEqualTo("/usr/bin/java -jar app.jar");
        assertThat(rows.get(3).getState()).isEqualTo("D");
        assertThat(rows.get(3).getWchan()).isEqualTo("kernel_clone");
    }

    @Test
    void psAuxmThreadLinesBelongToTheProcessAbove() {
        List<TaskRow> rows = parse("ps_auxwwwm", "ps_auxwwwm-sos.txt").of(TaskRow.class);

        assertThat(rows).extracting(TaskRow::getPid).containsExactly(1, 1, 900, 900, 900);
        assertThat(rows.get(4).getStat()).isEqualTo("Sl");
        assertThat(rows.get(4).getTid()).isNull();
    }

    @Test
    void topThreadsModeGivesThreadIds() {
        List<TaskRow> rows = parse("top-H.txt", "top_bH.txt").of(TaskRow.class);

        assertThat(rows.get(0).getTid()).isEqualTo(77);
        assertThat(rows.get(0).getCpu()).isEqualTo(99.7);
        assertThat(rows.get(1).getComm()).isEqualTo("GC Thread#0");
    }

    @Test
    void procLocksWaitersRangesOfdAndUnknownTypes() {
        Fixtures.Parsed p = parse("proc/locks", "proc-locks_flock-abba.txt");
        List<FileLockEntry> locks = p.of(FileLockEntry.class);

        assertThat(locks.get(1).isWaiter()).isTrue();
        assertThat(locks.get(1).getOrdinal()).isEqualTo(1);
        assertThat(locks.get(1).getPid()).isEqualTo(701);
        assertThat(locks.get(1).fileKey()).isEqualTo("08:01:1001");
        assertThat(locks.get(4).range()).isEqualTo("100-199");
        assertThat(locks.get(5).getPid()).isEqualTo(-1);
        assertThat(locks.get(6).getType()).isEqualTo("LEASE");
        assertThat(p.problems()).singleElement().satisfies(pr -> {
            assertThat(pr.line()).isEqualTo(8);
            assertThat(pr.message()).startsWith("unknown lock type 'WEIRD'");
        });
    }

    @Test
    void gdbGivesWaitsAndOwners() {
        List<LockEdge> waits = parse("gdb-bt.txt", "gdb_bt-mutex-abba.txt").of(LockEdge.class);
        List<LockEdge> owners = parse("gdb-mutex.txt", "gdb_mutex-owners.txt").of(LockEdge.class);

        assertThat(waits)
                .extracting(LockEdge::getTid, LockEdge::getAddress, LockEdge::getLabel, LockEdge::getPid)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(603, "0x5600000010a0", "acct_a", 601),
                        org.assertj.core.groups.Tuple.tuple(602, "0x5600000010e0", "acct_b", 601));
        assertThat(owners)
                .extracting(LockEdge::getRelation, LockEdge::getTid, LockEdge::getAddress)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(LockEdge.Relation.HOLDS, 602, "0x5600000010a0"),
                        org.assertj.core.groups.Tuple.tuple(LockEdge.Relation.HOLDS, 603, "0x5600000010e0"));
    }

    @Test
    void straceKeepsUnfinishedMutexWaitsAndEdeadlk() {
        Fixtures.Parsed f = parse("strace-f.txt", "strace_f-futex.txt");
        Fixtures.Parsed e = parse("strace-worker.txt", "strace_edeadlk.txt");

        assertThat(f.of(LockEdge.class)).extracting(LockEdge::getTid).containsExactly(602, 603);
        assertThat(e.of(SyscallResult.class))
                .filteredOn(r -> "EDEADLK".equals(r.getErrno()))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.getTid()).isEqualTo(811);
                    assertThat(r.getSyscall()).isEqualTo("fcntl");
                    assertThat(r.getEvidence().getFirstLine()).isEqualTo(2);
                });
    }

    @Test
    void jstackMonitorsAndReleasedWaits() {
        List<LockEdge> edges = parse("jstack.txt", "jstack_monitor-abba.txt").of(LockEdge.class);

        assertThat(edges)
                .extracting(LockEdge::getRelation, LockEdge::getTid, LockEdge::getAddress)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(LockEdge.Relation.WAITS, 1010, "0x0000000700000200"),
                        org.assertj.core.groups.Tuple.tuple(LockEdge.Relation.HOLDS, 1010, "0x0000000700000300"),
                        org.assertj.core.groups.Tuple.tuple(LockEdge.Relation.WAITS, 1011, "0x0000000700000300"),
                        org.assertj.core.groups.Tuple.tuple(LockEdge.Relation.HOLDS, 1011, "0x0000000700000200"));
        assertThat(edges).allMatch(e -> e.getKind() == LockKind.JAVA_MONITOR);
    }

    @Test
    void perfLockPendingContention() {
        List<LockEdge> edges =
                parse("perf-lock-script.txt", "perf-lock-script_pending.txt").of(LockEdge.class);

        assertThat(edges).singleElement().satisfies(e -> {
            assertThat(e.getTid()).isEqualTo(3301);
            assertThat(e.getKind()).isEqualTo(LockKind.KERNEL);
            assertThat(e.getAddress()).isEqualTo("0xffff888100001000");
        });
    }

    @Test
    void procTaskFilesAreNamedByTheirPath() {
        Fixtures.Parsed p = Fixtures.parse(
                new ProcFileParser(), "proc/10/task/12/syscall", "72 0x8 0x26 0x7ffc 0x0 0x0 0x73 0x7ffc 0x7f10\n");
        Fixtures.Parsed bad = Fixtures.parse(new ProcFileParser(), "syscall", "72 0x8\n");
        Fixtures.Parsed sysv =
                Fixtures.parse(new SystemValuesParser(), "proc-stat.txt", Fixtures.text("userspace/proc-stat.txt"));

        assertThat(p.of(ProcTask.class)).singleElement().satisfies(t -> {
            assertThat(t.getPid()).isEqualTo(10);
            assertThat(t.getTid()).isEqualTo(12);
            assertThat(t.getSyscall()).isEqualTo(72);
            assertThat(t.arg(1)).isEqualTo(0x26);
        });
        assertThat(bad.problems()).singleElement().satisfies(pr -> assertThat(pr.message())
                .startsWith("cannot tell which task"));
        assertThat(sysv.of(SystemValue.class))
                .extracting(SystemValue::getKey, SystemValue::getValue)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("procs_running", "2"),
                        org.assertj.core.groups.Tuple.tuple("procs_blocked", "3"));
    }

    @Test
    void aTruncatedPsRowIsReportedAndTheRestKept() {
        String text = Fixtures.text("userspace/ps_eLo-wchan.txt") + "  960   96";
        Fixtures.Parsed p = Fixtures.parse(new PsParser(), "ps-eLo.txt", text);

        assertThat(p.of(TaskRow.class)).hasSize(6);
        assertThat(p.problems()).singleElement().satisfies(pr -> assertThat(pr.line())
                .isEqualTo(8));
    }
}
