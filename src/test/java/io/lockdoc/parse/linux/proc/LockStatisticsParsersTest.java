package io.lockdoc.parse.linux.proc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.model.LockContention;
import io.lockdoc.model.LockContention.Aggregation;
import io.lockdoc.model.LockContention.Source;
import io.lockdoc.model.LockdepGraph;
import io.lockdoc.parse.Parser;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * perf lock contention / report tables (captured here on 6.18 with perf lock record and the BPF mode) and
 * lockdep's /proc files (hand-written in the shapes of Documentation/locking/lockstat.rst and the kernel's
 * lockdep_proc.c, since this kernel has no CONFIG_LOCKDEP).
 */
class LockStatisticsParsersTest {
    private static Fixtures.Parsed parse(Parser p, String fixture) {
        return Fixtures.parse(p, fixture, Fixtures.text("lockstat/" + fixture));
    }

    private static List<LockContention> rows(Parser p, String fixture) {
        return parse(p, fixture).facts().stream()
                .map(LockContention.class::cast)
                .toList();
    }

    @Test
    void perfLockContentionByCallerWithUnitsInNanoseconds() {
        List<LockContention> rs = rows(new PerfLockContentionParser(), "perf-lock-contention_default.txt");

        assertThat(rs).hasSize(5);
        LockContention top = rs.get(0);
        assertThat(top.getSource()).isEqualTo(Source.PERF_LOCK_CONTENTION);
        assertThat(top.getAggregation()).isEqualTo(Aggregation.CALLER);
        assertThat(top.getContentions()).isEqualTo(40132);
        assertThat(top.getTotalWaitNs()).isEqualTo(515_700_000L);
        assertThat(top.getMaxWaitNs()).isEqualTo(15_750_000L);
        assertThat(top.getAvgWaitNs()).isEqualTo(12_850L);
        assertThat(top.getLockType()).isEqualTo("mutex");
        assertThat(top.getCaller()).isEqualTo("do_syscall_64+0x71");
        assertThat(top.getEvidence().getFirstLine()).isEqualTo(3);
        assertThat(rs.get(4).getTotalWaitNs()).isEqualTo(879_760L);
        assertThat(rs.get(1).getLockType()).isEqualTo("rwsem:W");
    }

    @Test
    void perfLockContentionPerTaskAndPerLockAddress() {
        List<LockContention> tasks = rows(new PerfLockContentionParser(), "perf-lock-contention_per-task.txt");
        assertThat(tasks).hasSize(5).allMatch(r -> r.getAggregation() == Aggregation.TASK);
        assertThat(tasks.get(0).getPid()).isEqualTo(6133);
        assertThat(tasks.get(0).getTotalWaitNs()).isEqualTo(220_580_000L);

        List<LockContention> locks = rows(new PerfLockContentionParser(), "perf-lock-contention_per-lock-address.txt");
        assertThat(locks).hasSize(4).allMatch(r -> r.getAggregation() == Aggregation.LOCK);
        assertThat(locks.get(0).getLock()).isEqualTo("&mm->mmap_lock");
        assertThat(locks.get(0).getAddress()).isEqualTo("0xffff9d4ac3a2b1c8");
        assertThat(locks.get(0).getLockType()).isEqualTo("rwsem");
        assertThat(locks.get(1).getLock()).isEqualTo("&f->f_pos_lock");
    }

    @Test
    void perfLockReportTable() {
        List<LockContention> rs = rows(new PerfLockContentionParser(), "perf-lock-report_default.txt");

        assertThat(rs).isNotEmpty().allMatch(r -> r.getSource() == Source.PERF_LOCK_REPORT);
        LockContention top = rs.stream()
                .max(java.util.Comparator.comparingLong(LockContention::getTotalWaitNs))
                .orElseThrow();
        assertThat(top.getContentions()).isEqualTo(2552);
        assertThat(top.getTotalWaitNs()).isEqualTo(798_860_000L);
        assertThat(top.getAcquisitions()).isNotNull();
    }

    @Test
    void aBadValueSkipsItsRowWithTheLineAndKeepsTheRest() {
        Fixtures.Parsed p = parse(new PerfLockContentionParser(), "perf-lock-contention_garbage.txt");

        assertThat(p.facts()).singleElement().satisfies(f -> assertThat(((LockContention) f).getCaller())
                .isEqualTo("vm_mmap_pgoff+0xe9"));
        assertThat(p.problems()).extracting(io.lockdoc.model.Problem::line).containsExactly(3, 4);
    }

    @Test
    void lockStatClassesWithTheirSidesAndContentionPoints() {
        List<LockContention> rs = rows(new LockStatParser(), "lock-stat_mmap-lock-hot.txt");

        LockContention w = rs.get(0);
        assertThat(w.getSource()).isEqualTo(Source.LOCK_STAT);
        assertThat(w.getLock()).isEqualTo("&mm->mmap_lock");
        assertThat(w.getLockType()).isEqualTo("W");
        assertThat(w.getContentions()).isEqualTo(9388);
        // lock_stat prints microseconds with two decimals
        assertThat(w.getTotalWaitNs()).isEqualTo(1_821_733_900L);
        assertThat(w.getMaxWaitNs()).isEqualTo(41_070_120L);
        assertThat(w.getPoints()).first().isEqualTo(new LockContention.Point("__vm_munmap+0xa7/0x1a0", 6120, false));
        assertThat(rs).extracting(LockContention::getLock).contains("rtnl_mutex", "&sb->s_type->i_mutex_key#3");
    }

    @Test
    void lockStatGarbageIsAProblemNotACrash() {
        Fixtures.Parsed p = parse(new LockStatParser(), "lock-stat_garbage.txt");

        assertThat(p.problems()).isNotEmpty().allSatisfy(e -> assertThat(e.line())
                .isPositive());
    }

    @Test
    void procLockdepClassesAndDependencies() {
        LockdepGraph g = (LockdepGraph) parse(new ProcLockdepParser(), "proc-lockdep_classes.txt")
                .facts()
                .get(0);

        assertThat(g.getSource()).isEqualTo(LockdepGraph.Source.LOCKDEP);
        // every class named, as a header or as the target of a dependency
        assertThat(g.getClassCount()).isEqualTo(6);
        assertThat(g.edgeLine("rtnl_mutex", "&mm->mmap_lock")).isEqualTo(6);
        assertThat(g.edgeLine("&mm->mmap_lock", "rtnl_mutex")).isNotNull();
        assertThat(g.edgeLine("rcu_state", "rtnl_mutex")).isNull();
    }

    @Test
    void procLockdepChains() {
        LockdepGraph g = (LockdepGraph) parse(new ProcLockdepParser(), "proc-lockdep_chains.txt")
                .facts()
                .get(0);

        assertThat(g.getSource()).isEqualTo(LockdepGraph.Source.LOCKDEP_CHAINS);
        assertThat(g.edgeLine("cpu_hotplug_lock", "rtnl_mutex")).isEqualTo(4);
        assertThat(g.edgeLine("&sb->s_type->i_mutex_key#3", "&mm->mmap_lock")).isEqualTo(8);
    }
}
