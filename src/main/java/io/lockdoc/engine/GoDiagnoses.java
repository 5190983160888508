package io.lockdoc.engine;

import io.lockdoc.model.Cause;
import io.lockdoc.model.Culprit;
import io.lockdoc.model.Finding;
import io.lockdoc.model.Participant;
import io.lockdoc.model.userspace.GoroutineDump;
import io.lockdoc.model.userspace.GoroutineDump.Frame;
import io.lockdoc.model.userspace.GoroutineDump.Goroutine;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Findings for Go goroutine dumps: the runtime's deadlock verdict, or goroutines stalled on mutexes. */
public final class GoDiagnoses {
    /** At most this many goroutines are listed as participants (a dump may hold thousands). */
    private static final int LISTED = 12;

    private GoDiagnoses() {}

    /** The runtime found every goroutine asleep: proven; the lock waiters (if any) say where. */
    public static Finding runtimeDeadlock(GoroutineDump d, String rule, double confidence) {
        Finding.Builder f = start(Cause.GO_RUNTIME_DEADLOCK, d, rule, confidence);
        List<Goroutine> waiters = d.getLockWaiters();
        Goroutine lead = waiters.isEmpty() ? firstWithOwnFrame(d.getGoroutines()) : waiters.get(0);
        String where = waiters.isEmpty()
                ? "no goroutine waits on a mutex (channels, WaitGroups or select without a sender)"
                : waiters.size() + " wait to lock " + locks(waiters) + sites(waiters);
        f.summary("Go runtime deadlock: all " + d.getGoroutines().size()
                + " goroutines are asleep (the runtime said so); " + where);
        culprit(f, lead);
        f.signatureKey("go-deadlock|" + siteKey(waiters.isEmpty() ? d.getGoroutines() : waiters));
        return f.build();
    }

    /** Goroutines waiting minutes to lock mutexes, the runtime not (yet) saying deadlock: a stall behind a lock. */
    public static Finding lockStall(GoroutineDump d, String rule, double confidence) {
        Finding.Builder f = start(Cause.GOROUTINE_LOCK_STALL, d, rule, confidence);
        List<Goroutine> waiters = d.getLockWaiters();
        Goroutine holder = probableHolder(d);
        Frame held = holder == null ? null : holderFrame(holder, waiters);
        f.summary(waiters.size() + " goroutines wait to lock " + locks(waiters) + sites(waiters) + ", the longest for "
                + d.getLongestLockWaitMinutes() + " minutes; "
                + (holder == null
                        ? "the holder is not shown (a holder blocked elsewhere, or a lock never released)"
                        : "goroutine " + holder.id() + " [" + holder.reason() + "] in " + held.function() + " at "
                                + held.location() + " works on the same " + held.firstArgument()
                                + " without waiting for it: probably the holder"));
        culprit(f, waiters.get(0));
        if (holder != null) {
            f.participant(new Participant(
                    "probable-holder",
                    Participant.Kind.THREAD,
                    "goroutine " + holder.id(),
                    "[" + holder.reason() + "] in " + held.function() + " at " + held.location() + " (line "
                            + holder.line() + ")"));
            f.bind("holderGoroutine", String.valueOf(holder.id()));
            f.bind("holderLocation", held.location());
        }
        f.bind("minutes", String.valueOf(d.getLongestLockWaitMinutes()));
        f.signatureKey("go-lock-stall|" + siteKey(waiters));
        return f.build();
    }

    /**
     * The one goroutine not waiting to lock whose own frame has an awaited mutex's address as its first
     * argument (the receiver whose mutex it is, when the mutex is the struct's first field); else null.
     */
    private static Goroutine probableHolder(GoroutineDump d) {
        List<Goroutine> waiters = d.getLockWaiters();
        Goroutine found = null;
        for (Goroutine g : d.getGoroutines()) {
            if (!g.waitsForLock() && holderFrame(g, waiters) != null) {
                if (found != null) {
                    return null;
                }
                found = g;
            }
        }
        return found;
    }

    private static Frame holderFrame(Goroutine g, List<Goroutine> waiters) {
        for (Frame fr : g.frames()) {
            if (fr.firstArgument() != null
                    && GoroutineDump.Goroutine.own(fr.function())
                    && waiters.stream().anyMatch(w -> fr.firstArgument().equals(w.mutex()))) {
                return fr;
            }
        }
        return null;
    }

    private static Finding.Builder start(Cause cause, GoroutineDump d, String rule, double confidence) {
        Finding.Builder f = Finding.builder(cause, rule)
                .confidence(confidence)
                .ordinal(d.getEvidence().getFirstLine());
        f.evidence(d.getEvidence());
        f.matched(d);
        List<Goroutine> shown = d.getLockWaiters().isEmpty() ? d.getGoroutines() : d.getLockWaiters();
        for (Goroutine g : shown.subList(0, Math.min(LISTED, shown.size()))) {
            Frame own = g.ownFrame();
            f.participant(new Participant(
                    g.waitsForLock() ? "waiter" : "goroutine",
                    Participant.Kind.THREAD,
                    "goroutine " + g.id(),
                    "[" + g.reason() + (g.minutes() == null ? "" : ", " + g.minutes() + " minutes") + "]"
                            + (g.waitsForLock() ? " waits to lock " + g.mutex() : "")
                            + (own == null ? "" : " in " + own.function() + " at " + own.location())
                            + " (line " + g.line() + ")"));
        }
        Set<String> mutexes = new LinkedHashSet<>();
        d.getLockWaiters().forEach(g -> mutexes.add(g.mutex()));
        for (String m : mutexes) {
            f.participant(new Participant("lock", Participant.Kind.LOCK, "sync.Mutex " + m, "awaited"));
        }
        f.bind("goroutines", String.valueOf(d.getGoroutines().size()));
        f.bind(
                "lockA",
                mutexes.isEmpty() ? null : "sync.Mutex " + mutexes.iterator().next());
        return f;
    }

    private static void culprit(Finding.Builder f, Goroutine g) {
        Frame own = g == null ? null : g.ownFrame();
        if (own == null) {
            return;
        }
        f.culprit(new Culprit(own.function(), null, "goroutine " + g.id(), own.location()));
        f.bind("culpritLocation", own.location());
        f.bind("goroutine", String.valueOf(g.id()));
    }

    private static Goroutine firstWithOwnFrame(List<Goroutine> gs) {
        return gs.stream().filter(g -> g.ownFrame() != null).findFirst().orElse(null);
    }

    private static String locks(List<Goroutine> waiters) {
        Set<String> m = waiters.stream().map(Goroutine::mutex).collect(Collectors.toCollection(LinkedHashSet::new));
        return (m.size() == 1 ? "mutex " : m.size() + " mutexes ") + String.join(", ", m);
    }

    private static String sites(List<Goroutine> waiters) {
        Set<String> s = new LinkedHashSet<>();
        for (Goroutine g : waiters) {
            Frame own = g.ownFrame();
            if (own != null) {
                s.add(own.function() + " (" + own.location() + ")");
            }
        }
        return s.isEmpty() ? "" : " at " + String.join(", ", s);
    }

    /** Where they wait, without ids or addresses: the same bug in another run has the same signature. */
    private static String siteKey(List<Goroutine> gs) {
        return gs.stream()
                .map(Goroutine::ownFrame)
                .filter(fr -> fr != null)
                .map(Frame::function)
                .distinct()
                .sorted()
                .collect(Collectors.joining(","));
    }
}
