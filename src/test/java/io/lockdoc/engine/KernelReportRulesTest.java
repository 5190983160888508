package io.lockdoc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.model.Cause;
import io.lockdoc.model.Completeness;
import io.lockdoc.model.Finding;
import io.lockdoc.model.Participant;
import io.lockdoc.parse.linux.KernelLogParser;
import io.lockdoc.rulebase.RuleBase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One firing test per kernel report rule (exact cause, rule, confidence, culprit) and a near miss each. */
class KernelReportRulesTest {
    private static Engine engine;

    @BeforeAll
    static void rules() {
        engine = new Engine(RuleBase.packaged());
    }

    private static List<Finding> diagnose(String artifact, String text) {
        return engine.diagnose(
                Fixtures.parse(new KernelLogParser(), artifact, text).facts());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "recursive-locking.log, recursive-locking, 'recursive-locking: lockdep: possible recursive locking', 0.9, demo_apply_cfg, demodrv, demo-ctl/4411",
        "irq-inconsistent.log, irq-lock-inversion, 'irq-lock-inversion: lockdep: lock used in and out of interrupt context', 0.9, demo_rx_account, , swapper/0/0",
        "soft-lockup.log, soft-lockup, 'soft-lockup: watchdog: soft lockup', 0.9, demo_read, demodrv, demo-scan/7001",
        "hard-lockup.log, hard-lockup, 'hard-lockup: NMI watchdog: hard lockup', 0.85, demo_flush_ring, , demo-irqd/812",
        "spinlock-lockup.log, spinlock-lockup, 'spinlock-lockup: spinlock debug: lockup, recursion or corruption', 0.9, demo_queue_event, , demo-worker/311",
        "rcu-stall.log, rcu-stall, 'rcu-stall: RCU CPU or task stall', 0.9, demo_sendmsg, , demo-sender/9001",
        "sleep-in-atomic.log, sleep-in-atomic, 'sleep-in-atomic: might_sleep in atomic context', 0.9, demo_set_mode, , demo-cfg/5120",
        "lock-imbalance.log, lock-imbalance, 'lock-imbalance: lock released, freed or kept where it must not be', 0.9, demo_release, , demo-close/6060",
        "rcu-misuse.log, rcu-misuse, 'rcu-misuse: RCU-lockdep: suspicious RCU usage', 0.9, demo_get_peer, , demo-stat/300",
        "lock-misuse.log, lock-misuse, 'lock-misuse: lockdep: lock used wrongly or lockdep itself failed', 0.85, demo_attach_queue, , demo-probe/211",
    })
    void firesWithItsCulprit(
            String file, String cause, String rule, double confidence, String function, String module, String process) {
        List<Finding> findings = diagnose(file, Fixtures.text("linux/kinds/dmesg_" + file));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.getCause().id()).isEqualTo(cause);
            assertThat(f.getRule()).isEqualTo(rule);
            assertThat(f.getConfidence()).isEqualTo(confidence);
            assertThat(f.getCompleteness()).isEqualTo(Completeness.COMPLETE);
            assertThat(f.getCulprit().function()).isEqualTo(function);
            assertThat(f.getCulprit().module()).isEqualTo(module);
            assertThat(f.getCulprit().process()).isEqualTo(process);
            assertThat(f.getMatchedFacts()).first().isEqualTo(file + "#1");
        });
    }

    /** Lines that look like each banner but are not the kernel's report: no finding. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "recursive-locking | [    1.0] demo: possible recursive locking detected in config parser, retrying",
                "irq-lock-inversion | [    1.0] demo: checking for inconsistent lock state in the firmware table",
                "hung-task | [    1.0] systemd[1]: task demo.service blocked for more than 120 seconds by its ExecStartPre",
                "soft-lockup | [    1.0] watchdog: initialized, soft lockup threshold 20s",
                "hard-lockup | [    1.0] NMI watchdog: Enabled. Permanently consumes one hw-PMU counter.",
                "spinlock-lockup | [    1.0] demo: spinlock lockup suspected by user, ignoring",
                "rcu-stall | [    1.0] rcu: RCU CPU stall warnings timeout set to 21 (rcu_cpu_stall_timeout).",
                "sleep-in-atomic | [    1.0] demo: sleeping function called from a timer is fine here",
                "lock-imbalance | [    1.0] demo: unlock balance checked, all locks released",
                "workqueue-lockup | [    1.0] workqueue: round-robin CPU selection forced, expect performance impact",
                "rcu-misuse | [    1.0] rcu: RCU lockdep checking is enabled.",
                "lock-misuse | [    1.0] demo: registering static key demo_enabled",
            })
    void aLookAlikeLineDoesNotFire(String cause, String line) {
        assertThat(diagnose("near", line + "\n[    1.1] next line\n")).isEmpty();
    }

    @Test
    void aHungTaskBlockedOnAMutexNamesTheOwnerAndWhatItWaitsFor() {
        List<Finding> findings = diagnose("h", Fixtures.text("linux/kinds/dmesg_hung-task-blocker-chain.log"));

        // the same task reported twice is one finding, with the count and the duration
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.getCause()).isEqualTo(Cause.HUNG_TASK);
            assertThat(f.getRule()).isEqualTo("hung-task: blocked task with a wait chain");
            assertThat(f.getConfidence()).isEqualTo(0.9);
            // what to unblock is the head of the chain; the reported task's frame is named beside it
            assertThat(f.getCulprit())
                    .isEqualTo(new io.lockdoc.model.Culprit(
                            "request_wait_answer", null, "demo-a/501", null, "demo_store_commit in demo-b/502"));
            assertThat(f.getBindings())
                    .containsEntry("victimFunction", "demo_store_commit")
                    .containsEntry("chainKind", "fuse")
                    .containsEntry("blocker", "demo-a:501")
                    .containsEntry("blockerPid", "501")
                    .containsEntry("blockerFunction", "request_wait_answer")
                    .containsEntry("repeats", "2 reports, blocked for at least 240 s")
                    .containsEntry(
                            "chain",
                            "wait chain: demo-b:502 -[mutex]-> demo-a:501 (head, state S, in request_wait_answer,"
                                    + " waiting for a reply from its FUSE daemon (request_wait_answer))");
            assertThat(f.getMatchedFacts()).containsExactly("h#1", "h#2", "h#1/wait-chain");
            assertThat(f.getParticipants())
                    .filteredOn(p -> p.role().equals("chain-head"))
                    .extracting(Participant::name)
                    .containsExactly("demo-a/501");
        });
    }

    @Test
    void aHeadNamedOnlyByAHeldLockListKeepsTheVictimsFrameAsCulprit() {
        // near miss of the head-as-culprit policy: the holder's stack is not printed, so its function is unknown
        List<Finding> findings =
                diagnose("w", Fixtures.text("linux/kinds/dmesg_hung-task-held-by-stackless-worker.log"));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.getCulprit()).isEqualTo(new io.lockdoc.model.Culprit("demo_cfg_apply", null, "demo-cfg/811"));
            // the worker's name keeps its own slash and colon
            assertThat(f.getBindings())
                    .containsEntry("chain", "wait chain: demo-cfg:811 -[demo_cfg_mutex]-> kworker/0:3:77 (head)");
        });
    }

    @Test
    void heldLockListsCloseACycleBetweenTwoHungTasks() {
        List<Finding> findings = diagnose("c", Fixtures.text("linux/kinds/dmesg_hung-task-held-locks-cycle.log"));

        assertThat(findings).hasSize(2);
        assertThat(findings.get(0).getConfidence()).isEqualTo(0.95);
        assertThat(findings.get(0).getBindings())
                .containsEntry(
                        "chain",
                        "wait-for cycle: demo-x:701 -[&demo->lock_b]-> demo-y:702 -[&demo->lock_a]-> demo-x:701")
                .doesNotContainKey("blocker");
    }

    @Test
    void aHungTaskWithoutBlockerOrHeldLocksHasNoChain() {
        String one = Fixtures.text("linux/kinds/dmesg_hung-task-blocker-chain.log")
                .lines()
                .limit(16)
                .reduce("", (a, b) -> a + b + "\n");

        assertThat(diagnose("n", one)).singleElement().satisfies(f -> {
            assertThat(f.getRule()).isEqualTo("hung-task: blocked task");
            assertThat(f.getConfidence()).isEqualTo(0.85);
            assertThat(f.getBindings()).doesNotContainKeys("chain", "blocker", "repeats");
        });
    }

    @Test
    void aTruncatedHungTaskIsDiagnosedIncompleteWithLowerConfidence() {
        List<Finding> findings = diagnose("t", Fixtures.text("linux/kinds/dmesg_hung-task-truncated.log"));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.getCause()).isEqualTo(Cause.HUNG_TASK);
            assertThat(f.getCompleteness()).isEqualTo(Completeness.TRUNCATED);
            assertThat(f.getConfidence()).isEqualTo(0.7);
            assertThat(f.getCulprit().process()).isEqualTo("demo-io/880");
        });
    }

    @Test
    void aWorkqueueLockupHasNoStackAndIsStillComplete() {
        assertThat(diagnose("w", Fixtures.text("linux/kinds/dmesg_workqueue-lockup.log")))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.getCause()).isEqualTo(Cause.WORKQUEUE_LOCKUP);
                    assertThat(f.getConfidence()).isEqualTo(0.85);
                    assertThat(f.getCompleteness()).isEqualTo(Completeness.COMPLETE);
                });
    }

    @Test
    void severalReportsInOneLogAreEachAFindingInLogOrder() {
        String log = Fixtures.text("linux/kinds/dmesg_sleep-in-atomic.log")
                + Fixtures.text("linux/kinds/dmesg_hard-lockup.log");

        assertThat(diagnose("m", log))
                .extracting(f -> f.getCause().id())
                .containsExactly("sleep-in-atomic", "hard-lockup");
    }

    @Test
    void linesOfAnotherTaskInsideAReportAreSkipped() {
        String log =
                """
                [   10.000001][ T5120] BUG: sleeping function called from invalid context at kernel/locking/mutex.c:580
                [   10.000002][ T5120] Call Trace:
                [   10.000003][ T5120]  __might_resched+0xf4/0x12f
                [   10.000004][   T77] demo_other_task_frame+0x1/0x2
                [   10.000005][ T5120]  demo_set_mode+0x44/0x80
                [   10.000006][ T5120]  do_syscall_64+0x3b/0x90
                """;

        assertThat(diagnose("i", log))
                .singleElement()
                .satisfies(f -> assertThat(f.getCulprit().function()).isEqualTo("demo_set_mode"));
    }
}
