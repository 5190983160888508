package io.lockdoc.engine;

import io.lockdoc.model.KernelWaitChain;
import io.lockdoc.model.WaitGraph;
import io.lockdoc.model.userspace.GdbLockWaits;
import io.lockdoc.model.userspace.LockNode;
import io.lockdoc.model.userspace.TaskNode;
import io.lockdoc.model.userspace.WaitChain;
import io.lockdoc.model.userspace.WaitCycle;
import java.util.List;

/**
 * Maps the Linux wait-for facts (kernel hung-task chains, user-space cycles and chains, gdb's
 * lock waits) to the one {@link WaitGraph} the renderers draw. Task ids are {@code task:} plus the
 * label, so a task met twice (a cycle closing) is one node.
 */
final class WaitGraphs {
    private WaitGraphs() {}

    /** waiter -[lock]-> owner -[lock]-> ... -> head (marked), or back to the first waiter (a cycle). */
    static WaitGraph fromKernelChain(KernelWaitChain chain) {
        WaitGraph.Builder g = WaitGraph.builder();
        int n = 0;
        for (KernelWaitChain.Hop h : chain.getHops()) {
            String waiter = task(KernelFindings.taskName(h.waiter()));
            g.task(waiter, KernelFindings.taskName(h.waiter()), null);
            String lock = "lock:" + ++n;
            g.lock(lock, h.lock(), null);
            g.waitsFor(waiter, lock, true);
            if (h.owner() != null) {
                String owner = task(KernelFindings.taskName(h.owner()));
                boolean head = !chain.isCycle() && h.owner().equals(chain.getHead());
                g.task(owner, KernelFindings.taskName(h.owner()), head ? headDetail(chain) : null);
                g.heldBy(lock, owner, true);
            }
        }
        if (!chain.isCycle() && chain.getHead() != null) {
            g.head(task(KernelFindings.taskName(chain.getHead())));
        }
        return g.build();
    }

    private static String headDetail(KernelWaitChain c) {
        if (c.getHeadFunction() != null) {
            return (c.getHeadState() == null ? "" : c.getHeadState() + " ") + "in " + c.getHeadFunction();
        }
        return c.getHeadState() == null ? null : "state " + c.getHeadState();
    }

    /** Task i waits for lock i, which task i+1 holds; the last lock is held by the first task. */
    static WaitGraph fromCycle(WaitCycle c) {
        WaitGraph.Builder g = WaitGraph.builder();
        List<TaskNode> ts = c.getTasks();
        List<LockNode> ls = c.getLocks();
        for (int i = 0; i < ts.size(); i++) {
            TaskNode t = ts.get(i);
            g.task(task(t.label()), t.label(), site(t));
            LockNode l = ls.get(i % ls.size());
            g.lock(lock(l), l.label(), l.kind().label());
            g.waitsFor(task(t.label()), lock(l), true);
        }
        for (int i = 0; i < ts.size(); i++) {
            LockNode l = ls.get(i % ls.size());
            g.heldBy(lock(l), task(ts.get((i + 1) % ts.size()).label()), true);
        }
        return g.build();
    }

    /** The head holds the locks; with one lock every waiter queues on it (with more, which one is not kept). */
    static WaitGraph fromChain(WaitChain c) {
        WaitGraph.Builder g = WaitGraph.builder();
        TaskNode h = c.getHead();
        boolean one = c.getLocks().size() == 1;
        for (TaskNode w : c.getWaiters()) {
            g.task(task(w.label()), w.label(), one ? site(w) : "waits behind " + h.label());
        }
        for (LockNode l : c.getLocks()) {
            g.lock(lock(l), l.label(), l.kind().label());
        }
        g.task(
                task(h.label()),
                h.label(),
                h.condition().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        for (LockNode l : c.getLocks()) {
            g.heldBy(lock(l), task(h.label()), true);
        }
        if (one) {
            for (TaskNode w : c.getWaiters()) {
                g.waitsFor(task(w.label()), lock(c.getLocks().get(0)), true);
            }
        }
        return g.head(task(h.label())).build();
    }

    /** Who waits on which mutex; no owner is shown, so nothing is a cycle. */
    static WaitGraph fromGdbWaits(List<GdbLockWaits.Waiter> waiters, GdbLockWaits.Waiter culprit) {
        WaitGraph.Builder g = WaitGraph.builder();
        for (GdbLockWaits.Waiter w : waiters) {
            g.task(
                    task(w.label()),
                    w.label(),
                    w.ownFunction() == null ? "in " + w.waitFunction() : "in " + w.ownFunction());
            String name = w.symbol() != null ? w.symbol() : w.address() == null ? null : "mutex " + w.address();
            if (name != null) {
                g.lock("lock:" + name, name, "owner not shown");
                g.waitsFor(task(w.label()), "lock:" + name, false);
            }
        }
        return g.culprit(task(culprit.label())).build();
    }

    private static String site(TaskNode t) {
        if (t.siteFunction() != null) {
            return "in " + t.siteFunction() + (t.siteLocation() == null ? "" : " at " + t.siteLocation());
        }
        String state = t.state() == null ? "" : t.state();
        return t.wchan() == null ? state : (state + " " + t.wchan()).strip();
    }

    private static String task(String label) {
        return "task:" + label;
    }

    private static String lock(LockNode l) {
        return "lock:" + l.key();
    }
}
