package io.lockdoc.model.windows;

/** What a thread's stack (or its wait reason) says it is blocked on. */
public enum WaitKind {
    /** Not waiting, or the stack says nothing. */
    NONE,
    /** Idle: worker factory, queue removal, alertable delay, message loop. */
    IDLE,
    CRITICAL_SECTION,
    /** A wait on a handle (mutex, event, thread ...) that the stack alone cannot name. */
    OBJECT,
    /** CLR monitor (AwareLock::Enter, JIT_MonEnter). */
    MONITOR,
    ERESOURCE,
    PUSH_LOCK,
    FAST_MUTEX,
    KMUTEX,
    SRW_LOCK,
    /** Waiting for the loader (LdrpDrainWorkQueue, LdrpWaitForLoaderLock ...). */
    LOADER,
    /** A process exiting (NtTerminateProcess on top): nothing waits any more. */
    TERMINATING
}
