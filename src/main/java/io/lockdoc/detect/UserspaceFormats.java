package io.lockdoc.detect;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Detection entries for Linux process, /proc and user-space tool output. Kept apart from the
 * kernel-log entry so that each area appends its own; order matters only where headers overlap
 * ({@code lslocks} has a PID column too, so it comes before {@code ps}).
 */
final class UserspaceFormats {
    private static final Pattern PROC_LOCKS = Pattern.compile(
            "(?m)^\\d+: (?: *-> )?[A-Z]+\\s+(?:ADVISORY|MANDATORY|ACTIVE|BREAKING|BREAKER)\\s+\\S+\\s+-?\\d+\\s+");
    private static final Pattern LSLOCKS = Pattern.compile("(?m)^\\s*COMMAND\\s+PID\\s+TYPE\\b.*\\bMODE\\b");
    private static final Pattern PS_HEADER =
            Pattern.compile("(?m)\\A(?:\\s*\\n)*\\s*(?:[A-Z%+:]+\\s+)*(?:PID|TID|LWP)\\b[A-Z%+:\\s]*$");
    private static final Pattern TOP = Pattern.compile("\\Atop - \\d\\d:\\d\\d:\\d\\d ");
    private static final Pattern GDB = Pattern.compile(
            "(?m)^Thread \\d+ \\((?:Thread 0x[0-9a-f]+ )?\\(?LWP \\d+(?: \"[^\"]*\")?\\)|^#\\d+\\s+0x[0-9a-f]+ in \\S+ \\(|^\\$\\d+ = \\(pthread_mutex_t \\*\\)"
                    + "|^\\(gdb\\) (?:info thr|thread apply all|bt\\b|p(?:rint)? \\*\\(pthread_mutex_t)"
                    + "|^\\*?\\s*\\d+\\s+Thread (?:0x[0-9a-f]+ \\(LWP \\d+\\)|\\d+) .*\\b(?:__lll_lock_wait|pthread_mutex_\\w*lock)\\b");
    private static final Pattern STRACE = Pattern.compile(
            "(?m)^(?:\\[pid\\s+\\d+\\] |\\d+ )?(?:\\d\\d:\\d\\d:\\d\\d\\S* )?[a-z_0-9]+\\(.*(?:<unfinished \\.\\.\\.>|\\) += (?:-?\\d+|\\?))|^strace: Process \\d+ attached");
    private static final Pattern JSTACK = Pattern.compile(
            "(?m)^Full thread dump |^\"[^\"]+\" #\\d+ .*nid=|^\\s*Found one Java-level deadlock|^Java-level deadlock has been detected");
    /** Spring Boot actuator /threaddump (ThreadInfo fields) or jcmd Thread.dump_to_file -format=json. */
    private static final Pattern THREAD_DUMP_JSON = Pattern.compile(
            "\\A\\s*\\{(?=[\\s\\S]*\"threads\"\\s*:)(?=[\\s\\S]*\"(?:threadName|threadContainers)\"\\s*:)");

    /** jcmd Thread.dump_to_file -format=text: a thread header {@code #22 "name" [virtual] [STATE TIME]}, then a frame. */
    private static final Pattern THREAD_DUMP_TEXT = Pattern.compile(
            "(?m)^#\\d{1,9} \"[^\"\\n]*\"(?: virtual)?(?: [A-Z_]+ \\d{4}-\\d\\d-\\d\\dT\\S+)?\\s*\\n\\s+(?:at )?[\\w$.<>/]+\\(");

    private static final Pattern PERF_LOCK = Pattern.compile("lock:contention_(?:begin|end): 0x");
    /** perf lock contention's header (the -F columns, then the -t / -l / caller key), or perf lock report's. */
    private static final Pattern PERF_LOCK_CONTENTION = Pattern.compile(
            "(?m)^ *(?:(?:contended|total wait|max wait|min wait|avg wait) +){2,}(?:type +caller|pid +(?:comm|owner)|address +symbol) *$"
                    + "|^ *Name +acquired +contended +avg wait +total wait +max wait +min wait *$");

    private static final Pattern LOCK_STAT = Pattern.compile("\\Alock_stat version \\d");
    private static final Pattern PROC_LOCKDEP = Pattern.compile(
            "\\A(?:all lock (?:classes|chains):|[0-9a-f]{8,16} (?:OPS:\\s+\\d+ )?FD:\\s+\\d+ BD:\\s+\\d+ |irq_context: \\d)");
    private static final Pattern SYSTEM = Pattern.compile(
            "(?m)^procs_blocked \\d+$|\\A[\\d.]+ [\\d.]+ [\\d.]+ \\d+/\\d+ \\d+\\s*\\z|^kernel\\.[\\w.]+ = ");
    private static final Pattern PROC_TASK = Pattern.compile(
            "\\A(?:\\[<[0-9a-fx]+>\\] \\w|\\d+ (?:0x[0-9a-f]+ ){5,}0x[0-9a-f]+\\s*\\z|running\\s*\\z|Name:\\t.*\\n(?:Umask|State):|\\d+ \\(.*\\) [RSDTtZXIPW] -?\\d+ |0::/)");
    private static final Pattern FD_LINKS = Pattern.compile("\\A(?:\\d+ -> \\S[^\\n]*\\n?){1,}\\z");
    /** The first line is a mount: {@code ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS ... - FSTYPE SOURCE}. */
    private static final Pattern MOUNTINFO =
            Pattern.compile("\\A\\d+ \\d+ \\d+:\\d+ /\\S* /\\S* \\S+[^\\n]* - \\S+ \\S+");

