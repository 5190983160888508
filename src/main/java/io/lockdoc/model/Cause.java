package io.lockdoc.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * The cause ids shared by rules, knowledge base, reports and the labelled corpora. A new cause
 * gets an id here, an article in {@code kb/} and rules in {@code rules/}.
 */
public enum Cause {
    // Linux kernel
    LOCK_ORDER_INVERSION("lock-order-inversion", Platform.LINUX, Severity.DEADLOCK),
    RECURSIVE_LOCKING("recursive-locking", Platform.ANY, Severity.DEADLOCK),
    IRQ_LOCK_INVERSION("irq-lock-inversion", Platform.LINUX, Severity.DEADLOCK),
    HUNG_TASK("hung-task", Platform.LINUX, Severity.HANG),
    SOFT_LOCKUP("soft-lockup", Platform.LINUX, Severity.HANG),
    HARD_LOCKUP("hard-lockup", Platform.LINUX, Severity.HANG),
    SPINLOCK_LOCKUP("spinlock-lockup", Platform.LINUX, Severity.HANG),
    RCU_STALL("rcu-stall", Platform.LINUX, Severity.HANG),
    SLEEP_IN_ATOMIC("sleep-in-atomic", Platform.LINUX, Severity.LOCK_BUG),
    LOCK_IMBALANCE("lock-imbalance", Platform.LINUX, Severity.LOCK_BUG),
    WORKQUEUE_LOCKUP("workqueue-lockup", Platform.LINUX, Severity.HANG),
    RCU_MISUSE("rcu-misuse", Platform.LINUX, Severity.LOCK_BUG),
    LOCK_MISUSE("lock-misuse", Platform.LINUX, Severity.LOCK_BUG),
    // a hot kernel lock from lock statistics (perf lock contention, /proc/lock_stat): slow, neither stuck nor a cycle
    KERNEL_LOCK_CONTENTION("kernel-lock-contention", Platform.LINUX, Severity.LOCK_BUG),
    // Linux user space
    FILE_LOCK_DEADLOCK("file-lock-deadlock", Platform.LINUX, Severity.DEADLOCK),
    USERSPACE_MUTEX_DEADLOCK("userspace-mutex-deadlock", Platform.LINUX, Severity.DEADLOCK),
    JAVA_MONITOR_DEADLOCK("java-monitor-deadlock", Platform.ANY, Severity.DEADLOCK),
    STALLED_LOCK_HOLDER("stalled-lock-holder", Platform.LINUX, Severity.HANG),
    // Linux user space, from lock detectors (TSan, Helgrind, DRD, bcc deadlock): what the program did, not a hang now
    USERSPACE_LOCK_ORDER_INVERSION("userspace-lock-order-inversion", Platform.LINUX, Severity.DEADLOCK),
    USERSPACE_RECURSIVE_LOCKING("userspace-recursive-locking", Platform.LINUX, Severity.DEADLOCK),
    USERSPACE_UNLOCK_UNLOCKED("userspace-unlock-unlocked", Platform.LINUX, Severity.LOCK_BUG),
    USERSPACE_LOCK_HELD_TOO_LONG("userspace-lock-held-too-long", Platform.LINUX, Severity.HANG),
    // Go: the runtime's own verdict, or goroutines waiting long on mutexes
    GO_RUNTIME_DEADLOCK("go-runtime-deadlock", Platform.ANY, Severity.DEADLOCK),
    GOROUTINE_LOCK_STALL("goroutine-lock-stall", Platform.ANY, Severity.HANG),
    PYTHON_LOCK_STALL("python-lock-stall", Platform.LINUX, Severity.DEADLOCK),
    // Windows
    CRITICAL_SECTION_DEADLOCK("critical-section-deadlock", Platform.WINDOWS, Severity.DEADLOCK),
    LOADER_LOCK_DEADLOCK("loader-lock-deadlock", Platform.WINDOWS, Severity.DEADLOCK),
    MUTEX_DEADLOCK("mutex-deadlock", Platform.WINDOWS, Severity.DEADLOCK),
    ERESOURCE_DEADLOCK("eresource-deadlock", Platform.WINDOWS, Severity.DEADLOCK),
    DRIVER_VERIFIER_DEADLOCK("driver-verifier-deadlock", Platform.WINDOWS, Severity.DEADLOCK),
    POWER_IRP_HANG("power-irp-hang", Platform.WINDOWS, Severity.HANG),
    DPC_WATCHDOG("dpc-watchdog", Platform.WINDOWS, Severity.HANG),
    APPLICATION_HANG("application-hang", Platform.WINDOWS, Severity.HANG),
    FILE_LOCK_CONFLICT("file-lock-conflict", Platform.WINDOWS, Severity.HANG),
    OTHER_HANG("other-hang", Platform.WINDOWS, Severity.HANG);

    /** How bad a cause is: a deadlock claims a cycle, a hang claims no progress, a lock bug neither. */
    public enum Severity {
        DEADLOCK,
        HANG,
        LOCK_BUG
    }

    private final String id;
    private final Platform platform;
    private final Severity severity;

    Cause(String id, Platform platform, Severity severity) {
        this.id = id;
        this.platform = platform;
        this.severity = severity;
    }

    public String id() {
        return id;
    }

    public Platform platform() {
        return platform;
    }

    public Severity severity() {
        return severity;
    }

    public static Optional<Cause> byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
