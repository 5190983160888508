package io.lockdoc.detect;

/** The known kinds of artifact, with the short id used in reports and in {@code --type}. */
public enum ArtifactType {
    KERNEL_LOG("dmesg"),
    WINDBG("windbg"),
    PROCMON_CSV("procmon-csv"),
    PROCMON_XML("procmon-xml"),
    EVENTLOG_XML("eventlog-xml"),
    EVENTLOG_TEXT("eventlog-text"),
    PS("ps"),
    TOP("top"),
    PROC_LOCKS("proc-locks"),
    LSLOCKS("lslocks"),
    PROC_TASK("proc-task"),
    PROC_FDINFO("proc-fdinfo"),
    GDB("gdb"),
    STRACE("strace"),
    JSTACK("jstack"),
    THREAD_DUMP_JSON("thread-dump-json"),
    THREAD_DUMP_TEXT("thread-dump-text"),
    PERF_LOCK("perf-lock"),
    /** The tables of {@code perf lock contention} (by caller, {@code -t}, {@code -l}, {@code -b}) and {@code perf lock report}. */
    PERF_LOCK_CONTENTION("perf-lock-contention"),
    /** {@code /proc/lock_stat} (CONFIG_LOCK_STAT). */
    LOCK_STAT("lock-stat"),
    /** {@code /proc/lockdep} (lock classes and their dependencies) and {@code /proc/lockdep_chains}. */
    PROC_LOCKDEP("proc-lockdep"),
    /** ThreadSanitizer warnings ({@code -fsanitize=thread}). */
    TSAN("tsan"),
    HELGRIND("helgrind"),
    DRD("drd"),
    /** bcc's {@code deadlock} tool. */
    BCC_DEADLOCK("bcc-deadlock"),
    /** Go goroutine dumps: the runtime's deadlock error, SIGQUIT, pprof {@code goroutine?debug=2}. */
    GO_GOROUTINES("go-goroutines"),
    /** Python thread stacks: faulthandler's traceback dump or {@code py-spy dump}. */
    PYTHON_THREADS("python-threads"),
    SYSTEM_VALUES("system-values"),
    PROC_FD_LINKS("proc-fd-links"),
    /** lockdoc's own {@code collect-log.txt}. */
    COLLECT_LOG("collect-log"),
    MOUNTINFO("mountinfo"),
    /** A scenario's {@code run-info.txt}: when the capture was taken. */
    CAPTURE_INFO("capture-info");

    private final String id;

    ArtifactType(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
