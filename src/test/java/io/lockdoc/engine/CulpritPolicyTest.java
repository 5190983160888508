package io.lockdoc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.model.Frame;
import io.lockdoc.model.KernelReport;
import io.lockdoc.parse.linux.KernelLogParser;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The per-kind frame-selection policy of {@link Culprits}, on whole reports read by the kernel-log parser. */
class CulpritPolicyTest {

    private static List<KernelReport> reports(String file) {
        return Fixtures.parse(new KernelLogParser(), file, Fixtures.text("linux/culprits/" + file))
                .of(KernelReport.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // the RIP line after the timer interrupt starts the stalled code; its softirq frames count
        "dmesg_rcu-stall-softirq-nested.log, demo_beacon_timer",
        // a console line of another origin inside the trace does not cut it; syscall named wrapper-free
        "dmesg_rcu-stall-syscall-interleaved.log, sys_recvmmsg",
        // a soft lockup in a tasklet: the frame just inside the tasklet dispatcher
        "dmesg_soft-lockup-tasklet.log, demo_tasklet_handler",
        // *-safe -> *-unsafe: the stack where the lock became irq-safe, not the acquisition
        "dmesg_safe-unsafe-order.log, demo_timeout_fn",
        // DEBUG_LOCKS_WARN_ON + WARNING are one report; frames from RIP on, past up_write
        "dmesg_lockdep-warn-split.log, demo_drop_super",
        // arm: after the exception stack, through to the syscall return the last line names as caller
        "dmesg_arm-rcu-stall.log, sys_mount",
        // scheduling while atomic: the caller of cond_resched (the function that slept), not the scheduler
        "dmesg_scheduling-while-atomic-cond-resched.log, __alloc_pages_nodemask",
        // the panic it ends in is reporting machinery too
        "dmesg_scheduling-while-atomic-panic.log, exit_to_usermode_loop",
        // a soft lockup cut before its Call Trace: the RIP line is the one frame known
        "dmesg_soft-lockup-cut-before-trace.log, demo_scrub_pages",
        // DEBUG_LOCKS_WARN_ON raised inside lockdep's check_flags: its caller past lock_acquire
        "dmesg_lockdep-warn-check-flags.log, __fget",
        // invalid wait context cut after dump_stack: where the lock is taken in the wrong context
        "dmesg_invalid-wait-context-cut.log, ___slab_alloc",
    })
    void picksTheFrameByReportStructure(String file, String culprit) {
        List<KernelReport> reports = reports(file);

        assertThat(reports).hasSize(1);
        assertThat(Culprits.forReport(reports.get(0))).contains(culprit);
    }

    @Test
    void aHungTaskWhoseStackIsOnlyWaitingNamesNoCulprit() {
        assertThat(Culprits.forReport(reports("dmesg_hung-task-only-waits.log").get(0)))
                .isEmpty();
    }

    @Test
    void theStalledCodeIsNotTheInterruptNorTheTaskItInterruptedFromSoftirq() {
        KernelReport r = reports("dmesg_rcu-stall-softirq-nested.log").get(0);

        // near-miss: the frames after the last timer interrupt (the task below the softirq) are not it
        assertThat(Culprits.forReport(r)).isNotEqualTo(java.util.Optional.of("demo_copy_page"));
        assertThat(r.getFrames())
                .filteredOn(f -> f.role() == Frame.Role.PC)
                .extracting(Frame::function)
                .containsExactly("demo_checksum_block");
        assertThat(r.getFrames())
                .filteredOn(f -> f.function().equals("dump_stack"))
                .extracting(Frame::role)
                .containsExactly(Frame.Role.INTERRUPT);
    }

    @Test
    void theIrqUsageStacksAreReadWithTheLockAtNestedIrqStateBrackets() {
        KernelReport r = reports("dmesg_safe-unsafe-order.log").get(0);

        assertThat(r.getAcquiring().atFunction()).isEqualTo("demo_notify");
        assertThat(r.getTask()).isEqualTo("demo-io");
        assertThat(r.getUsageTraces())
                .extracting(t -> t.context())
                .containsExactly("... which became HARDIRQ-irq-safe at:", "... which became HARDIRQ-irq-unsafe at:");
        assertThat(r.getUsageTraces().get(0).frames())
                .extracting(Frame::function)
                .containsExactly(
                        "lock_acquire",
                        "_raw_spin_lock_irqsave",
                        "demo_timeout_fn",
                        "__hrtimer_run_queues",
                        "hrtimer_interrupt");
    }

    @Test
    void aModuleFrameKeepsItsModule() {
        KernelReport r = reports("dmesg_soft-lockup-tasklet.log").get(0);

        assertThat(Culprits.moduleOf("demo_tasklet_handler", r.getFrames())).contains("demo_wlan");
    }
}
