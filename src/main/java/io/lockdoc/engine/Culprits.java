package io.lockdoc.engine;

import io.lockdoc.model.Frame;
import io.lockdoc.model.FunctionNames;
import io.lockdoc.model.KernelReport;
import io.lockdoc.model.LockRef;
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
            + "|_*lock_sock\\w*|release_sock|lock_contended|lock_acquired|_*wait_for_completion\\w*|_*wait_for_common\\w*|do_wait_for_common"
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

    /**
     * Helpers every report passes through that say nothing about the bug: sanitizers, string and
     * memory copies, list and refcount helpers, might_sleep checks, printing and warning code.
     */
    static final Pattern GENERIC = Pattern.compile("^(?:"
            + "__sanitizer\\w*|__asan\\w*|\\w*kasan\\w*|__msan\\w*|\\w*kmsan\\w*|check_memory_region\\w*|read_word_at_a_time"
            + "|_*mem(?:cpy|cmp|set|chr|move)\\w*|_*str(?:n?cmp|l?cpy|ncpy|scpy|n?len|nstr|chr)\\w*|_*copy_(?:to|from)_user\\w*|_*(?:put|get)_user\\w*"
            + "|_*might_(?:fault|sleep|resched)\\w*|___might_sleep|__might_resched|__cant_sleep|_*list_(?:add|del|replace|move|splice)\\w*"
            + "|_*refcount_\\w+|_*kref_\\w+|\\w*_indirect_thunk_\\w*|\\w*snprintf|kv?asprintf|_*dev_(?:info|notice|warn|err|alert|crit|emerg)"
            + "|spin_dump|spin_bug|rwlock_bug|do_raw_(?:spin|read|write)_\\w+|bad_mode|dump_backtrace\\w*|show_regs\\w*|_*report_bug|fixup_bug|do_error_trap|do_invalid_op|invalid_op|exc_invalid_op|handle_bug"
            + "|register_lock_class|look_up_lock_class|lockdep_init_map\\w*|__lockdep_init_map|lock_is_held\\w*|reacquire_held_locks|find_held_lock|__lock_release|lock_set_class|mark_held_locks|_*lock_is_held_type"
            + "|rcu_read_lock_\\w*held|rcu_lockdep_current_cpu_online|debug_check_no_locks_freed|debug_check_no_obj_freed|kmem_cache_free|kfree|__kmem_cache_free|slab_free\\w*|__slab_free|kfree_skb\\w*"
            + "|\\w+_compat_ioctl|context_switch|__switch_to\\w*|finish_task_switch\\w*|_*preempt_count_\\w+|_*perf_trace\\w*"
            + ")$");

    /**
     * Dispatch points: where a stall stops being "the code that looped" and becomes "how the CPU
     * got there" (syscall, softirq, timer, workqueue, kthread entries, and the generic VFS, socket,
     * page-fault and return-to-user dispatchers). The stall culprit is the frame just inside the
     * first of these: for an ioctl that names the driver, for a sendmsg the protocol.
     */
    static final Pattern STALL_ANCHOR = Pattern.compile("^(?:"
            + "entry_SYSCALL\\w*|do_syscall_\\w+|do_fast_syscall\\w*|do_int80\\w*|sysenter_dispatch|tracesys\\w*|ret_fast_syscall|el0_svc\\w*|invoke_syscall|do_el0_svc"
            + "|ret_from_fork\\w*|kthread|worker_thread|process_one_work|process_scheduled_works|smpboot_thread_fn|run_ksoftirqd"
            + "|__do_softirq|handle_softirqs|do_softirq\\w*|_*netif_receive_skb\\w*|call_timer_fn|_*run_timers?\\w*|run_timer_softirq|expire_timers"
            + "|cpu_startup_entry|start_secondary|do_idle"
            + "|(?:__)?vfs_(?:read|write|readv|writev|iter_read|iter_write|ioctl|open)|do_vfs_ioctl|ksys_ioctl|compat_blkdev_ioctl|compat_sys_ioctl|do_iter_(?:read|write|readv_writev)|call_(?:read|write)_iter|call_mmap|mmap_region|do_mmap\\w*|do_dentry_open"
            + "|blkdev_(?:driver_)?ioctl|_*sock_(?:sendmsg|recvmsg|release|mmap|do_ioctl|ioctl)\\w*|compat_sock_ioctl|__sys_(?:setsockopt|listen|accept\\w*)|kernel_(?:setsockopt|listen|accept)"
            + "|sock_common_setsockopt|sk_common_release|nfnetlink_rcv_msg"
            + "|(?:compat_)?(?:SYSC|SyS|__sys|___sys|__do_sys|__se_sys|__x64_sys|__ia32_sys|__arm64_sys)_(?:socketpair|connect|ioctl)"
            + "|__do_fault|handle_mm_fault|do_page_fault|page_fault|exc_page_fault|asm_exc_page_fault|__fput|task_work_run|exit_to_user\\w*|exit_to_usermode\\w*"
            + ")$");

    /** The timer or NMI through which the watchdog or RCU looked at the CPU: what lies inside it is the reporter. */
    static final Pattern TIMER_INTERRUPT = Pattern.compile(
            "^(?:asm_sysvec_apic_timer_interrupt|sysvec_apic_timer_interrupt|__sysvec_apic_timer_interrupt|smp_apic_timer_interrupt\\w*"
                    + "|apic_timer_interrupt|local_apic_timer_interrupt|hrtimer_interrupt|arch_timer_handler_\\w+|el1_interrupt|el1h_64_irq\\w*|gic_handle_irq|__irq_svc"
                    + "|nmi_cpu_backtrace\\w*|nmi_trigger_cpumask_backtrace|asm_sysvec_call_function_single)$");

    /** Hung tasks: waits that many unrelated hangs share, grouped under the mechanism that is stuck. */
    static final Pattern HUNG_GROUP_RCU =
            Pattern.compile("^(?:synchronize_(?:rcu|srcu|net|sched)\\w*|rcu_barrier\\w*)$");

    /** Hung tasks: frames of the waiting itself (scheduler, sleeping locks, completions, waits). */
    static final Pattern HUNG_WAIT = Pattern.compile(
            ".*(?:sched|_lock|_slowlock|down|completion|kthread|wait|synchronize|context_switch|__switch_to|cancel_delayed_work|flush_work|kthread_stop|usb_start_wait_urb|usb_kill_urb|usb_control_msg|usb_bulk_msg).*");

    /**
     * The culprit of one kernel report, by kind.
     *
     * <ul>
     *   <li>lockdep pair and irq-state reports, bad unlock balance: the {@code at:} function of the
     *       lock taken or released, unless it is a primitive; then the first own frame after it;
     *   <li>locks left held (returning to user, at exit, freed): the {@code at:} function of the
     *       most recent lock still held;
     *   <li>stalls (soft/hard lockup, RCU stall, workqueue lockup): {@link #forStall};
     *   <li>hung tasks: {@link #forHungTask};
     *   <li>everything else (sleeping in atomic, lock misuse, suspicious RCU usage, spinlock debug):
     *       the first own frame of the call trace, skipping {@link #GENERIC} helpers.
     * </ul>
     */
    public static Optional<String> forReport(KernelReport r) {
        List<Frame> frames = r.getFrames();
        switch (r.getKind()) {
            case SOFT_LOCKUP, HARD_LOCKUP, RCU_STALL, WORKQUEUE_LOCKUP -> {
                return forStall(stalledStack(r));
            }
            case HUNG_TASK, HUNG_TASK_PANIC -> {
                return forHungTask(frames);
            }
            case CIRCULAR_LOCKING,
                    RECURSIVE_LOCKING,
                    INCONSISTENT_LOCK_STATE,
                    IRQ_LOCK_INVERSION,
                    IRQ_SAFE_UNSAFE_ORDER,
                    BAD_UNLOCK_BALANCE,
                    HELD_LOCK_FREED -> {
                LockRef lock = r.getAcquiring() != null ? r.getAcquiring() : r.getHeld();
                return forAcquisition(lock == null ? null : lock.at(), own(frames));
            }
            case LOCK_HELD_RETURNING_TO_USER, LOCKS_HELD_AT_EXIT -> {
                Optional<String> at = r.getHeldLocks().stream()
                        .filter(h -> h.atFunction() != null && !isSkipped(h.atFunction()))
                        .reduce((a, b) -> b)
                        .map(h -> h.atFunction());
                return at.or(() -> firstOwn(frames));
            }
            default -> {
                return firstOwn(frames);
            }
        }
    }

    private static boolean isSkipped(String fn) {
        return isPrimitive(fn) || GENERIC.matcher(FunctionNames.normalize(fn)).matches();
    }

    private static List<Frame> own(List<Frame> frames) {
        return frames.stream()
                .filter(f -> !GENERIC.matcher(f.baseFunction()).matches())
                .toList();
    }

    private static Optional<String> firstOwn(List<Frame> frames) {
        return frames.stream()
                .filter(Frame::reliable)
                .map(Frame::baseFunction)
                .filter(fn -> !isSkipped(fn))
                .findFirst();
    }

    /**
     * A hung task's culprit. Hangs behind an RCU grace period or behind rtnl_lock are grouped under
     * that wait ({@code synchronize_rcu}, {@code rtnl_lock}): the task is a victim of whoever holds
     * it up, and the grace-period/rtnl owner is what to look for. Otherwise the first frame that is
     * not scheduling, locking or waiting: the function that went to sleep.
     */
    public static Optional<String> forHungTask(List<Frame> frames) {
        for (Frame f : frames) {
            if (!f.reliable()) {
                continue;
            }
            String fn = f.baseFunction();
            if (fn.equals("rtnl_lock")) {
                return Optional.of(fn);
            }
            if (HUNG_GROUP_RCU.matcher(fn).matches()) {
                return Optional.of("synchronize_rcu");
            }
        }
        return frames.stream()
                .filter(Frame::reliable)
                .map(Frame::baseFunction)
                .filter(fn -> !HUNG_WAIT.matcher(fn).matches() && !isSkipped(fn))
                .findFirst();
    }

    /** The RCU grace-period kthread's own stack, printed when it starves: a victim, not the stall. */
    static final Pattern GP_KTHREAD =
            Pattern.compile("^(?:rcu_gp_kthread|rcu_gp_fqs_loop|rcu_tasks_kthread|rcu_tasks_wait_gp)$");
    /** An idle CPU's stack: the CPU that noticed the stall, not the one that stalled. */
    static final Pattern IDLE = Pattern.compile(
            "^(?:default_idle\\w*|cpuidle_enter\\w*|do_idle|cpu_startup_entry|native_safe_halt|arch_cpu_idle\\w*|poll_idle|mwait_idle\\w*|cpu_idle_poll)$");

    /**
     * Of the stacks a stall report prints, the one of the stalled CPU: the first that is neither the
     * starving grace-period kthread nor an idle CPU, preferring one the timer interrupt cut into.
     */
    static List<Frame> stalledStack(KernelReport r) {
        List<List<Frame>> stacks = r.getTraces().stream()
                .map(io.lockdoc.model.KernelTrace::frames)
                .filter(fs -> !fs.isEmpty())
                .toList();
        if (stacks.isEmpty()) {
            return r.getFrames();
        }
        List<List<Frame>> busy = stacks.stream()
                .filter(fs -> fs.stream()
                        .noneMatch(f -> GP_KTHREAD.matcher(f.baseFunction()).matches()))
                .filter(fs -> afterInterrupt(fs).stream()
                        .noneMatch(f -> IDLE.matcher(f.baseFunction()).matches()))
                .toList();
        return busy.stream()
                .filter(fs -> fs.stream()
                        .anyMatch(f -> TIMER_INTERRUPT.matcher(f.baseFunction()).matches()))
                .findFirst()
                .or(() -> busy.stream().findFirst())
                .orElse(stacks.get(0));
    }

    private static List<Frame> afterInterrupt(List<Frame> frames) {
        int cut = 0;
        for (int i = 0; i < frames.size(); i++) {
            if (TIMER_INTERRUPT.matcher(frames.get(i).baseFunction()).matches()) {
                cut = i + 1;
            }
        }
        return frames.subList(cut, frames.size());
    }

    /**
     * A stall's culprit: drop the frames up to the timer interrupt that caught the CPU (the
     * detector's own stack), then walk outwards and take the frame just inside the first dispatch
     * point ({@link #STALL_ANCHOR}), i.e. what the syscall, softirq or work item was running. A
     * syscall wrapper is named {@code sys_NAME}: syzkaller's labels trim wrapper prefixes unevenly
     * ({@code SyS_rmdir} -> {@code rmdir}, {@code __x64_sys_rmdir} -> {@code sys_rmdir}); we name
     * the syscall one way and compare syscall names wrapper-free.
     */
    public static Optional<String> forStall(List<Frame> frames) {
        List<Frame> interrupted = afterInterrupt(frames);
        // a CPU spinning in smp_call_function waits for another CPU to run its IPI: group there
        if (interrupted.stream().limit(8).anyMatch(f -> f.baseFunction().startsWith("smp_call_function"))) {
            return Optional.of("smp_call_function");
        }
        List<String> task = interrupted.stream()
                .filter(Frame::reliable)
                .map(Frame::baseFunction)
                .filter(fn -> !isSkipped(fn))
                .toList();
        String prev = null;
        for (String fn : task) {
            if (STALL_ANCHOR.matcher(fn).matches()) {
                return Optional.ofNullable(prev == null ? null : FunctionNames.syscall(prev));
            }
            prev = fn;
        }
        return task.stream().findFirst().map(FunctionNames::syscall);
    }
}
