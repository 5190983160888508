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
            + "dump_stack\\w*|show_stack|unwind_backtrace|dump_backtrace|__?show_regs|show_trace\\w*|print_\\w+|check_(?:noncircular|prev_add|prevs_add|deadlock|irq_usage|flags|wait_context|usage\\w*|chain_key|irq_safe_unsafe)|validate_chain|__?lock_acquire\\w*"
            + "|lockdep_\\w+|debug_\\w+|mark_lock\\w*|mark_usage|valid_state|__?warn\\w*|warn_\\w+|report_bug|_*panic\\w*|nmi_\\w+"
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
     * Frames that no report is about, matched anywhere in the (suffix-free) function name, grouped by
     * role: sanitizer and coverage instrumentation; the reporting path (stack dumps, WARN/BUG/panic
     * plumbing, printing); allocators; lock and lockdep primitives; atomics, bit and refcount
     * helpers; string, memory and user-copy helpers; generic teardown and wait helpers that a stack
     * passes through on its way to the code that matters; the arm64 fault path. Used by every
     * per-kind policy below, before the kind's own extra skips.
     */
    static final Pattern NOISE = Pattern.compile(String.join(
            "|",
            "__sanitizer|__asan|kasan|hwasan|__msan|kmsan|kcsan_setup_watchpoint|check_memory_region|check_heap_object"
                    + "|check_object|read_word_at_a_time|__kcov|should_fail",
            "dump_stack|show_stack|walk_stack|dump_backtrace|unwind_backtrace|show_regs|print_address_description"
                    + "|print_report|print_usage_bug|print_unlock|imbalance_bug|print_tainted|panic|report_bug|fixup_bug"
                    + "|handle_bug|invalid_op|do_error|_trap$|do_trap|warn_slowpath|warn_alloc|warn_bogus|__warn|printk"
                    + "|va_format|snprintf|kv?asprintf|^string$|^pointer$|dev_(?:info|notice|warn|err|alert|crit|emerg)",
            "alloc_page|k?v?(?:m|z|c)alloc|krealloc|kmem_cache|allocate_slab|slab_|^kv?free$|kfree_skb|memdup|strn?dup"
                    + "|do_read_cache_folio|read_cache_page|pagecache_get_page|__filemap_get_folio|filemap_alloc_folio"
                    + "|find_or_create_page|grab_cache_page_write_begin|folio_(?:alloc|unlock)",
            "lockdep|lock_acquire|lock_release|lock_class|mark_lock|(?:reacquire|mark)_held_locks|raw_spin_rq"
                    + "|spin_(?:lock|trylock|unlock)|(?:read|write)_(?:lock|trylock|unlock)|^down$|down_(?:read|write|trylock)"
                    + "|up_(?:read|write)|^_*mutex_|^rt_mutex_|owner_on_cpu|osq_(?:lock|unlock)|bh_(?:enable|disable)"
                    + "|(?:trace|lockdep)_(?:hard|soft)irq|perf_trace",
            "atomic(?:64)?_(?:dec|inc|read|set|or|xor|and|add|sub|fetch|xchg|cmpxchg|try)|(?:set|clear|change|test)_bit"
                    + "|__wake_up|^refcount_|^kref_|ref_tracker",
            "mem(?:cpy|cmp|set|chr|move)|str(?:n?cmp|l?cpy|ncpy|scpy|n?len|str|nstr|chr)|copy_(?:to|from)_(?:user|iter)"
                    + "|copy_(?:page|folio)_(?:to|from)_iter|(?:put|get)_user|might_fault|might_sleep|__might_resched"
                    + "|list_(?:add|del|replace|move|splice)|^_*rb_|_indirect_thunk_",
            "del_timer|flush_work|cancel_work_timer|cancel_work_sync|try_to_grab_pending|(?:flush|drain|destroy)_workqueue"
                    + "|queue_work|insert_work|queue_delayed_work|finish_wait|kthread_stop|kobject_|device_(?:add|del|unregister|destroy|release)"
                    + "|devres_release_all|sysfs_remove|usb_(?:kill_urb|kill_anchored_urbs|control_msg|hcd_submit_urb|submit_urb)"
                    + "|^complete$|wait_for_completion|^iput(?:_final)?$|^ihold$|^put_device$|^klist_|^(?:un)?lock_page"
                    + "|stack_trace_save|arch_stack_walk|__mod_timer|lock_timer_base|^dput$",
            "do_(?:kernel|translation)_fault|do_mem_abort|el1_abort|el1h_64_sync"));

    /** Whether {@code function} is {@link #NOISE} or matches the kind's {@code extra} skips. */
    static boolean isNoise(String function, Pattern extra) {
        String f = FunctionNames.normalize(function);
        return f == null
                || f.isEmpty()
                || NOISE.matcher(f).find()
                || (extra != null && extra.matcher(f).find());
    }

    /** Extra skips per kind: what the report's own machinery adds on top of {@link #NOISE}. */
    static final Pattern SKIP_NON_STATIC_KEY = Pattern.compile("stack|lock|IRQ");

    static final Pattern SKIP_RCU_USAGE = Pattern.compile("rcu|kmem|slab");
    static final Pattern SKIP_SPINLOCK = Pattern.compile("spin_|_lock|_unlock");
    static final Pattern SKIP_SCHEDULE = Pattern.compile("schedule");
    static final Pattern SKIP_SOCKET_LOCK = Pattern.compile("lock_sock|release_sock");
    /** Work-item locks: a cycle through them is reported in the workqueue code, never caused there. */
    static final Pattern SKIP_WORKQUEUE =
            Pattern.compile("process_one_work|flush_workqueue|drain_workqueue|destroy_workqueue");
    /** An RCU stall's detector runs inside RCU and the timer interrupt: neither is the stalled code. */
    static final Pattern SKIP_RCU_STALL = Pattern.compile("apic_timer_interrupt|rcu");

    /**
     * The culprit of one kernel report, by kind. Every policy skips {@code ?} frames and
     * {@link #NOISE}, then:
     *
     * <ul>
     *   <li>lock-order pairs (circular, recursive): the {@code at:} of the lock being acquired, then of
     *       the lock held, then the dependency chain's frames; work-item locks are skipped
     *       ({@link #forLockOrder});
     *   <li>irq lock inversion: the {@code at:} of the lock whose state just changed;
     *   <li>{@code *-safe -> *-unsafe} order: the first stack where the lock "became ...-irq-safe":
     *       the interrupt-context user is the half that deadlocks; the {@code at:} if it is missing;
     *   <li>inconsistent lock state: the call trace (the acquisition in the new context), then {@code at:};
     *   <li>bad unlock balance, held lock freed: the {@code at:} unless it is noise, then the call trace;
     *   <li>locks left held (returning to user, at exit): the {@code at:} of the outermost held lock;
     *   <li>workqueue leaked lock: the work function the report names ({@code last function:});
     *   <li>RCU stalls and soft/hard lockups: {@link #forRcuStall} and {@link #forLockup};
     *   <li>hung tasks: {@link #forHungTask};
     *   <li>WARNING-style lockdep reports (internal warnings, nested lock not taken): the frames from
     *       the trapping instruction ({@code RIP:}) on, so the WARN/BUG trap path above it is passed;
     *       the whole trace if that gives nothing;
     *   <li>everything else: the first frame of the call trace, with the kind's extra skips
     *       (non-static key: {@code stack|lock|IRQ}; suspicious RCU usage: {@code rcu|kmem|slab};
     *       spinlock debug: {@code spin_|_lock|_unlock}); scheduling while atomic: the first frame that is no
     *       lock/wait primitive or reporting machinery (the function that slept); invalid wait context: the
     *       call trace, then the {@code at:} of the lock being taken;
     * </ul>
     */
    public static Optional<String> forReport(KernelReport r) {
        List<Frame> frames = r.getFrames();
        switch (r.getKind()) {
            case RCU_STALL -> {
                return forRcuStall(r);
            }
            case SOFT_LOCKUP -> {
                return forLockup(r);
            }
            case HARD_LOCKUP -> {
                // interrupts are off and the CPU spins where it is: the spinning function itself
                List<Frame> stack = stalledStack(r);
                List<Frame> fromPc = fromPc(stack);
                return firstOwn(fromPc.isEmpty() ? interrupted(stack) : fromPc, null);
            }
            case WORKQUEUE_LOCKUP -> {
                return forStall(stalledStack(r));
            }
            case HUNG_TASK, HUNG_TASK_PANIC -> {
                return forHungTask(frames);
            }
            case CIRCULAR_LOCKING, RECURSIVE_LOCKING -> {
                return forLockOrder(r);
            }
            case IRQ_LOCK_INVERSION -> {
                return atOrTrace(r.getAcquiring() != null ? r.getAcquiring() : r.getHeld(), frames, null);
            }
            case IRQ_SAFE_UNSAFE_ORDER -> {
                Optional<String> irqSafe = r.getUsageTraces().stream()
                        .filter(t -> t.context().contains("which became"))
                        .findFirst()
                        .flatMap(t -> firstOwn(t.frames(), null));
                return irqSafe.or(() -> atOrTrace(r.getAcquiring(), frames, null));
            }
            case INCONSISTENT_LOCK_STATE -> {
                return firstOwn(frames, null).or(() -> Optional.ofNullable(r.getAcquiring())
                        .map(LockRef::atFunction)
                        .map(FunctionNames::normalize));
            }
            case BAD_UNLOCK_BALANCE, HELD_LOCK_FREED -> {
                return atOrTrace(r.getAcquiring() != null ? r.getAcquiring() : r.getHeld(), frames, null);
            }
            case LOCK_HELD_RETURNING_TO_USER, LOCKS_HELD_AT_EXIT -> {
                // the outermost lock (#0, taken first) is the one whose release path was skipped
                Optional<String> at = r.getHeldLocks().stream()
                        .filter(h -> h.atFunction() != null && !isNoise(h.atFunction(), null))
                        .findFirst()
                        .map(h -> FunctionNames.normalize(h.atFunction()));
                return at.or(() -> firstOwn(frames, null));
            }
            case WORKQUEUE_LEAKED_LOCK -> {
                return Optional.ofNullable(r.attribute("lastFunction"))
                        .map(FunctionNames::normalize)
                        .or(() -> firstOwn(frames, null));
            }
            case NON_STATIC_KEY -> {
                return firstOwn(frames, SKIP_NON_STATIC_KEY);
            }
            case SUSPICIOUS_RCU_USAGE -> {
                return firstOwn(frames, SKIP_RCU_USAGE);
            }
            case SPINLOCK_BUG -> {
                return firstOwn(frames, SKIP_SPINLOCK);
            }
            case SCHEDULING_WHILE_ATOMIC -> {
                // the function that went to sleep: the caller of the scheduler, completion or cond_resched
                return firstOwnFrame(frames).map(Frame::baseFunction).or(() -> firstOwn(frames, SKIP_SCHEDULE));
            }
            case LOCKDEP_INTERNAL_WARNING, NESTED_LOCK_NOT_TAKEN -> {
                // the warning is raised inside lockdep (check_flags, validate_chain): its caller is the culprit
                return firstOwn(fromPc(frames), SKIP_SOCKET_LOCK, true)
                        .or(() -> firstOwn(frames, SKIP_SOCKET_LOCK, true));
            }
            case INVALID_WAIT_CONTEXT -> {
                // a trace cut before its own frames still says where the lock is taken in the wrong context
                return firstOwn(frames, SKIP_SOCKET_LOCK).or(() -> Optional.ofNullable(r.getAcquiring())
                        .map(LockRef::atFunction)
                        .map(FunctionNames::normalize));
            }
            default -> {
                return firstOwn(frames, null);
            }
        }
    }

    /**
     * A lock-order report's culprit: the first of the {@code at:} of the lock being acquired, the
     * {@code at:} of the lock held, and the frames of the dependency chain, that is not noise or a
     * work-item lock. The {@code at:} functions come first because they are where the two locks meet.
     */
    public static Optional<String> forLockOrder(KernelReport r) {
        List<String> candidates = new java.util.ArrayList<>();
        if (r.getAcquiring() != null && r.getAcquiring().atFunction() != null) {
            candidates.add(r.getAcquiring().atFunction());
        }
        if (r.getHeld() != null && r.getHeld().atFunction() != null) {
            candidates.add(r.getHeld().atFunction());
        }
        for (io.lockdoc.model.LockdepChainLink link : r.getChain()) {
            link.frames().stream().filter(Frame::reliable).map(Frame::function).forEach(candidates::add);
        }
        // when every candidate is generic (a cycle through flush_workqueue's own lock), name the acquisition
        return candidates.stream()
                .map(FunctionNames::normalize)
                .filter(fn -> !isNoise(fn, SKIP_WORKQUEUE))
                .findFirst()
                .or(() -> firstOwn(r.getFrames(), SKIP_WORKQUEUE))
                .or(() -> candidates.stream().findFirst().map(FunctionNames::normalize));
    }

    private static Optional<String> atOrTrace(LockRef lock, List<Frame> frames, Pattern extra) {
        String at = lock == null ? null : FunctionNames.normalize(lock.atFunction());
        if (at != null && !isNoise(at, extra)) {
            return Optional.of(at);
        }
        return firstOwn(frames, extra);
    }

    /** The frames from the trapping instruction ({@link Frame.Role#PC}) on; empty without one. */
    static List<Frame> fromPc(List<Frame> frames) {
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).role() == Frame.Role.PC) {
                return frames.subList(i, frames.size());
            }
        }
        return List.of();
    }

    private static Optional<String> firstOwn(List<Frame> frames, Pattern extra) {
        return firstOwn(frames, extra, false);
    }

    private static Optional<String> firstOwn(List<Frame> frames, Pattern extra, boolean skipMachinery) {
        return frames.stream()
                .filter(Frame::reliable)
                .map(Frame::baseFunction)
                .filter(fn -> !isNoise(fn, extra))
                .filter(fn -> !skipMachinery || !MACHINERY.matcher(fn).matches())
                .findFirst();
    }

    /** Hung tasks: waits that many unrelated hangs share, grouped under the mechanism that is stuck. */
    static final Pattern HUNG_GROUP_RCU = Pattern.compile("synchronize_(?:rcu|srcu|net|sched)");

    static final Pattern HUNG_GROUP_RTNL = Pattern.compile("rtnl_lock");

    /** Hung tasks: frames of the waiting itself (scheduler, sleeping locks, completions, waits). */
    static final Pattern HUNG_WAIT = Pattern.compile(
            "sched|_lock|_slowlock|down|rwsem|completion|kthread|wait|synchronize|context_switch|__switch_to"
                    + "|cancel_delayed_work|rcu_barrier"
                    // how the task was entered, which never explains why it sleeps
                    + "|ret_from_fork|^kthread$|worker_thread|process_one_work|entry_SYSCALL|do_syscall_|el0t?_|do_el0_svc");

    /**
     * A hung task's culprit. Hangs behind an RCU grace period or behind rtnl_lock are grouped under
     * that wait ({@code synchronize_rcu}, {@code rtnl_lock}): the task is a victim of whoever holds
     * it up, and the grace-period/rtnl owner is what to look for. Otherwise the first frame that is
     * neither {@link #NOISE} nor scheduling, locking or waiting: the function that went to sleep.
     * When every frame is a wait, there is no culprit to name.
     */
    public static Optional<String> forHungTask(List<Frame> frames) {
        List<String> own = frames.stream()
                .filter(Frame::reliable)
                .map(Frame::baseFunction)
                .filter(fn -> fn != null && !isNoise(fn, null))
                .toList();
        for (String fn : own) {
            if (HUNG_GROUP_RTNL.matcher(fn).find()) {
                return Optional.of(fn);
            }
            if (HUNG_GROUP_RCU.matcher(fn).find()) {
                return Optional.of("synchronize_rcu");
            }
        }
        return own.stream().filter(fn -> !HUNG_WAIT.matcher(fn).find()).findFirst();
    }

    /**
     * Dispatch points of a stall, matched anywhere in the name: where "the code that looped" ends and
     * "how the CPU got there" begins (syscall, softirq, tasklet, timer, workqueue and kthread entries;
     * the generic VFS, ioctl, socket, netlink and mmap dispatchers; page-fault and return-to-user
     * task work). The culprit is the frame just inside the first of these: for an ioctl the driver's
     * handler, for a sendmsg the protocol, for a work item the work function.
     */
    static final Pattern STALL_ANCHOR = Pattern.compile(String.join(
            "|",
            "process_one_work|do_syscall_|do_fast_syscall_|sysenter_dispatch|tracesys_phase2|el0_svc_handler|invoke_syscall"
                    + "|ret_fast_syscall",
            "netif_receive_skb|do_softirq|call_timer_fn|_run_timers|run_timer_softirq|hrtimer_run|run_ksoftirqd"
                    + "|smpboot_thread_fn|^kthread$|start_secondary|cpu_startup_entry|ret_from_fork|tasklet_action|tasklet_hi_action",
            "vfs_write|vfs_read|vfs_iter_read|vfs_iter_write|do_iter_read|do_iter_write|call_read_iter|call_write_iter"
                    + "|new_sync_read|new_sync_write|vfs_ioctl|ksys_ioctl|compat_ioctl|compat_sys_ioctl|blkdev_driver_ioctl"
                    + "|blkdev_ioctl|do_iter_readv_writev|^call_mmap|mmap_region|do_mmap|do_dentry_open|vfs_open",
            "^sock_sendmsg|^sock_recvmsg|^_*sock_release|^(?:__sys_)?setsockopt$|kernel_setsockopt|sock_common_setsockopt"
                    + "|^(?:__sys_)?listen$|kernel_listen|sk_common_release|^sock_mmap|^(?:__sys_)?accept$|kernel_accept"
                    + "|^sock_do_ioctl|^sock_ioctl|^compat_sock_ioctl|^nfnetlink_rcv_msg|^rtnetlink_rcv_msg|^netlink_dump"
                    + "|^(?:sys_)?(?:socketpair|connect|ioctl)",
            "__do_fault|do_page_fault|^page_fault$|__fput|task_work_run|exit_to_usermode|smp_call_function"));

    /** The timer or NMI through which the watchdog or RCU looked at the CPU: what lies inside it is the reporter. */
    static final Pattern TIMER_INTERRUPT = Pattern.compile(
            "^(?:asm_sysvec_apic_timer_interrupt|sysvec_apic_timer_interrupt|__sysvec_apic_timer_interrupt|smp_apic_timer_interrupt\\w*"
                    + "|smp_trace_apic_timer_interrupt\\w*|apic_timer_interrupt|local_apic_timer_interrupt|hrtimer_interrupt"
                    + "|arch_timer_handler_\\w+|el1_interrupt|el1h_64_irq\\w*|gic_handle_irq|__irq_svc"
                    + "|nmi_cpu_backtrace\\w*|nmi_trigger_cpumask_backtrace|asm_sysvec_call_function_single)$");

    /** The RCU grace-period kthread's own stack, printed when it starves: a victim, not the stall. */
    static final Pattern GP_KTHREAD =
            Pattern.compile("^(?:rcu_gp_kthread|rcu_gp_fqs_loop|rcu_tasks_kthread|rcu_tasks_wait_gp)$");
    /** An idle CPU's stack: the CPU that noticed the stall, not the one that stalled. */
    static final Pattern IDLE = Pattern.compile(
            "^(?:default_idle\\w*|cpuidle_enter\\w*|do_idle|cpu_startup_entry|native_safe_halt|arch_cpu_idle\\w*|poll_idle|mwait_idle\\w*|cpu_idle_poll)$");

    /**
     * An RCU stall's culprit. The stalled CPU's stack is the first one the timer interrupt cut into
     * (not the starving grace-period kthread's, not an idle CPU's); its interrupted part starts at
     * the instruction the CPU was at ({@code RIP:}), or right after the interrupt frames where no
     * {@code RIP:} is printed (arm's exception stack). On those frames, with RCU and timer frames
     * skipped as well as {@link #NOISE}, {@link #anchorWalk} names the code that looped.
     */
    public static Optional<String> forRcuStall(KernelReport r) {
        return forStallFrames(interrupted(stalledStack(r)), SKIP_RCU_STALL);
    }

    /**
     * A soft or hard lockup's culprit: the watchdog prints the stuck context itself, starting at the
     * instruction it interrupted ({@code RIP:}) and going on through any {@code <IRQ>} section (a CPU
     * stuck in softirq is stuck there) into the task; {@link #anchorWalk} over all of it.
     */
    public static Optional<String> forLockup(KernelReport r) {
        List<Frame> frames = stalledStack(r);
        List<Frame> fromPc = fromPc(frames);
        List<Frame> stuck = fromPc.isEmpty() ? interrupted(frames) : fromPc;
        return forStallFrames(stuck, null);
    }

    private static Optional<String> forStallFrames(List<Frame> frames, Pattern extra) {
        List<String> own = frames.stream()
                .filter(Frame::reliable)
                .map(Frame::baseFunction)
                .filter(fn -> !isNoise(fn, extra))
                .toList();
        return anchorWalk(own).or(() -> own.stream().findFirst()).map(FunctionNames::syscall);
    }

    /**
     * Walks a stall's frames outwards and returns the one just inside the first {@link #STALL_ANCHOR};
     * a CPU waiting in {@code smp_call_function*} for another CPU to run its IPI is grouped there.
     */
    static Optional<String> anchorWalk(List<String> frames) {
        String prev = frames.isEmpty() ? null : frames.get(0);
        for (String fn : frames) {
            if (STALL_ANCHOR.matcher(fn).find()) {
                return Optional.ofNullable(fn.contains("smp_call_function") ? "smp_call_function" : prev);
            }
            prev = fn;
        }
        return Optional.empty();
    }

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
                .filter(fs -> interrupted(fs).stream()
                        .noneMatch(f -> IDLE.matcher(f.baseFunction()).matches()))
                .toList();
        return busy.stream()
                .filter(fs -> fs.stream().anyMatch(Culprits::isInterruptEntry))
                .findFirst()
                .or(() -> busy.stream().findFirst())
                .orElse(stacks.get(0));
    }

    private static boolean isInterruptEntry(Frame f) {
        return f.role() == Frame.Role.PC
                || TIMER_INTERRUPT.matcher(f.baseFunction()).matches();
    }

    /**
     * The interrupted part of a stack: from the first {@code RIP:} frame after the timer interrupt
     * (what follows it, softirq frames included, is the code the CPU was running when the interrupt
     * hit; a second timer interrupt further down is the one that started that softirq); without a
     * {@code RIP:} line, after the first interrupt entry stub ({@link #INTERRUPT_ENTRY}), else after
     * the last timer-interrupt frame; else all of it.
     */
    static List<Frame> interrupted(List<Frame> frames) {
        int firstTimer = -1;
        int lastTimer = -1;
        int firstEntry = -1;
        for (int i = 0; i < frames.size(); i++) {
            String fn = frames.get(i).baseFunction();
            if (TIMER_INTERRUPT.matcher(fn).matches()) {
                firstTimer = firstTimer < 0 ? i : firstTimer;
                lastTimer = i;
            }
            if (firstEntry < 0 && INTERRUPT_ENTRY.matcher(fn).matches()) {
                firstEntry = i;
            }
        }
        for (int i = Math.max(firstTimer, 0); i < frames.size(); i++) {
            if (frames.get(i).role() == Frame.Role.PC) {
                return frames.subList(i, frames.size());
            }
        }
        return frames.subList((firstEntry >= 0 ? firstEntry : lastTimer) + 1, frames.size());
    }

    /** The outermost frame of an interrupt as the stack prints it: below it lies the interrupted code. */
    static final Pattern INTERRUPT_ENTRY = Pattern.compile(
            "^(?:asm_sysvec_apic_timer_interrupt|apic_timer_interrupt|\\w*apic_timer_interrupt_entry_after_kaiser_bti"
                    + "|el1h_64_irq|el1_irq|__irq_svc)$");

    /**
     * A stall's culprit from one stack, for reports without the RCU or watchdog structure (workqueue
     * lockups): the interrupted frames, {@link #anchorWalk}.
     */
    public static Optional<String> forStall(List<Frame> frames) {
        return forStallFrames(interrupted(frames), null);
    }
}
