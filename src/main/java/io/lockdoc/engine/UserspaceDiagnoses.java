package io.lockdoc.engine;

import io.lockdoc.model.Cause;
import io.lockdoc.model.Culprit;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.Finding;
import io.lockdoc.model.Participant;
import io.lockdoc.model.userspace.GdbLockWaits;
import io.lockdoc.model.userspace.LockNode;
import io.lockdoc.model.userspace.MutexStall;
import io.lockdoc.model.userspace.SyscallResult;
import io.lockdoc.model.userspace.TaskNode;
import io.lockdoc.model.userspace.WaitChain;
import io.lockdoc.model.userspace.WaitCycle;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Findings for the user-space rules, built from wait-for cycles, chains and mutex stalls. */
public final class UserspaceDiagnoses {
    private UserspaceDiagnoses() {}

    /** A cycle: every task waits for a lock the next one holds. */
    public static Finding cycle(Cause cause, WaitCycle c, String rule, double confidence) {
        Finding.Builder f = Finding.builder(cause, rule).confidence(confidence).ordinal(0);
        c.getAllEvidence().forEach(f::evidence);
        f.matched(c);
        List<TaskNode> ts = c.getTasks();
        List<LockNode> ls = c.getLocks();
        StringBuilder chain = new StringBuilder();
        // a cycle of 100 000 threads: the first ones are listed, the summary gives the count
        for (int i = 0; i < Math.min(ts.size(), LISTED); i++) {
            TaskNode t = ts.get(i);
            LockNode wants = ls.get(i % ls.size());
            LockNode holds = ls.get((i + ls.size() - 1) % ls.size());
            f.participant(new Participant(
                    "waiter-and-holder",
                    Participant.Kind.TASK,
                    t.label(),
                    "holds " + holds.label() + ", waits for " + wants.label()
                            + (t.siteFunction() == null
                                    ? ""
                                    : " in " + t.siteFunction()
                                            + (t.siteLocation() == null ? "" : " at " + t.siteLocation()))
                            + " (" + t.doing() + ")"));
            chain.append(t.label()).append(" -> ").append(wants.label()).append(" -> ");
        }
        if (ts.size() > LISTED) {
            chain.append("... (").append(ts.size() - LISTED).append(" more) -> ");
        }
        chain.append(ts.get(0).label());
        for (LockNode l : ls.subList(0, Math.min(ls.size(), LISTED))) {
            f.participant(new Participant(
                    "lock", Participant.Kind.LOCK, l.label(), l.kind().label()));
        }
        String names = listed(ts.stream().map(TaskNode::label).toList());
        f.summary(cap(c.getKind().label()) + " deadlock: " + names + " each hold a "
                + c.getKind().label() + " the next one waits for (" + ts.size() + "-task cycle)");
        // the program's own code where a cycle task waits (gdb's own frame, jstack's application frame)
        TaskNode sited =
                ts.stream().filter(t -> t.siteFunction() != null).findFirst().orElse(ts.get(0));
        f.culprit(new Culprit(sited.siteFunction(), null, sited.comm(), sited.siteLocation()));
        bindTasks(f, ts, ls);
        f.bind("culpritLocation", sited.siteLocation());
        f.bind("chain", chain.toString());
        f.graph(WaitGraphs.fromCycle(c));
        f.lockSites(ts.stream().map(TaskNode::siteFunction).toList());
        f.signatureKey(c.getKind() + "|"
                + ts.stream().map(t -> String.valueOf(t.comm())).sorted().collect(Collectors.joining(",")));
        return f.build();
    }

