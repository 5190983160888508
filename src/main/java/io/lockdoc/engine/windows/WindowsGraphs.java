package io.lockdoc.engine.windows;

import io.lockdoc.model.WaitGraph;
import io.lockdoc.model.windows.WinLockWait;
import io.lockdoc.model.windows.WinVerifierDeadlock;
import io.lockdoc.model.windows.WinWaitCycle;
import java.util.List;

/**
 * Maps the Windows wait facts (cycles over critical sections, CLR monitors, mutexes and the loader
 * lock, one contended lock with its owner, Driver Verifier's lock orders) to the {@link WaitGraph}
 * the renderers draw.
 */
final class WindowsGraphs {
    private WindowsGraphs() {}

    /** Step i's thread waits for step i's lock, which the next step's thread owns. */
    static WaitGraph fromCycle(WinWaitCycle c, String culpritFunction) {
        WaitGraph.Builder g = WaitGraph.builder();
        List<WinWaitCycle.Step> steps = c.getSteps();
        String culprit = null;
        for (int i = 0; i < steps.size(); i++) {
            WinWaitCycle.Step s = steps.get(i);
            g.task(thread(s.thread()), s.thread(), s.function() == null ? null : "in " + s.function());
            g.lock(lock(s.lock()), s.lock(), s.kind());
            g.waitsFor(thread(s.thread()), lock(s.lock()), true);
            if (culprit == null && s.function() != null && s.function().equals(culpritFunction)) {
                culprit = thread(s.thread());
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            WinWaitCycle.Step s = steps.get(i);
            g.heldBy(lock(s.lock()), thread(steps.get((i + 1) % steps.size()).thread()), true);
        }
        return g.culprit(culprit).build();
    }

    /** One lock: held by its owner (the head everybody waits for), waited for by the waiters. */
    static WaitGraph fromLockWait(WinLockWait w) {
        WaitGraph.Builder g = WaitGraph.builder();
        for (String t : w.getWaiters()) {
            g.task(thread(t), t, null);
        }
        if (w.getWaiters().isEmpty() && w.getWaiterCount() > 0) {
            g.task("waiters", w.getWaiterCount() + " waiting thread(s)", "not listed by the dump");
        }
        g.lock(lock(w.getLock()), w.getLock(), w.getKind());
        if (w.getOwner() != null) {
            g.task(
                    thread(w.getOwner()),
                    w.getOwner(),
                    w.isOwnerGone()
                            ? "owner, no longer exists"
                            : w.isOwnerBlocked() ? "owner, itself blocked" : "owner");
            g.heldBy(lock(w.getLock()), thread(w.getOwner()), true);
            g.head(thread(w.getOwner()));
            if (w.getCulpritFunction() != null) {
                g.culprit(thread(w.getOwner()));
            }
        }
        for (String t : w.getWaiters()) {
            g.waitsFor(thread(t), lock(w.getLock()), true);
        }
        if (g.has("waiters")) {
            g.waitsFor("waiters", lock(w.getLock()), true);
        }
        return g.build();
    }

    /** Each thread took its locks in order: it holds the first and waits for the next, the deadlock the orders allow. */
    static WaitGraph fromVerifier(WinVerifierDeadlock d, String culpritFunction) {
        WaitGraph.Builder g = WaitGraph.builder();
        String culprit = null;
        for (WinVerifierDeadlock.ThreadOrder t : d.getThreads()) {
            String name = t.thread() == null ? "thread " + t.index() : t.thread();
            String id = thread(name + "#" + t.index());
            g.task(
                    id,
                    name,
                    t.functions().isEmpty() ? null : "in " + t.functions().get(0));
            if (culprit == null
                    && !t.functions().isEmpty()
                    && t.functions().get(0).equals(culpritFunction)) {
                culprit = id;
            }
            for (int i = 0; i + 1 < t.letters().size(); i++) {
                String held = lockName(d, t.letters().get(i));
                String next = lockName(d, t.letters().get(i + 1));
                g.lock(lock(held), held, null);
                g.lock(lock(next), next, null);
                g.heldBy(lock(held), id, true);
                g.waitsFor(id, lock(next), true);
            }
        }
        return g.culprit(culprit).build();
    }

    private static String lockName(WinVerifierDeadlock d, String letter) {
        return d.lock(letter) == null ? letter : d.lock(letter).name();
    }

    private static String thread(String t) {
        return "thread:" + t;
    }

    private static String lock(String l) {
        return "lock:" + l;
    }
}
