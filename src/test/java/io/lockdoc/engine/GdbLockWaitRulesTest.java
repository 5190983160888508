package io.lockdoc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.model.Culprit;
import io.lockdoc.model.Finding;
import io.lockdoc.parse.linux.proc.GdbParser;
import io.lockdoc.rulebase.RuleBase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** gdb shows lock waits but no owners: a probable deadlock at the confidence that deserves, never on a busy process. */
class GdbLockWaitRulesTest {
    private static Engine engine;

    @BeforeAll
    static void rules() {
        engine = new Engine(RuleBase.packaged());
    }

    private static List<Finding> diagnose(String fixture) {
        return engine.diagnose(Fixtures.parse(new GdbParser(), "gdb.txt", Fixtures.text("userspace/" + fixture))
                .facts());
    }

    @Test
    void severalThreadsInLockWaitsWithoutOwnersAreAProbableDeadlock() {
        Finding f = diagnose("gdb_info-threads-lock-waits.txt").get(0);

        assertThat(f.getCause().id()).isEqualTo("userspace-mutex-deadlock");
        assertThat(f.getRule())
                .isEqualTo("userspace-mutex-deadlock: gdb shows threads blocked on mutexes, owners not shown");
        assertThat(f.getConfidence()).isEqualTo(0.5);
        assertThat(f.getSummary())
                .isEqualTo(
                        "Threads blocked on pthread mutexes in indexer (gdb): 2 of the 4 threads shown wait in"
                                + " __lll_lock_wait; no owner is shown, so the cycle is not proven (print each mutex's __owner)");
    }

    @Test
    void aCutPasteOfOneWaiterNamesItsLockAndOwnFrameAtALowConfidence() {
        Finding f = diagnose("gdb_bt-cpp-lock-guard-cut.txt").get(0);

        assertThat(f.getConfidence()).isEqualTo(0.35);
        assertThat(f.getCulprit()).isEqualTo(new Culprit("channel_close", null, null, "channel.cpp:212"));
        assertThat(f.getBindings()).containsEntry("mutexAddress", "0xa9a360").containsEntry("lockA", "registry_mutex");
    }

    @Test
    void nearMissOneWaiterAmongBusyThreadsIsNoFinding() {
        assertThat(diagnose("gdb_bt-one-waiter-among-busy.txt")).isEmpty();
    }

    @Test
    void aProvenCycleIsTheCycleNotTheWaits() {
        List<Finding> f = engine.diagnose(new java.util.ArrayList<io.lockdoc.model.Fact>() {
            {
                addAll(Fixtures.parse(new GdbParser(), "gdb-bt.txt", Fixtures.text("userspace/gdb_bt-mutex-abba.txt"))
                        .facts());
                addAll(Fixtures.parse(new GdbParser(), "gdb-mutex.txt", Fixtures.text("userspace/gdb_mutex-owners.txt"))
                        .facts());
            }
        });
        assertThat(f)
                .extracting(Finding::getRule)
                .containsExactly("userspace-mutex-deadlock: wait-for cycle over mutexes");
    }
}
