package io.lockdoc.model;

/** The kind of a kernel report, named after its banner (a fact of the format, not a diagnosis). */
public enum KernelReportKind {
    CIRCULAR_LOCKING,
    RECURSIVE_LOCKING,
    INCONSISTENT_LOCK_STATE,
    IRQ_LOCK_INVERSION,
    IRQ_SAFE_UNSAFE_ORDER,
    HUNG_TASK,
    HUNG_TASK_PANIC,
    SOFT_LOCKUP,
    HARD_LOCKUP,
    SPINLOCK_BUG,
    RCU_STALL,
    SLEEP_IN_ATOMIC,
    SCHEDULING_WHILE_ATOMIC,
    BAD_UNLOCK_BALANCE,
    HELD_LOCK_FREED,
    LOCK_HELD_RETURNING_TO_USER,
    LOCKS_HELD_AT_EXIT,
    NESTED_LOCK_NOT_TAKEN,
    WORKQUEUE_LEAKED_LOCK,
    WORKQUEUE_LOCKUP,
    SUSPICIOUS_RCU_USAGE,
    NON_STATIC_KEY,
    LOCKDEP_INTERNAL_WARNING,
    INVALID_WAIT_CONTEXT,
    LOCKDEP_CAPACITY,
    /** Any other oops, BUG, WARNING, KASAN ... report: not lock related, but it ends the one before. */
    OTHER_OOPS
}