    /** Waiters queue behind a holder that does not run. */
    public static Finding stalledHolder(WaitChain c, String rule, double confidence) {
        Finding.Builder f = Finding.builder(Cause.STALLED_LOCK_HOLDER, rule)
                .confidence(confidence)
                .ordinal(0);
        c.getAllEvidence().forEach(f::evidence);
        f.matched(c);
        TaskNode h = c.getHead();
        f.participant(new Participant("holder", Participant.Kind.TASK, h.label(), h.doing()));
        for (TaskNode w : c.getWaiters()) {
            f.participant(new Participant("waiter", Participant.Kind.TASK, w.label(), w.doing()));
        }
        for (LockNode l : c.getLocks()) {
            f.participant(new Participant("lock", Participant.Kind.LOCK, l.label(), "held by " + h.label()));
        }
        String why =
                switch (h.condition()) {
                    case "FROZEN" -> "is frozen by its cgroup";
                    case "STOPPED" -> "is stopped";
                    case "TRACED" -> "is stopped under a tracer";
                    case "IO_WAIT" -> "is itself stuck waiting for I/O";
                    case "PAUSED" -> "sleeps until a signal comes (pause/sigsuspend) without releasing it";
                    default -> "is in uninterruptible sleep";
                };
        f.summary("Stalled lock holder: " + h.label() + " holds "
                + c.getLocks().get(0).label() + " and " + why + "; "
                + c.getWaiters().size() + " task(s) wait behind it (no cycle)");
        f.culprit(new Culprit(null, null, h.comm()));
        f.bind("holder", h.label());
        f.bind("holderPid", h.pid() == null ? null : String.valueOf(h.pid()));
        f.bind("condition", h.condition());
        f.bind("cgroupRoot", h.cgroupRoot());
        f.bind("doing", h.doing());
        f.bind("lock", c.getLocks().get(0).label());
        f.bind("waiters", c.getWaiters().stream().map(TaskNode::label).collect(Collectors.joining(", ")));
        f.graph(WaitGraphs.fromChain(c));
        f.signatureKey("stalled|" + h.condition() + "|" + c.getKind() + "|" + h.comm());
        return f.build();
    }

    /** The kernel refused the closing request with EDEADLK; a waiter remains behind the idle holder. */
    public static Finding avertedFileLockCycle(WaitChain c, SyscallResult refused, String rule, double confidence) {
        Finding.Builder f = Finding.builder(Cause.FILE_LOCK_DEADLOCK, rule)
                .confidence(confidence)
                .ordinal(0);
        c.getAllEvidence().forEach(f::evidence);
        f.evidence(refused.getEvidence());
        f.matched(c).matched(refused);
        TaskNode h = c.getHead();
        f.participant(new Participant(
                "holder",
                Participant.Kind.TASK,
                h.label(),
                "holds " + c.getLocks().get(0).label() + "; its own request " + refused.getSyscall() + "("
                        + refused.getArguments() + ") failed with EDEADLK; now " + h.doing()));
        for (TaskNode w : c.getWaiters()) {
            f.participant(new Participant("waiter", Participant.Kind.TASK, w.label(), w.doing()));
        }
        for (LockNode l : c.getLocks()) {
            f.participant(new Participant(
                    "lock", Participant.Kind.LOCK, l.label(), l.kind().label()));
        }
        f.summary("File-lock deadlock averted by the kernel (EDEADLK) but not resolved: " + h.label()
                + " was refused the lock that closed the cycle and kept "
                + c.getLocks().get(0).label() + "; "
                + c.getWaiters().stream().map(TaskNode::label).collect(Collectors.joining(", "))
                + " still wait(s) for it");
        f.culprit(new Culprit(null, null, h.comm()));
        f.bind("holder", h.label());
        f.bind("holderPid", h.pid() == null ? null : String.valueOf(h.pid()));
        // the one to end is the holder that kept its lock after the refusal
        f.bind("taskA", h.label());
        f.bind("pidA", h.pid() == null ? null : String.valueOf(h.pid()));
        f.bind("lock", c.getLocks().get(0).label());
        f.bind("waiters", c.getWaiters().stream().map(TaskNode::label).collect(Collectors.joining(", ")));
        f.bind("chain", h.label() + " holds " + c.getLocks().get(0).label() + " (EDEADLK on its second lock)");
        f.graph(WaitGraphs.fromChain(c));
        f.signatureKey("averted|" + h.comm());
        return f.build();
    }

