package io.lockdoc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.model.Cause;
import io.lockdoc.model.Fact;
import io.lockdoc.model.Finding;
import io.lockdoc.model.Participant;
import io.lockdoc.parse.Parser;
import io.lockdoc.parse.linux.proc.GdbParser;
import io.lockdoc.parse.linux.proc.JstackParser;
import io.lockdoc.parse.linux.proc.ProcFileParser;
import io.lockdoc.parse.linux.proc.ProcLocksParser;
import io.lockdoc.parse.linux.proc.PsParser;
import io.lockdoc.parse.linux.proc.StraceParser;
import io.lockdoc.parse.linux.proc.SystemValuesParser;
import io.lockdoc.rulebase.RuleBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UserspaceRulesTest {
    private static Engine engine;

    @BeforeAll
    static void rules() {
        engine = new Engine(RuleBase.packaged());
    }

    private final List<Fact> facts = new ArrayList<>();

    private UserspaceRulesTest add(Parser p, String artifact, String text) {
        facts.addAll(Fixtures.parse(p, artifact, text).facts());
        return this;
    }

    private UserspaceRulesTest task(int pid, int tid, String state, String syscall, String wchan) {
        String base = pid == tid ? "proc/" + pid + "/" : "proc/" + pid + "/task/" + tid + "/";
        add(
                new ProcFileParser(),
                base + "status",
                "Name:\tt" + tid + "\nState:\t" + state + " (x)\nTgid:\t" + pid + "\nPid:\t" + tid
                        + "\nTracerPid:\t0\n");
        add(new ProcFileParser(), base + "syscall", syscall + "\n");
        return add(new ProcFileParser(), base + "wchan", wchan);
    }

    private List<Finding> diagnose() {
        return engine.diagnose(facts);
    }

    private static List<Integer> pids(Finding f) {
        return f.getParticipants().stream()
                .filter(p -> p.kind() == Participant.Kind.TASK || p.kind() == Participant.Kind.THREAD)
                .map(p -> Integer.valueOf(p.name().substring(p.name().lastIndexOf('/') + 1)))
                .sorted()
                .toList();
    }

    /** A jstack dump of {@code n} threads, each holding one monitor and waiting for the next one's. */
    private static String javaCycle(int n) {
        StringBuilder sb = new StringBuilder("Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6 mixed mode):\n\n");
        for (int i = 0; i < n; i++) {
            sb.append(String.format(
                    "\"worker-%d\" #%d prio=5 os_prio=0 tid=0x%016x nid=0x%x waiting for monitor entry  [0x0]%n"
                            + "   java.lang.Thread.State: BLOCKED (on object monitor)%n"
                            + "\tat com.example.Ring.step(Ring.java:10)%n"
                            + "\t- waiting to lock <0x%016x> (a java.lang.Object)%n"
                            + "\t- locked <0x%016x> (a java.lang.Object)%n%n",
                    i,
                    i + 10,
                    0x7f0000000000L + i,
                    1000 + i,
                    0x700000000L + ((i + 1) % n) * 16,
                    0x700000000L + i * 16L));
        }
        return sb.toString();
    }

    @Test
    void aHugeCycleNamesItsFirstTasksAndCountsTheRest() {
        add(new JstackParser(), "jstack.txt", javaCycle(120));

        assertThat(diagnose()).singleElement().satisfies(f -> {
            assertThat(f.getCause()).isEqualTo(Cause.JAVA_MONITOR_DEADLOCK);
            assertThat(f.getParticipants())
                    .filteredOn(p -> p.kind() == Participant.Kind.LOCK)
                    .hasSize(50);
            assertThat(f.getParticipants())
                    .filteredOn(p -> p.kind() != Participant.Kind.LOCK)
                    .hasSize(50);
            assertThat(f.getSummary())
                    .endsWith(" and 70 more each hold a Java monitor the next one waits for (120-task cycle)");
            assertThat(f.getBindings().get("chain")).contains("... (70 more) -> ");
        });
    }

    @Test
    void aCycleOfFiftyIsListedWhole() {
        add(new JstackParser(), "jstack.txt", javaCycle(50));

        assertThat(diagnose()).singleElement().satisfies(f -> {
            assertThat(f.getParticipants())
                    .filteredOn(p -> p.kind() != Participant.Kind.LOCK)
                    .hasSize(50);
            assertThat(f.getSummary()).doesNotContain(" more ").endsWith("(50-task cycle)");
        });
    }

    private static final String FLOCK_WAIT = "73 0x4 0x2 0x0 0x0 0x0 0x0 0x7ffd 0x7f00";

    @Test
    void fileLockCycleFires() {
        add(new ProcLocksParser(), "proc/locks", Fixtures.text("userspace/bundle-flock-abba/proc-locks.txt"));
        task(700, 700, "S", FLOCK_WAIT, "locks_lock_inode_wait");
        task(701, 701, "S", FLOCK_WAIT, "locks_lock_inode_wait");

        assertThat(diagnose()).singleElement().satisfies(f -> {
            assertThat(f.getCause()).isEqualTo(Cause.FILE_LOCK_DEADLOCK);
            assertThat(f.getRule()).isEqualTo("file-lock-deadlock: wait-for cycle over file locks");
            assertThat(f.getConfidence()).isEqualTo(0.95);
            assertThat(pids(f)).containsExactly(700, 701);
            assertThat(f.getEvidence())
                    .extracting(e -> e.getArtifact() + ":" + e.getFirstLine())
                    .contains("proc/locks:2", "proc/locks:3");
        });
    }

    @Test
    void nearMissAWaiterBehindARunningHolderIsNoFinding() {
        add(
                new ProcLocksParser(),
                "proc/locks",
                "1: FLOCK  ADVISORY  WRITE 700 08:01:1001 0 EOF\n1: -> FLOCK  ADVISORY  WRITE 701 08:01:1001 0 EOF\n");
        task(700, 700, "R", "running", "0");
        task(701, 701, "S", FLOCK_WAIT, "locks_lock_inode_wait");

        assertThat(diagnose()).isEmpty();
    }

    @Test
    void edeadlkWithAWaiterBehindTheIdleHolderFires() {
        add(
                new ProcLocksParser(),
                "proc/locks",
                "1: POSIX  ADVISORY  WRITE 811 08:01:1001 0 EOF\n1: -> POSIX  ADVISORY  WRITE 810 08:01:1001 0 EOF\n2: POSIX  ADVISORY  WRITE 810 08:01:1002 0 EOF\n");
        task(810, 810, "S", "72 0x8 0x7 0x7ffd 0x0 0x0 0x73 0x7ffd 0x7f00", "fcntl_setlk");
        task(811, 811, "S", "34 0x0 0x0 0x0 0x0 0x0 0x0 0x7ffd 0x7f00", "__do_sys_pause");
        add(new StraceParser(), "strace-worker.txt", Fixtures.text("userspace/strace_edeadlk.txt"));

        assertThat(diagnose()).singleElement().satisfies(f -> {
            assertThat(f.getCause()).isEqualTo(Cause.FILE_LOCK_DEADLOCK);
            assertThat(f.getRule())
                    .isEqualTo("file-lock-deadlock: cycle refused with EDEADLK leaves a waiter behind the holder");
            assertThat(pids(f)).containsExactly(810, 811);
            assertThat(f.getEvidence())
                    .extracting(e -> e.getArtifact() + ":" + e.getFirstLine())
                    .contains("strace-worker.txt:2");
        });
    }

    @Test
    void nearMissTheSameChainWithoutEdeadlkIsNoDeadlock() {
        add(
                new ProcLocksParser(),
                "proc/locks",
                "1: POSIX  ADVISORY  WRITE 811 08:01:1001 0 EOF\n1: -> POSIX  ADVISORY  WRITE 810 08:01:1001 0 EOF\n");
        task(810, 810, "S", "72 0x8 0x7 0x7ffd 0x0 0x0 0x73 0x7ffd 0x7f00", "fcntl_setlk");
        task(811, 811, "S", "34 0x0 0x0 0x0 0x0 0x0 0x0 0x7ffd 0x7f00", "__do_sys_pause");

        // no deadlock is claimed: what is proven is a holder asleep until a signal, with a waiter behind it
        assertThat(diagnose()).singleElement().satisfies(f -> {
            assertThat(f.getCause()).isEqualTo(Cause.STALLED_LOCK_HOLDER);
            assertThat(f.getBindings()).containsEntry("condition", "PAUSED");
        });
    }

    @Test
    void mutexCycleFromGdbFires() {
        add(new GdbParser(), "gdb-bt.txt", Fixtures.text("userspace/gdb_bt-mutex-abba.txt"));
        add(new GdbParser(), "gdb-mutex.txt", Fixtures.text("userspace/gdb_mutex-owners.txt"));

        assertThat(diagnose()).singleElement().satisfies(f -> {
            assertThat(f.getCause()).isEqualTo(Cause.USERSPACE_MUTEX_DEADLOCK);
            assertThat(f.getRule()).isEqualTo("userspace-mutex-deadlock: wait-for cycle over mutexes");
            assertThat(pids(f)).containsExactly(602, 603);
        });
    }

    @Test
    void gdbSymbolsNameTheMutexesTheProcCaptureOnlyHasAddressesForAndTheOwnFrameIsTheCulprit() {
        task(601, 602, "S", "202 0x5600000010e0 0x80 0x2 0x0 0x0 0x0 0x7ffd 0x7f00", "futex_do_wait");
        task(601, 603, "S", "202 0x5600000010a0 0x80 0x2 0x0 0x0 0x0 0x7ffd 0x7f00", "futex_do_wait");
        add(new GdbParser(), "gdb-bt.txt", Fixtures.text("userspace/gdb_bt-mutex-abba.txt"));
        add(new GdbParser(), "gdb-mutex.txt", Fixtures.text("userspace/gdb_mutex-owners.txt"));

        assertThat(diagnose()).singleElement().satisfies(f -> {
            assertThat(f.getParticipants())
                    .filteredOn(p -> p.kind() == Participant.Kind.LOCK)
                    .extracting(Participant::name)
                    .containsExactlyInAnyOrder(
                            "mutex acct_a (0x5600000010a0 in process 601)",
                            "mutex acct_b (0x5600000010e0 in process 601)");
            assertThat(f.getCulprit().function()).isEqualTo("move");
            assertThat(f.getCulprit().location()).isEqualTo("bank.c:21");
            assertThat(f.getBindings()).containsEntry("pid", "601").containsKey("mutexAddress");
        });
    }

    /** Two OFD locks held through fds 7/8 of two processes, each waiting on the other's file. */
    private void ofdCycle(boolean links) {
        add(
                new ProcLocksParser(),
                "proc-locks.txt",
                "1: OFDLCK ADVISORY  WRITE -1 fe:00:2001 0 EOF\n1: -> OFDLCK ADVISORY  WRITE -1 fe:00:2001 0 EOF\n"
                        + "2: OFDLCK ADVISORY  WRITE -1 fe:00:2002 0 EOF\n2: -> OFDLCK ADVISORY  WRITE -1 fe:00:2002 0 EOF\n");
        task(700, 700, "S", "72 0x8 0x26 0x7ffd 0x0 0x0 0x73 0x7ffd 0x7f00", "fcntl_setlk");
        task(701, 701, "S", "72 0x7 0x26 0x7ffd 0x0 0x0 0x73 0x7ffd 0x7f00", "fcntl_setlk");
        add(
                new ProcFileParser(),
                "proc/700/fdinfo/7",
                "pos:\t0\nflags:\t0100002\nmnt_id:\t27\nino:\t2001\n"
                        + "lock:\t1: OFDLCK ADVISORY  WRITE -1 fe:00:2001 0 EOF\n");
        add(new ProcFileParser(), "proc/700/fdinfo/8", "pos:\t0\nflags:\t0100002\nmnt_id:\t27\nino:\t2002\n");
        add(
                new ProcFileParser(),
                "proc/701/fdinfo/8",
                "pos:\t0\nflags:\t0100002\nmnt_id:\t27\nino:\t2002\n"
                        + "lock:\t2: OFDLCK ADVISORY  WRITE -1 fe:00:2002 0 EOF\n");
        add(new ProcFileParser(), "proc/701/fdinfo/7", "pos:\t0\nflags:\t0100002\nmnt_id:\t27\nino:\t2001\n");
        if (links) {
            String fds = "7 -> /srv/app/data/accounts.db\n8 -> /srv/app/data/ledger.db\n";
            add(new io.lockdoc.parse.linux.proc.FdLinksParser(), "proc/700/fd.txt", fds);
            add(new io.lockdoc.parse.linux.proc.FdLinksParser(), "proc/701/fd.txt", fds);
        }
    }

    @Test
    void fileLocksAreNamedByThePathTheirFdLinkShows() {
        ofdCycle(true);

        assertThat(diagnose()).singleElement().satisfies(f -> assertThat(f.getParticipants())
                .filteredOn(p -> p.kind() == Participant.Kind.LOCK)
                .extracting(Participant::name)
                .containsExactlyInAnyOrder(
                        "OFDLCK WRITE lock on /srv/app/data/accounts.db (0-EOF, inode fe:00:2001)",
                        "OFDLCK WRITE lock on /srv/app/data/ledger.db (0-EOF, inode fe:00:2002)"));
    }

    @Test
    void nearMissWithoutFdLinksAFileLockKeepsItsDeviceAndInode() {
        ofdCycle(false);

        assertThat(diagnose()).singleElement().satisfies(f -> assertThat(f.getParticipants())
                .filteredOn(p -> p.kind() == Participant.Kind.LOCK)
                .extracting(Participant::name)
                .containsExactlyInAnyOrder(
                        "OFDLCK WRITE lock on fe:00:2001 (0-EOF)", "OFDLCK WRITE lock on fe:00:2002 (0-EOF)"));
    }

    @Test
    void allThreadsOnContendedMutexesWithoutOwnersIsAProbableDeadlock() {
        task(601, 601, "S", "202 0x7f00a9fff990 0x109 0x25a 0x0 0x0 0xffffffff 0x7ffd 0x7f00", "futex_do_wait");
        task(601, 602, "S", "202 0x5600000010e0 0x80 0x2 0x0 0x0 0x0 0x7ffd 0x7f00", "futex_do_wait");
        task(601, 603, "S", "202 0x5600000010a0 0x80 0x2 0x0 0x0 0x0 0x7ffd 0x7f00", "futex_do_wait");

        assertThat(diagnose()).singleElement().satisfies(f -> {
            assertThat(f.getRule())
                    .isEqualTo("userspace-mutex-deadlock: every thread blocked, mutexes contended, holders unknown");
            assertThat(f.getConfidence()).isEqualTo(0.6);
            assertThat(pids(f)).containsExactly(602, 603);
        });
    }

    @Test
    void nearMissIdleThreadsOnCondvarsOrARunningThreadAreNoFinding() {
        task(601, 601, "S", "202 0x7f00a9fff990 0x189 0x0 0x0 0x0 0xffffffff 0x7ffd 0x7f00", "futex_do_wait");
        task(601, 602, "S", "202 0x5600000010e0 0x80 0x2 0x0 0x0 0x0 0x7ffd 0x7f00", "futex_do_wait");
        task(601, 603, "R", "running", "0");
        task(601, 604, "S", "202 0x5600000010a0 0x80 0x2 0x0 0x0 0x0 0x7ffd 0x7f00", "futex_do_wait");

        assertThat(diagnose()).isEmpty();
    }

    @Test
    void javaMonitorCycleFiresAndASingleBlockedThreadDoesNot() {
        add(new JstackParser(), "jstack.txt", Fixtures.text("userspace/jstack_monitor-abba.txt"));
        assertThat(diagnose()).singleElement().satisfies(f -> {
            assertThat(f.getCause()).isEqualTo(Cause.JAVA_MONITOR_DEADLOCK);
            assertThat(pids(f)).containsExactly(1010, 1011);
            // the first application frame where a cycle thread waits, with its file:line
            assertThat(f.getCulprit().function()).isEqualTo("Shop.pay");
            assertThat(f.getCulprit().location()).isEqualTo("Shop.java:30");
        });

        facts.clear();
        String oneSide = Fixtures.text("userspace/jstack_monitor-abba.txt")
                .replace("\t- waiting to lock <0x0000000700000300> (a Shop$Stock)\n", "");
        add(new JstackParser(), "jstack.txt", oneSide);
        assertThat(diagnose()).isEmpty();
    }

    @Test
    void frozenHolderFiresAndAnIdleHolderDoesNot() {
        add(
                new ProcLocksParser(),
                "proc/locks",
                "2: FLOCK  ADVISORY  WRITE 8114 fe:00:5 0 EOF\n2: -> FLOCK  ADVISORY  WRITE 8122 fe:00:5 0 EOF\n");
        task(8114, 8114, "S", "61 0x1 0x0 0x0 0x0 0x0 0x0 0x7ffd 0x7f00", "get_signal");
        task(8122, 8122, "S", FLOCK_WAIT, "locks_lock_inode_wait");
        add(new ProcFileParser(), "proc/8114/cgroup", "0::/batch\n");
        List<Fact> idle = new ArrayList<>(facts);
        add(new SystemValuesParser(), "sys/fs/cgroup/batch/cgroup.freeze", "1\n");

        assertThat(diagnose()).singleElement().satisfies(f -> {
            assertThat(f.getCause()).isEqualTo(Cause.STALLED_LOCK_HOLDER);
            assertThat(f.getConfidence()).isEqualTo(0.9);
            assertThat(pids(f)).containsExactly(8114, 8122);
            assertThat(f.getEvidence()).extracting(e -> e.getArtifact()).contains("sys/fs/cgroup/batch/cgroup.freeze");
        });
        assertThat(engine.diagnose(idle)).isEmpty();
    }

    @Test
    void aHolderPausedWithTheLockFiresAndOneInASleepWithATimeoutDoesNot() {
        String locks =
                "1: POSIX  ADVISORY  WRITE 11908 fe:00:7 0 EOF\n1: -> POSIX  ADVISORY  WRITE 11907 fe:00:7 0 EOF\n";
        add(new ProcLocksParser(), "proc/locks", locks);
        task(11907, 11907, "S", "72 0x4 0x7 0x7ffd 0x0 0x0 0x0 0x7ffd 0x7f00", "fcntl_setlk");
        List<Fact> waiterOnly = new ArrayList<>(facts);
        task(11908, 11908, "S", "34 0x0 0x0 0x0 0x0 0x0 0x0 0x7ffd 0x7f00", "do_sys_pause");

        assertThat(diagnose()).singleElement().satisfies(f -> {
            assertThat(f.getCause()).isEqualTo(Cause.STALLED_LOCK_HOLDER);
            assertThat(f.getConfidence()).isEqualTo(0.5);
            assertThat(pids(f)).containsExactlyInAnyOrder(11908, 11907);
            assertThat(f.getBindings()).containsEntry("condition", "PAUSED").containsEntry("holderPid", "11908");
        });

        // near miss: a holder in nanosleep() wakes up by itself; that is a slow critical section, not a stall
        facts.clear();
        facts.addAll(waiterOnly);
        task(11908, 11908, "S", "230 0x0 0x0 0x7ffd 0x0 0x0 0x0 0x7ffd 0x7f00", "hrtimer_nanosleep");
        assertThat(diagnose()).isEmpty();
    }

    @Test
    void aKillableDStateTaskIsNotADeadlock() {
        add(new PsParser(), "ps-eLo.txt", Fixtures.text("userspace/ps_eLo-wchan.txt"));
        task(950, 950, "D", "58 0x0 0x0 0x0 0x0 0x0 0x0 0x7ffd 0x7f00", "kernel_clone");

        assertThat(diagnose()).isEmpty();
        assertThat(UserspaceGraphsProbe.symptoms(facts)).contains("killable-d-state t950/950");
    }
}
