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
    record Banner(KernelReportKind kind, Pattern pattern) {}

    record Match(KernelReportKind kind, Matcher matcher) {
        String group(String name) {
            try {
                return matcher.group(name);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    private static Banner b(KernelReportKind kind, String regex) {
        return new Banner(kind, Pattern.compile(regex));
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
                    "^(?:NMI watchdog: )?Watchdog detected hard LOCKUP on cpu (?<cpu>\\d+)|^Kernel panic - not syncing: Hard LOCKUP"),
            b(
                    KernelReportKind.SPINLOCK_BUG,
                    "^BUG: (?:spinlock|rwlock) (?:lockup suspected|recursion|cpu recursion|bad magic|wrong owner|wrong CPU|already unlocked)(?: on CPU#(?<cpu>\\d+))?(?:, (?<task>.+?)/(?<pid>\\d+))?"),
            b(
                    KernelReportKind.RCU_STALL,
                    "^(?:rcu: )?INFO: rcu_(?:sched|preempt|bh) (?:self-)?detected (?:expedited )?stalls?|^(?:rcu: )?INFO: rcu_tasks\\w* detected stalls?|^(?:rcu: )?INFO: \\w*rcu_tasks\\w* .*stall"),
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
        if (trimmed.isEmpty()) {
            return null;
        }
        for (Banner b : BANNERS) {
            Matcher m = b.pattern().matcher(trimmed);
            if (m.find()) {
                return new Match(b.kind(), m);
            }
        }
        return null;
    }
}