    /** All threads of a process blocked, two or more on contended mutexes; holders not recorded. */
    public static Finding mutexStall(MutexStall s, String rule, double confidence) {
        Finding.Builder f = Finding.builder(Cause.USERSPACE_MUTEX_DEADLOCK, rule)
                .confidence(confidence)
                .ordinal(0);
        s.getAllEvidence().forEach(f::evidence);
        f.matched(s);
        for (TaskNode w : s.getWaiters()) {
            f.participant(new Participant("waiter", Participant.Kind.THREAD, w.label(), w.doing()));
        }
        for (String a : s.getAddresses()) {
            f.participant(new Participant(
                    "lock",
                    Participant.Kind.LOCK,
                    "mutex " + a + " of process " + s.getPid(),
                    "contended (futex word 2), holder not recorded"));
        }
        f.summary(
                "Probable pthread mutex deadlock in " + (s.getProcess() == null ? "process" : s.getProcess()) + "/"
                        + s.getPid()
                        + ": all " + s.getThreads() + " threads are blocked and "
                        + s.getWaiters().size()
                        + " wait on different contended mutexes; the holders are not recorded (capture gdb to prove the cycle)");
        f.culprit(new Culprit(null, null, s.getProcess()));
        f.bind("pid", String.valueOf(s.getPid()));
        f.bind("waiters", s.getWaiters().stream().map(TaskNode::label).collect(Collectors.joining(", ")));
        f.bind("chain", String.join(", ", s.getAddresses()));
        f.bind(
                "mutexAddress",
                s.getAddresses().isEmpty() ? null : s.getAddresses().get(0));
        f.signatureKey("mutex-stall|" + s.getProcess() + "|" + s.getAddresses().size());
        return f.build();
    }

    /**
     * gdb shows threads stopped in mutex waits and no owner: what is proven is who waits where; the
     * cycle needs the owners, which one print per mutex names.
     */
    public static Finding gdbLockWaits(GdbLockWaits w, String rule, double confidence) {
        Finding.Builder f = Finding.builder(Cause.USERSPACE_MUTEX_DEADLOCK, rule)
                .confidence(confidence)
                .ordinal(0);
        w.getAllEvidence().forEach(f::evidence);
        f.matched(w);
        java.util.LinkedHashSet<String> locks = new java.util.LinkedHashSet<>();
        for (GdbLockWaits.Waiter t : w.getWaiters().subList(0, Math.min(LISTED, w.getWaiterCount()))) {
            String lock = lockName(t);
            if (lock != null) {
                locks.add(lock);
            }
            f.participant(new Participant(
                    "waiter",
                    Participant.Kind.THREAD,
                    t.label(),
                    "blocked in " + t.waitFunction() + (lock == null ? "" : " on " + lock)
                            + (t.ownFunction() == null ? "" : " from " + own(t))));
        }
        for (String l : locks) {
            f.participant(new Participant("lock", Participant.Kind.LOCK, l, "holder not shown"));
        }
        GdbLockWaits.Waiter first = w.getWaiters().stream()
                .filter(t -> t.ownFunction() != null)
                .findFirst()
                .orElse(w.getWaiters().get(0));
        String where = w.getProcess() == null
                ? (w.getPid() == null ? "one process" : "process " + w.getPid())
                : w.getProcess() + (w.getPid() == null ? "" : "/" + w.getPid());
        String shown = w.getThreadsShown() > w.getWaiterCount()
                ? w.getWaiterCount() + " of the " + w.getThreadsShown() + " threads shown"
                : w.getWaiterCount() == 1 ? "the one thread shown" : "all " + w.getWaiterCount() + " threads shown";
        f.summary("Threads blocked on pthread mutexes in " + where + " (gdb): " + shown + " wait"
                + (w.getWaiterCount() == 1 ? "s" : "") + " in " + first.waitFunction()
                + (locks.isEmpty() ? "" : " on " + String.join(", ", locks))
                + (first.ownFunction() == null ? "" : ", called from " + own(first))
                + "; no owner is shown, so the cycle is not proven (print each mutex's __owner)");
        f.culprit(new Culprit(first.ownFunction(), null, w.getProcess(), first.ownLocation()));
        f.bind("pid", w.getPid() == null ? null : String.valueOf(w.getPid()));
        f.bind(
                "waiters",
                listed(w.getWaiters().stream().map(GdbLockWaits.Waiter::label).toList()));
        String addr = w.getWaiters().stream()
                .map(GdbLockWaits.Waiter::address)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
        f.bind("mutexAddress", addr);
        f.bind("lockA", locks.isEmpty() ? null : locks.iterator().next());
        f.bind("culpritLocation", first.ownLocation());
        f.graph(WaitGraphs.fromGdbWaits(w.getWaiters().subList(0, Math.min(LISTED, w.getWaiterCount())), first));
        if (w.getWaiters().size() >= 2) {
            f.lockSites(w.getWaiters().stream()
                    .map(GdbLockWaits.Waiter::ownFunction)
                    .toList());
        }
        f.signatureKey("gdb-lock-waits|" + first.waitFunction() + "|" + first.ownFunction());
        return f.build();
    }

