package io.lockdoc.engine;

import io.lockdoc.model.Frame;
import io.lockdoc.model.FunctionNames;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Frame selection: which function a finding blames. One policy for all kernel reports: skip
 * the machinery that every report shares (lock primitives, lockdep, printk, stack dumping, the
 * scheduler and wait functions) and take the first frame that is the caller's own code.
 */
public final class Culprits {
    /** Lock and wait primitives: they are how a lock is taken, never why it deadlocks. */
    static final Pattern PRIMITIVE = Pattern.compile("^(?:"
            + "_*(?:raw_|do_raw_)?(?:spin|read|write)_(?:un)?lock\\w*|_*raw_\\w*lock\\w*|_*(?:spin|rw)lock\\w*"
            + "|_*mutex_(?:un)?lock\\w*|_*mutex_trylock\\w*|mutex_lock_io\\w*|_*ww_mutex\\w*|_*rt_mutex\\w*|rt_spin\\w*"
            + "|_*down(?:_\\w+)?|_*up(?:_read|_write)?|_*rwsem\\w*|_*percpu_(?:down|up|rwsem)\\w*|_*lock_acquire\\w*|lock_release|lock_map_\\w+"
            + "|_*lock_sock\\w*|lock_contended|lock_acquired|_*wait_for_completion\\w*|_*wait_for_common\\w*|do_wait_for_common"
            + "|_*schedule\\w*|_*preempt_schedule\\w*|io_schedule\\w*|_*cond_resched\\w*|_*wait_event\\w*|_*prepare_to_wait\\w*|_*finish_wait"
            + "|_*synchronize_(?:rcu|srcu|sched)\\w*|_*rcu_barrier\\w*|_*wait_rcu_gp|_*wait_on_\\w+|bit_wait\\w*|out_of_line_wait_on_bit\\w*"
            + "|_*seqcount\\w*|_*read_seqcount\\w*|_*refcount\\w*|_*local_bh_\\w+|_*local_irq_\\w+|_*irq_\\w+_restore"
            + ")$");
    /** Reporting machinery that sits on top of every stack the kernel prints. */
    static final Pattern MACHINERY = Pattern.compile("^(?:"
            + "dump_stack\\w*|show_stack|__?show_regs|show_trace\\w*|print_\\w+|check_(?:noncircular|prev_add|prevs_add|deadlock|irq_usage|flags|wait_context|usage\\w*|chain_key|irq_safe_unsafe)|validate_chain|__?lock_acquire\\w*"
            + "|lockdep_\\w+|debug_\\w+|mark_lock\\w*|mark_usage|valid_state|__?warn\\w*|warn_\\w+|report_bug|panic|nmi_\\w+"
            + "|_*printk\\w*|_*vprintk\\w*|printk\\w*|console_\\w+|_*down_trylock_console_sem|_*up_console_sem|_*console_\\w+"
            + "|kasan_\\w+|__kasan_\\w+|kmsan_\\w+|ubsan_\\w+|save_stack\\w*|stack_trace_\\w+|arch_stack_walk|trace_\\w+|_*sanitizer\\w*"
            + "|entry_SYSCALL\\w*|do_syscall_\\w+|ret_from_fork\\w*|kthread|worker_thread|process_one_work|process_scheduled_works"
            + ")$");

    private Culprits() {}

    public static boolean isPrimitive(String function) {
        String f = FunctionNames.normalize(function);
        return f == null
                || PRIMITIVE.matcher(f).matches()
                || MACHINERY.matcher(f).matches();
    }

    /** The first reliable frame of {@code frames} that is neither a primitive nor reporting machinery. */
    public static Optional<Frame> firstOwnFrame(List<Frame> frames) {
        return frames.stream()
                .filter(Frame::reliable)
                .filter(f -> !isPrimitive(f.function()))
                .findFirst();
    }

    /**
     * The lock-order culprit: the {@code at:} function of the lock being acquired; when that is a
     * primitive itself ({@code down_trylock}, {@code mutex_lock_nested} ...), the first own frame
     * of the call trace after it.
     */
    public static Optional<String> forAcquisition(String atFunction, List<Frame> trace) {
        String at = FunctionNames.normalize(atFunction);
        if (at != null && !isPrimitive(at)) {
            return Optional.of(at);
        }
        int start = 0;
        if (at != null) {
            for (int i = 0; i < trace.size(); i++) {
                if (at.equals(trace.get(i).baseFunction())) {
                    start = i + 1;
                    break;
                }
            }
        }
        return firstOwnFrame(trace.subList(start, trace.size())).map(Frame::baseFunction);
    }

    /** Whether any reliable frame is {@code function} (compiler suffixes ignored). */
    public static boolean mentions(List<Frame> frames, String function) {
        return function != null && frames.stream().anyMatch(f -> f.reliable() && function.equals(f.baseFunction()));
    }

    /** The module of the frame that names {@code function} in {@code frames}, if it has one. */
    public static Optional<String> moduleOf(String function, List<Frame> frames) {
        if (function == null) {
            return Optional.empty();
        }
        return frames.stream()
                .filter(f -> function.equals(f.baseFunction()) && f.module() != null)
                .map(Frame::module)
                .findFirst();
    }
}
