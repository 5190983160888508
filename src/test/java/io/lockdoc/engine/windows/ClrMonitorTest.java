package io.lockdoc.engine.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lockdoc.Fixtures;
import io.lockdoc.engine.Engine;
import io.lockdoc.model.Finding;
import io.lockdoc.model.Participant;
import io.lockdoc.model.windows.WinMonitor;
import io.lockdoc.model.windows.WinWaitCycle;
import io.lockdoc.parse.windows.WindowsFixtures;
import io.lockdoc.rulebase.RuleBase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SOS !syncblk monitors feed the Windows wait graph: a cycle through CLR monitors is a deadlock. */
class ClrMonitorTest {
    private static Engine engine;

    @BeforeAll
    static void rules() {
        engine = new Engine(RuleBase.packaged());
    }

    @Test
    void syncblkRowsAreMonitorsWithOwners() {
        Fixtures.Parsed p = WindowsFixtures.parse("windbg_syncblk-monitor-cycle.txt");

        assertThat(WindowsFixtures.detect(
                                "windbg_syncblk-monitor-cycle.txt",
                                WindowsFixtures.bytes("windbg_syncblk-monitor-cycle.txt"))
                        .type()
                        .id())
                .isEqualTo("windbg");
        assertThat(p.of(WinMonitor.class))
                .extracting(
                        WinMonitor::getSyncBlock,
                        WinMonitor::getMonitorHeld,
                        WinMonitor::getOwnerThreadId,
                        WinMonitor::getOwnerDebuggerId,
                        WinMonitor::getObject,
                        WinMonitor::getType,
                        WinMonitor::isContended)
                .containsExactly(
                        tuple("c4a1e3c8d8", 3, "1e30", 5, "c4a3402e88", "Billing.Account", true),
                        tuple("c4a1e3c928", 3, "2214", 6, "c4a3402ea0", "Billing.Account", true),
                        tuple("c4a1e3c9c8", 0, null, null, "c4a3403110", "System.Object", false));
        assertThat(p.of(WinMonitor.class).get(0).getEvidence().getFirstLine()).isEqualTo(4);
        assertThat(p.problems()).isEmpty();
    }

    @Test
    void waitingThreadsLineNamesTheWaiters() {
        Fixtures.Parsed p = WindowsFixtures.parse(
                "syncblk.txt",
                ("0:000> !syncblk\n"
                                + "Index SyncBlock MonitorHeld Recursion Owning Thread Info  SyncBlock Owner\n"
                                + "   12 0000024e3d3a7f48            5         1 0000024e3d2f2ae0 3a10   0   0000024e3f2b6e18 System.Object\n"
                                + "Waiting threads: 7 9\n"
                                + "-----------------------------\n"
                                + "Total           12\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));

        WinMonitor m = p.of(WinMonitor.class).get(0);
        assertThat(m.getWaiterDebuggerIds()).containsExactly(7, 9);
        assertThat(m.getEvidence().getLastLine()).isEqualTo(4);
    }

    @Test
    void aCycleThroughMonitorsIsAUserModeLockDeadlock() {
        List<Finding> findings = engine.diagnose(
                WindowsFixtures.parse("windbg_syncblk-monitor-cycle.txt").facts());

        assertThat(findings).hasSize(1);
        Finding f = findings.get(0);
        assertThat(f.getCause().id()).isEqualTo("critical-section-deadlock");
        assertThat(f.getRule()).isEqualTo("critical-section-deadlock: wait cycle through CLR monitors");
        // thread 5's edge is read from its JITutil_MonEnterWorker argument, thread 6's is inferred
        assertThat(f.getConfidence()).isEqualTo(0.9);
        assertThat(f.getParticipants())
                .filteredOn(x -> x.kind() == Participant.Kind.THREAD)
                .extracting(Participant::name, Participant::detail)
                .containsExactly(
                        tuple("3f0c.1e30", "waits for monitor c4a3402ea0 (Billing.Account)"),
                        tuple(
                                "3f0c.2214",
                                "waits for monitor c4a3402e88 (Billing.Account) (inferred: the only contended lock it"
                                        + " does not own)"));
        assertThat(f.getEvidence().get(0).getFirstLine()).isEqualTo(4);
    }

    @Test
    void anOwnedMonitorWithoutWaitersAndAThreadInMonitorWaitIsNoDeadlock() {
        Fixtures.Parsed p = WindowsFixtures.parse("windbg_syncblk-held-idle.txt");

        assertThat(p.of(WinMonitor.class)).hasSize(2);
        assertThat(WindowsWaitGraph.derive(p.facts())).noneMatch(x -> x instanceof WinWaitCycle);
        assertThat(engine.diagnose(p.facts())).isEmpty();
    }

    @Test
    void sosexDlkListingIsAProvenCycleWithTheManagedMethods() {
        List<Finding> findings = engine.diagnose(
                WindowsFixtures.parse("windbg_sosex-dlk-cycle.txt").facts());

        assertThat(findings).hasSize(1);
        Finding f = findings.get(0);
        assertThat(f.getRule()).isEqualTo("critical-section-deadlock: wait cycle through CLR monitors");
        assertThat(f.getConfidence()).isEqualTo(0.95);
        assertThat(f.getSummary())
                .isEqualTo("Deadlock: 2 threads wait for each other's monitor (7 -[21c51b0c3d8 (Shop.Billing.Ledger)]->"
                        + " 9 -[21c51b0c3a0 (Shop.Orders.OrderCache)]-> 7)");
        assertThat(f.getCulprit().function()).isEqualTo("Shop.Orders.OrderCache.Refresh / Shop.Billing.Ledger.Post");
        assertThat(f.getCulprit().module()).isNull();
        assertThat(f.getParticipants())
                .filteredOn(x -> x.kind() == Participant.Kind.THREAD)
                .extracting(Participant::name, Participant::detail)
                .containsExactly(
                        tuple(
                                "7",
                                "waits for monitor 21c51b0c3d8 (Shop.Billing.Ledger) in Shop.Orders.OrderCache.Refresh"),
                        tuple(
                                "9",
                                "waits for monitor 21c51b0c3a0 (Shop.Orders.OrderCache) in Shop.Billing.Ledger.Post"));
        assertThat(f.getEvidence().get(0).getFirstLine()).isEqualTo(13);
        assertThat(f.getEvidence().get(0).getLastLine()).isEqualTo(18);
    }

    @Test
    void sosexDlkThatFoundNothingIsNoFinding() {
        Fixtures.Parsed p = WindowsFixtures.parse("windbg_sosex-dlk-none.txt");

        assertThat(p.of(WinMonitor.class)).isEmpty();
        assertThat(engine.diagnose(p.facts())).isEmpty();
    }

    @Test
    void aMonitorThatCountsWaitersButHasNoOwnerIsALeadOnAHang() {
        List<Finding> findings = engine.diagnose(
                WindowsFixtures.parse("windbg_syncblk-unowned-waiters.txt").facts());

        assertThat(findings)
                .extracting(Finding::getRule, Finding::getConfidence)
                .containsExactly(tuple("critical-section-deadlock: CLR monitor with waiters and no owner", 0.5));
        assertThat(findings.get(0).getParticipants())
                .extracting(Participant::name)
                .containsExactly("monitor 1d3ab01e7c8 (System.Object)");
        assertThat(findings.get(0).getEvidence().get(0).getFirstLine()).isEqualTo(3);
    }
}