    private static String lockName(GdbLockWaits.Waiter t) {
        if (t.symbol() != null) {
            return t.symbol();
        }
        return t.address() == null ? null : "mutex " + t.address();
    }

    private static String own(GdbLockWaits.Waiter t) {
        return t.ownFunction() + (t.ownLocation() == null ? "" : " at " + t.ownLocation());
    }

    private static void bindTasks(Finding.Builder f, List<TaskNode> ts, List<LockNode> ls) {
        f.bind("taskA", ts.get(0).label());
        f.bind("pidA", ts.get(0).pid() == null ? null : String.valueOf(ts.get(0).pid()));
        f.bind("lockA", ls.get(0).label());
        if (ts.size() > 1) {
            f.bind("taskB", ts.get(1).label());
            f.bind(
                    "pidB",
                    ts.get(1).pid() == null ? null : String.valueOf(ts.get(1).pid()));
        }
        if (ls.size() > 1) {
            f.bind("lockB", ls.get(1).label());
        }
        f.bind("waiters", listed(ts.stream().map(TaskNode::label).toList()));
        // threads of one process (pthread, Java): the process is the one to attach to or restart
        if (ts.stream()
                .allMatch(t -> t.pid() != null && t.pid().equals(ts.get(0).pid()))) {
            f.bind("pid", String.valueOf(ts.get(0).pid()));
        }
        ls.stream()
                .map(l -> FUTEX_ADDRESS.matcher(l.key()))
                .filter(java.util.regex.Matcher::matches)
                .findFirst()
                .ifPresent(m -> f.bind("mutexAddress", m.group(1)));
        TreeSet<String> pids = ts.stream()
                .filter(t -> t.pid() != null)
                .map(t -> String.valueOf(t.pid()))
                .collect(Collectors.toCollection(TreeSet::new));
        f.bind("pids", String.join(" ", pids));
    }

    private static final java.util.regex.Pattern FUTEX_ADDRESS =
            java.util.regex.Pattern.compile("futex:\\d+:(0x[0-9a-f]+)");

    /** How many tasks or locks of one cycle a finding names one by one. */
    static final int LISTED = 50;

    /** The first {@link #LISTED} names, then how many more. */
    static String listed(List<String> names) {
        if (names.size() <= LISTED) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, LISTED)) + " and " + (names.size() - LISTED) + " more";
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static Evidence first(List<Evidence> e) {
        return e.get(0);
    }
}
