package io.lockdoc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.model.Cause;
import io.lockdoc.model.Culprit;
import io.lockdoc.model.Fact;
import io.lockdoc.model.Finding;
import io.lockdoc.parse.Parser;
import io.lockdoc.parse.linux.KernelLogParser;
import io.lockdoc.parse.linux.proc.LockStatParser;
import io.lockdoc.parse.linux.proc.PerfLockContentionParser;
import io.lockdoc.parse.linux.proc.ProcLockdepParser;
import io.lockdoc.rulebase.RuleBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lock statistics: a hot lock is contention (not a deadlock), and they corroborate a lockdep finding. */
class LockContentionRulesTest {
    private static Engine engine;

    @BeforeAll
    static void rules() {
        engine = new Engine(RuleBase.packaged());
    }

    private static List<Fact> facts(Parser p, String fixture) {
        return Fixtures.parse(p, fixture, Fixtures.text("lockstat/" + fixture)).facts();
    }

    private static List<Finding> diagnose(List<Fact> facts) {
        return engine.diagnose(facts);
    }

    @Test
    void lockStatTopClassIsKernelLockContentionNamedByClassAndContentionPoint() {
        List<Finding> fs = diagnose(facts(new LockStatParser(), "lock-stat_mmap-lock-hot.txt"));

        assertThat(fs).hasSize(1);
        Finding f = fs.get(0);
        assertThat(f.getCause()).isEqualTo(Cause.KERNEL_LOCK_CONTENTION);
        assertThat(f.getCause().severity()).isEqualTo(Cause.Severity.LOCK_BUG);
        assertThat(f.getConfidence()).isEqualTo(0.5);
        assertThat(f.getRule())
                .isEqualTo("kernel-lock-contention: the lock with the most wait in a lock-statistics table");
        assertThat(f.getSummary())
                .isEqualTo("Kernel lock contention, not a deadlock: lock &mm->mmap_lock (W side) taken at"
                        + " __vm_munmap+0xa7/0x1a0 waited 1.82 s in total over 9388 contentions (longest 41.07 ms),"
                        + " the most of /proc/lock_stat; every wait ended");
        assertThat(f.getCulprit().function()).isEqualTo("__vm_munmap");
        assertThat(f.getParticipants()).first().satisfies(p -> {
            assertThat(p.role()).isEqualTo("hot-lock");
            assertThat(p.name()).isEqualTo("&mm->mmap_lock");
        });
    }

    @Test
    void perfLockContentionTopCallerIsTheHotLock() {
        List<Finding> fs = diagnose(facts(new PerfLockContentionParser(), "perf-lock-contention_per-lock-address.txt"));

        assertThat(fs).singleElement().satisfies(f -> {
            assertThat(f.getCause()).isEqualTo(Cause.KERNEL_LOCK_CONTENTION);
            assertThat(f.getSummary())
                    .startsWith("Kernel lock contention, not a deadlock: ")
                    .contains("&mm->mmap_lock");
            assertThat(f.getParticipants()).hasSize(4);
        });
    }

    @Test
    void nearMissAFewShortWaitsAreNoFinding() {
        assertThat(diagnose(facts(new PerfLockContentionParser(), "perf-lock-contention_near-miss.txt")))
                .isEmpty();
    }

    @Test
    void nearMissAPerTaskTableSaysWhoWaitedNotOnWhichLock() {
        assertThat(diagnose(facts(new PerfLockContentionParser(), "perf-lock-contention_per-task.txt")))
                .isEmpty();
    }

    @Test
    void lockStatAndLockdepCorroborateTheLockdepInversionAndRaiseNoContentionFinding() {
        List<Fact> all = new ArrayList<>();
        all.addAll(facts(new KernelLogParser(), "dmesg_lockdep-rtnl-mmap-lock.log"));
        all.addAll(facts(new LockStatParser(), "lock-stat_mmap-lock-hot.txt"));
        all.addAll(facts(new ProcLockdepParser(), "proc-lockdep_classes.txt"));

        List<Finding> fs = diagnose(all);

        assertThat(fs).singleElement().satisfies(f -> {
            assertThat(f.getCause()).isEqualTo(Cause.LOCK_ORDER_INVERSION);
            assertThat(f.getConfidence()).isEqualTo(0.99);
            assertThat(f.getReasons())
                    .extracting(Finding.Reason::text)
                    .containsExactlyInAnyOrder(
                            "/proc/lock_stat shows &mm->mmap_lock contended 9388 times (1.82 s total wait)",
                            "/proc/lock_stat shows rtnl_mutex contended 12 times (3.31 ms total wait)",
                            "/proc/lockdep records the dependency between rtnl_mutex and &mm->mmap_lock (line 6)");
        });
    }

    @Test
    void nearMissStatisticsOfOtherClassesDoNotCorroborate() {
        List<Fact> all = new ArrayList<>();
        all.addAll(Fixtures.parse(
                        new KernelLogParser(),
                        "dmesg.log",
                        Fixtures.text("linux/dmesg_lockdep-circular-seed-mymod.log"))
                .facts());
        all.addAll(facts(new LockStatParser(), "lock-stat_mmap-lock-hot.txt"));
        all.addAll(facts(new ProcLockdepParser(), "proc-lockdep_classes.txt"));

        assertThat(diagnose(all)).singleElement().satisfies(f -> {
            assertThat(f.getCause()).isEqualTo(Cause.LOCK_ORDER_INVERSION);
            assertThat(f.getReasons()).isEmpty();
            assertThat(f.getCulprit()).isNotEqualTo(new Culprit("__vm_munmap", null, null));
        });
    }
}
