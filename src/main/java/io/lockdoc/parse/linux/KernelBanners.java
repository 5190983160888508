package io.lockdoc.parse.linux;

import io.lockdoc.model.KernelReportKind;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first line of every kernel report lockdoc knows, and what it names. Named groups {@code
 * task}, {@code pid}, {@code cpu}, {@code secs} are copied into the report.
 */
final class KernelBanners {
    /** A banner pattern, and the bits of {@link #KEYWORDS} one of which every line it matches contains. */
    record Banner(KernelReportKind kind, Pattern pattern, long keywordMask) {}

    record Match(KernelReportKind kind, Matcher matcher) {
        String group(String name) {
            try {
                return matcher.group(name);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
    /** Every keyword of {@link #keywordsOf}, at most 64: a bit each. */
    private static final List<String> KEYWORDS = java.util.Arrays.stream(KernelReportKind.values())
            .flatMap(k -> java.util.Arrays.stream(keywordsOf(k)))
            .distinct()
            .toList();

    /** Lines without any keyword's first four bytes are skipped undecoded while no report is open. */
    static final io.lockdoc.ingest.KeywordFilter PREFILTER = io.lockdoc.ingest.KeywordFilter.of(KEYWORDS);

    /** Indices into KEYWORDS by their first (ASCII) character. */
    private static final int[][] BY_FIRST_CHAR = byFirstChar();

    private static int[][] byFirstChar() {
        if (KEYWORDS.size() > 64) {
            throw new IllegalStateException("more than 64 banner keywords");
        }
        int[][] t = new int[128][];
        for (int i = 0; i < KEYWORDS.size(); i++) {
            char c = KEYWORDS.get(i).charAt(0);
            int[] old = t[c] == null ? new int[0] : t[c];
            int[] now = java.util.Arrays.copyOf(old, old.length + 1);
            now[old.length] = i;
            t[c] = now;
        }
        return t;
    }

    /** The bits of the keywords the line contains, in one pass over it. */
    static long keywordsIn(String line) {
        long found = 0;
        int n = line.length();
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            int[] ks = c < 128 ? BY_FIRST_CHAR[c] : null;
            if (ks != null) {
                for (int k : ks) {
                    if ((found & (1L << k)) == 0 && line.startsWith(KEYWORDS.get(k), i)) {
                        found |= 1L << k;
                    }
                }
            }
        }
        return found;
    }

    private static Banner b(KernelReportKind kind, String regex) {
        long mask = 0;
        for (String k : keywordsOf(kind)) {
            int i = KEYWORDS.indexOf(k);
            if (i < 0) {
                throw new IllegalStateException("keyword not in KEYWORDS: " + k);
            }
            mask |= 1L << i;
        }
        return new Banner(kind, Pattern.compile(regex), mask == 0 ? -1L : mask);
    }

    /**
     * Literals one of which every match of a kind's banner contains (each alternative of its pattern
     * has one; a kind without any is always tried). Most lines of a log contain none, so the
     * patterns run only on the few that might be banners.
     */
    private static String[] keywordsOf(KernelReportKind kind) {
        return switch (kind) {
            case CIRCULAR_LOCKING -> new String[] {"possible circular locking dependency detected"};
            case RECURSIVE_LOCKING -> new String[] {"possible recursive locking detected"};
            case INCONSISTENT_LOCK_STATE -> new String[] {"inconsistent lock state"};
            case IRQ_LOCK_INVERSION -> new String[] {"possible irq lock inversion dependency detected"};
            case IRQ_SAFE_UNSAFE_ORDER -> new String[] {"IRQ-safe -> "};
            case HUNG_TASK -> new String[] {"blocked ", "can't die "};
            case HUNG_TASK_PANIC -> new String[] {"Kernel panic - not syncing: hung_task"};
            case SOFT_LOCKUP -> new String[] {"BUG: soft lockup - CPU#"};
            case HARD_LOCKUP -> new String[] {
                "hard LOCKUP on cpu ", "Kernel panic - not syncing: Hard LOCKUP", " Hard LOCKUP"
            };
                // each kind's own literal after "BUG: ", not "BUG: " itself: the byte prefilter scans faster with
                // longer keywords
            case SPINLOCK_BUG -> new String[] {"BUG: spinlock ", "BUG: rwlock "};
            case SLEEP_IN_ATOMIC -> new String[] {"BUG: sleeping function called from invalid context"};
            case SCHEDULING_WHILE_ATOMIC -> new String[] {"BUG: scheduling while atomic: "};
            case WORKQUEUE_LEAKED_LOCK -> new String[] {"BUG: workqueue leaked lock or atomic: "};
            case WORKQUEUE_LOCKUP -> new String[] {"BUG: workqueue lockup - pool"};
            case INVALID_WAIT_CONTEXT -> new String[] {"BUG: Invalid wait context"};
            case LOCKDEP_CAPACITY -> new String[] {"BUG: MAX_"};
            case RCU_STALL -> new String[] {"INFO: rcu_", "rcu_tasks"};
            case BAD_UNLOCK_BALANCE -> new String[] {"bad unlock balance detected"};
            case HELD_LOCK_FREED -> new String[] {"held lock freed"};
            case LOCK_HELD_RETURNING_TO_USER -> new String[] {"lock held when returning to user space"};
            case LOCKS_HELD_AT_EXIT -> new String[] {"still has locks held"};
            case NESTED_LOCK_NOT_TAKEN -> new String[] {"Nested lock was not taken"};
            case SUSPICIOUS_RCU_USAGE -> new String[] {"suspicious RCU usage"};
            case NON_STATIC_KEY -> new String[] {"INFO: trying to register non-static key"};
            case LOCKDEP_INTERNAL_WARNING -> new String[] {"WARNING: ", "DEBUG_LOCKS_WARN_ON("};
            case OTHER_OOPS -> new String[] {
                "BUG: KASAN",
                "BUG: KMSAN",
                "BUG: KFENCE",
                "BUG: KCSAN",
                "BUG: unable to handle",
                "BUG: kernel NULL pointer",
                "BUG: Bad page",
                "BUG: Bad rss",
                "BUG: corrupted list",
                "BUG: memory leak",
                "BUG: stack guard",
                "kernel BUG at ",
                "UBSAN: ",
                "general protection fault",
                "Oops: ",
                "divide error: ",
                "invalid opcode: ",
                "WARNING: CPU: ",
                "Kernel panic - not syncing: ",
                "ODEBUG: "
            };
            default -> new String[0];
        };
    }

    static final List<Banner> BANNERS = List.of(
            b(
                    KernelReportKind.CIRCULAR_LOCKING,
                    "^(?:\\[ )?(?:INFO: |WARNING: |BUG: )?possible circular locking dependency detected"),
            b(
                    KernelReportKind.RECURSIVE_LOCKING,
                    "^(?:\\[ )?(?:INFO: |WARNING: |BUG: )?possible recursive locking detected"),
            b(KernelReportKind.INCONSISTENT_LOCK_STATE, "^(?:\\[ )?(?:INFO: |WARNING: |BUG: )?inconsistent lock state"),
            b(
                    KernelReportKind.IRQ_LOCK_INVERSION,
                    "^(?:\\[ )?(?:INFO: |WARNING: |BUG: )?possible irq lock inversion dependency detected"),
            b(
                    KernelReportKind.IRQ_SAFE_UNSAFE_ORDER,
                    "^(?:\\[ )?(?:INFO: |WARNING: |BUG: )?(?:HARD|SOFT)IRQ-safe -> (?:HARD|SOFT)IRQ-unsafe lock order detected"),
            b(
                    KernelReportKind.HUNG_TASK,
                    "^(?:INFO: task )?(?<task>.+?):(?<pid>\\d+) (?:blocked for more than (?<secs>\\d+) seconds|blocked in I/O wait for more than (?<iosecs>\\d+) seconds|can't die for more than (?<diesecs>\\d+) seconds)"),
            b(KernelReportKind.HUNG_TASK_PANIC, "^Kernel panic - not syncing: hung_task: blocked tasks"),
            b(
                    KernelReportKind.SOFT_LOCKUP,
                    "^(?:watchdog: |NMI watchdog: )?BUG: soft lockup - CPU#(?<cpu>\\d+) stuck for (?<secs>\\d+)s!(?: \\[(?<task>.+):(?<pid>\\d+)\\])?"),
            b(
                    KernelReportKind.HARD_LOCKUP,
                    "^(?:NMI watchdog: )?Watchdog detected hard LOCKUP on cpu (?<cpu>\\d+)|^Kernel panic - not syncing: Hard LOCKUP"
                            // powerpc's watchdog: the CPU that is stuck (its registers and stack follow)
                            + "|^Watchdog CPU:(?<pcpu>\\d+) Hard LOCKUP"),
            b(
                    KernelReportKind.SPINLOCK_BUG,
                    "^BUG: (?:spinlock|rwlock) (?:lockup suspected|recursion|cpu recursion|bad magic|wrong owner|wrong CPU|already unlocked)(?: on CPU#(?<cpu>\\d+))?(?:, (?<task>.+?)/(?<pid>\\d+))?"),
            b(
                    KernelReportKind.RCU_STALL,
                    "^(?:rcu: )?INFO: rcu_(?:sched|preempt|bh)(?:_state)? (?:self-)?detected (?:expedited )?stalls?|^(?:rcu: )?INFO: rcu_tasks\\w* detected stalls?|^(?:rcu: )?INFO: \\w*rcu_tasks\\w* .*stall"),
            b(KernelReportKind.SLEEP_IN_ATOMIC, "^BUG: sleeping function called from invalid context"),
            b(KernelReportKind.SCHEDULING_WHILE_ATOMIC, "^BUG: scheduling while atomic: (?<task>.+?)/(?<pid>\\d+)"),
            b(KernelReportKind.BAD_UNLOCK_BALANCE, "^(?:\\[ )?(?:INFO: |WARNING: |BUG: )?bad unlock balance detected"),
            b(KernelReportKind.HELD_LOCK_FREED, "^(?:\\[ )?(?:INFO: |WARNING: |BUG: )?held lock freed"),
            b(
                    KernelReportKind.LOCK_HELD_RETURNING_TO_USER,
                    "^(?:\\[ )?(?:INFO: |WARNING: |BUG: )?lock held when returning to user space"),
            b(
                    KernelReportKind.LOCKS_HELD_AT_EXIT,
                    "^(?:\\[ )?(?:INFO: |WARNING: |BUG: )?(?<task>\\S+)/(?<pid>\\d+) still has locks held"),
            b(KernelReportKind.NESTED_LOCK_NOT_TAKEN, "^(?:\\[ )?(?:INFO: |WARNING: |BUG: )?Nested lock was not taken"),
            b(KernelReportKind.WORKQUEUE_LEAKED_LOCK, "^BUG: workqueue leaked lock or atomic: (?<task>.+?)/"),
            b(KernelReportKind.WORKQUEUE_LOCKUP, "^BUG: workqueue lockup - pool"),
            b(KernelReportKind.SUSPICIOUS_RCU_USAGE, "^(?:\\[ )?(?:INFO: |WARNING: |BUG: )?suspicious RCU usage"),
            b(KernelReportKind.NON_STATIC_KEY, "^INFO: trying to register non-static key"),
            b(KernelReportKind.INVALID_WAIT_CONTEXT, "^(?:\\[ )?BUG: Invalid wait context"),
            b(KernelReportKind.LOCKDEP_CAPACITY, "^BUG: MAX_\\w+ too low!"),
            b(
                    KernelReportKind.LOCKDEP_INTERNAL_WARNING,
                    "^(?:WARNING: .*kernel/locking/lockdep\\.c|DEBUG_LOCKS_WARN_ON\\()"),
            b(
                    KernelReportKind.OTHER_OOPS,
                    "^(?:BUG: (?:KASAN|KMSAN|KFENCE|KCSAN|unable to handle|kernel NULL pointer|Bad page|Bad rss|corrupted list|memory leak|stack guard)"
                            + "|UBSAN: |general protection fault|kernel BUG at |Oops: |divide error: |invalid opcode: "
                            + "|WARNING: CPU: \\d+ PID: \\d+ at "
                            + "|Kernel panic - not syncing: (?!hung_task|Hard LOCKUP)|BUG: KASAN|ODEBUG: )"));

    private KernelBanners() {}

    static Match match(String trimmed) {
        return match(trimmed, true);
    }

    /** @param filter false runs every pattern (the keyword filter's test compares both) */
    static Match match(String trimmed, boolean filter) {
        if (trimmed.isEmpty()) {
            return null;
        }
        long found = filter ? keywordsIn(trimmed) : -1L; // most lines contain none: no pattern runs on them
        for (Banner b : BANNERS) {
            if ((b.keywordMask() & found) == 0) {
                continue;
            }
            Matcher m = b.pattern().matcher(trimmed);
            if (m.lookingAt()) {
                return new Match(b.kind(), m);
            }
        }
        return null;
    }
}