    private static final Pattern FDINFO = Pattern.compile("\\Apos:\\s+\\d+\\s*\\nflags:\\s+\\d+");
    private static final Pattern COLLECT_LOG = Pattern.compile("\\Alockdoc collect: \\S+, took \\d+ ms\\n");
    private static final Set<String> PROC_TASK_NAMES = Set.of("stack", "wchan", "syscall", "status", "stat", "cgroup");

    private UserspaceFormats() {}

    /** lockdoc's own collect log, asked before every other format: its notes may quote kernel lines. */
    static FormatDetector.Entry collectLog() {
        return new FormatDetector.Entry(ArtifactType.COLLECT_LOG, n -> n.equals("collect-log.txt"), t -> COLLECT_LOG
                .matcher(t)
                .find());
    }

    static List<FormatDetector.Entry> entries() {
        return List.of(
                new FormatDetector.Entry(
                        ArtifactType.PERF_LOCK_CONTENTION,
                        n -> n.matches("perf-lock-(?:contention|report)([-_.].*)?"),
                        t -> PERF_LOCK_CONTENTION.matcher(t).find()),
                new FormatDetector.Entry(
                        ArtifactType.LOCK_STAT,
                        n -> n.matches("(proc[-_])?lock_stat(\\.txt)?"),
                        t -> LOCK_STAT.matcher(t).find()),
                new FormatDetector.Entry(
                        ArtifactType.PROC_LOCKDEP,
                        n -> n.matches("(proc[-_])?lockdep(_chains)?(\\.txt)?"),
                        t -> PROC_LOCKDEP.matcher(t).find()),
                new FormatDetector.Entry(
                        ArtifactType.PROC_LOCKS,
                        n -> n.matches("(proc[-_])?locks(\\.txt)?"),
                        t -> PROC_LOCKS.matcher(t).find()),
                new FormatDetector.Entry(
                        ArtifactType.LSLOCKS, n -> n.matches("lslocks([-_.].*)?"), t -> LSLOCKS.matcher(t)
                                .find()),
                new FormatDetector.Entry(ArtifactType.TOP, n -> n.matches("top([-_.].*)?"), t -> TOP.matcher(t)
                        .find()),
                new FormatDetector.Entry(ArtifactType.PS, n -> n.matches("ps([-_].*)?(\\.txt)?"), t -> PS_HEADER
                        .matcher(t)
                        .find()),
                new FormatDetector.Entry(
                        ArtifactType.JSTACK,
                        n -> n.matches("(jstack|threaddump|sigquit)([-_.].*)?"),
                        t -> JSTACK.matcher(t).find()),
                new FormatDetector.Entry(ArtifactType.THREAD_DUMP_JSON, n -> false, t -> THREAD_DUMP_JSON
                        .matcher(t)
                        .lookingAt()),
                new FormatDetector.Entry(ArtifactType.THREAD_DUMP_TEXT, n -> false, t -> THREAD_DUMP_TEXT
                        .matcher(t)
                        .find()),
                new FormatDetector.Entry(ArtifactType.GDB, n -> n.matches("gdb([-_.].*)?"), t -> GDB.matcher(t)
                        .find()),
                new FormatDetector.Entry(
                        ArtifactType.PERF_LOCK,
                        n -> n.matches("perf-lock-script([-_.].*)?"),
                        t -> PERF_LOCK.matcher(t).find()),
                new FormatDetector.Entry(ArtifactType.STRACE, n -> n.matches("strace([-_.].*)?"), t -> STRACE.matcher(t)
                        .find()),
                new FormatDetector.Entry(
                        ArtifactType.SYSTEM_VALUES,
                        n -> n.matches(
                                "tainted|cgroup\\.(freeze|events)|path\\.txt|(proc[-_])?(stat|loadavg|uptime)(\\.txt)?|sysctl([-_.].*)?"),
                        t -> SYSTEM.matcher(t).find()),
                new FormatDetector.Entry(ArtifactType.PROC_FD_LINKS, n -> n.equals("fd.txt"), t -> FD_LINKS.matcher(t)
                        .find()),
                new FormatDetector.Entry(ArtifactType.MOUNTINFO, n -> n.startsWith("mountinfo"), t -> MOUNTINFO
                        .matcher(t)
                        .find()),
                new FormatDetector.Entry(ArtifactType.PROC_FDINFO, n -> false, t -> FDINFO.matcher(t)
                        .find()),
                new FormatDetector.Entry(ArtifactType.PROC_TASK, PROC_TASK_NAMES::contains, t -> PROC_TASK
                        .matcher(t)
                        .find()));
    }
}
