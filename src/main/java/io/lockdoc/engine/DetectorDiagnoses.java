package io.lockdoc.engine;

import io.lockdoc.model.Cause;
import io.lockdoc.model.Completeness;
import io.lockdoc.model.Culprit;
import io.lockdoc.model.Finding;
import io.lockdoc.model.Participant;
import io.lockdoc.model.WaitGraph;
import io.lockdoc.model.userspace.LockReport;
import io.lockdoc.model.userspace.LockReport.Lock;
import io.lockdoc.model.userspace.LockReport.Site;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Findings for the C/C++ lock detectors' reports: what a detector saw the program do (a potential
 * deadlock, a self-deadlock, a bad unlock), never threads blocked now.
 */
public final class DetectorDiagnoses {
    private static final java.util.regex.Pattern SYMBOL = java.util.regex.Pattern.compile("[A-Za-z_][\\w:]*");

    private DetectorDiagnoses() {}

    /** A cycle in the lock-order graph; the culprit is the own frame of the edge that closes it. */
    public static Finding orderInversion(LockReport r, String rule, double confidence) {
        Finding.Builder f = start(Cause.USERSPACE_LOCK_ORDER_INVERSION, r, rule, confidence);
        List<Site> edges = r.getSites();
        Site closing = r.getClosing();
        Site opening = edges.size() > 1 ? edges.get(0) : null;
        List<String> cycle = new ArrayList<>();
        for (Lock l : r.getLocks()) {
            cycle.add(l.display());
            f.participant(new Participant(
                    "lock", Participant.Kind.LOCK, l.display(), r.getTool().label() + " " + l.label()));
        }
        for (Site s : edges) {
            f.participant(new Participant(
                    "acquirer",
                    Participant.Kind.THREAD,
                    // Helgrind does not say which thread set up the required order
                    s.thread() == null ? "an earlier thread" : "thread " + s.thread(),
                    "takes " + name(r, s.lock()) + " while holding " + name(r, s.held()) + " in " + s.describe()));
        }
        String chain = String.join(" -> ", cycle) + (cycle.isEmpty() ? "" : " -> " + cycle.get(0));
        f.summary("Potential deadlock (lock-order inversion) found by "
                + r.getTool().label() + ": "
                + listed(cycle) + " are taken in opposite orders"
                + (opening == null || opening.function() == null ? "" : " (" + opening.describe() + ")")
                + (closing == null || closing.function() == null ? "" : "; " + closing.describe() + " closes the cycle")
                + "; the report itself shows no blocked thread");
        culprit(f, closing);
        f.bind("chain", chain);
        f.bind("lockA", cycle.isEmpty() ? null : cycle.get(0));
        f.bind("lockB", cycle.size() < 2 ? null : cycle.get(1));
        if (opening != null) {
            f.bind("functionExisting", opening.function());
            f.bind("locationExisting", opening.location());
        }
        f.graph(graph(r));
        // a cut report lacks an edge's stack: its sites are not all known
        f.lockSites(
                edges.size() < 2
                        ? List.of()
                        : edges.stream().map(Site::function).toList());
        f.signatureKey("order|"
                + edges.stream().map(s -> String.valueOf(s.function())).sorted().collect(Collectors.joining(",")));
        return f.build();
    }

    /** A non-recursive lock taken again while it is held, or a lock released that is not held. */
    public static Finding badCall(Cause cause, LockReport r, String rule, double confidence) {
        Finding.Builder f = start(cause, r, rule, confidence);
        Site call = r.getClosing();
        Lock lock = r.getLocks().isEmpty() ? null : r.getLocks().get(0);
        String name = lock == null ? "a mutex" : lock.display();
        f.participant(
                new Participant("lock", Participant.Kind.LOCK, name, r.getTool().label()));
        if (call != null && call.thread() != null) {
            f.participant(
                    new Participant("caller", Participant.Kind.THREAD, "thread " + call.thread(), call.describe()));
        }
        String where = call == null || call.function() == null ? "" : " in " + call.describe();
        f.summary(
                cause == Cause.USERSPACE_RECURSIVE_LOCKING
                        ? "Recursive locking found by " + r.getTool().label() + ": " + name + " is locked again" + where
                                + " while it is still held"
                                + (r.getPrevious() == null
                                        ? ""
                                        : " (taken before in " + r.getPrevious().describe() + ")")
                        : "Unlock of an unlocked mutex found by " + r.getTool().label() + ": " + name + " is unlocked"
                                + where + " by a thread that does not hold it");
        culprit(f, call);
        f.bind("lockA", lock == null ? null : lock.display());
        // a name that is a C/C++ identifier can go into code; a creation site cannot
        f.bind(
                "lockSymbol",
                lock == null
                                || lock.name() == null
                                || !SYMBOL.matcher(lock.name()).matches()
                        ? null
                        : lock.name());
        if (r.getPrevious() != null) {
            f.bind("functionExisting", r.getPrevious().function());
            f.bind("locationExisting", r.getPrevious().location());
        }
        f.signatureKey(cause.id() + "|" + (call == null ? "" : call.function()));
        return f.build();
    }

    /** A lock held past the detector's threshold: the holder's code stalls every thread that needs it. */
    public static Finding heldTooLong(LockReport r, String rule, double confidence) {
        Finding.Builder f = start(Cause.USERSPACE_LOCK_HELD_TOO_LONG, r, rule, confidence);
        Site release = r.getClosing();
        Site acquire = r.getPrevious();
        Site holder = acquire != null && acquire.function() != null ? acquire : release;
        Lock lock = r.getLocks().isEmpty() ? null : r.getLocks().get(0);
        String name = lock == null
                ? "a lock"
                : lock.name() != null && lock.name().matches(".*:\\d+")
                        ? "the mutex first seen at " + lock.name() + " (" + lock.address() + ")"
                        : lock.display();
        String thread = holder == null || holder.thread() == null ? null : "thread " + holder.thread();
        f.participant(new Participant(
                "lock",
                Participant.Kind.LOCK,
                lock == null ? "a lock" : lock.display(),
                r.getTool().label() + ": held " + r.getHeldMillis() + " ms"));
        if (thread != null) {
            f.participant(new Participant(
                    "holder",
                    Participant.Kind.THREAD,
                    thread,
                    "holds it " + r.getHeldMillis() + " ms"
                            + (holder.function() == null ? "" : " in " + holder.describe())));
        }
        f.summary("Lock held too long, measured by " + r.getTool().label() + ": " + name + " was held for "
                + r.getHeldMillis() + " ms (threshold " + r.getThresholdMillis() + " ms)"
                + (thread == null ? "" : " by " + thread)
                + (holder == null || holder.function() == null ? "" : " in " + holder.function())
                + (acquire == null || acquire.location() == null ? "" : ", taken at " + acquire.location())
                + (release == null || release.location() == null ? "" : " and released at " + release.location())
                + "; every thread that needs it waits that long (a stall, not a deadlock)");
        if (holder != null) {
            f.culprit(new Culprit(holder.function(), null, null, holder.location()));
            f.bind("functionNew", holder.function());
            f.bind("culpritLocation", holder.location());
            f.bind("thread", holder.thread());
        }
        f.bind("releaseLocation", release == null ? null : release.location());
        f.bind("lockA", lock == null ? null : lock.display());
        f.bind("heldMs", String.valueOf(r.getHeldMillis()));
        f.bind("thresholdMs", String.valueOf(r.getThresholdMillis()));
        f.signatureKey("held|" + (holder == null ? "" : holder.function()));
        return f.build();
    }

    private static Finding.Builder start(Cause cause, LockReport r, String rule, double confidence) {
        Finding.Builder f = Finding.builder(cause, rule)
                .confidence(confidence)
                .ordinal(r.getEvidence().getFirstLine());
        f.evidence(r.getEvidence());
        f.matched(r);
        f.completeness(r.isComplete() ? Completeness.COMPLETE : Completeness.TRUNCATED);
        f.bind("tool", r.getTool().label());
        f.bind("program", r.getProgram());
        f.bind(
                "toolOption",
                switch (r.getTool()) {
                    case TSAN -> "tsan";
                    case HELGRIND -> "helgrind";
                    case DRD -> "drd";
                    case BCC_DEADLOCK -> "bcc";
                });
        return f;
    }

    private static void culprit(Finding.Builder f, Site s) {
        if (s == null) {
            return;
        }
        f.culprit(new Culprit(s.function(), null, null, s.location()));
        f.bind("functionNew", s.function());
        f.bind("culpritLocation", s.location());
        f.bind("thread", s.thread());
    }

    private static String name(LockReport r, String label) {
        Lock l = label == null ? null : r.lock(label);
        return l == null ? (label == null ? "a lock" : label) : l.display();
    }

    /** Each edge as a thread that holds one lock and takes the next: the cycle the detector saw. */
    private static WaitGraph graph(LockReport r) {
        List<WaitGraph.Node> nodes = new ArrayList<>();
        List<WaitGraph.Edge> edges = new ArrayList<>();
        for (Lock l : r.getLocks()) {
            nodes.add(new WaitGraph.Node("l:" + l.label(), WaitGraph.NodeKind.LOCK, l.display(), null, false));
        }
        List<Site> sites = r.getSites();
        for (int i = 0; i < sites.size(); i++) {
            Site s = sites.get(i);
            if (s.lock() == null || s.held() == null || r.lock(s.lock()) == null || r.lock(s.held()) == null) {
                continue;
            }
            String id = "t:" + i;
            nodes.add(new WaitGraph.Node(
                    id,
                    WaitGraph.NodeKind.TASK,
                    s.thread() == null ? s.describe() : "thread " + s.thread(),
                    s.describe(),
                    i == sites.size() - 1));
            edges.add(new WaitGraph.Edge("l:" + s.held(), id, WaitGraph.EdgeKind.HELD_BY, true));
            edges.add(new WaitGraph.Edge(id, "l:" + s.lock(), WaitGraph.EdgeKind.WAITS_FOR, true));
        }
        return edges.isEmpty() ? WaitGraph.EMPTY : new WaitGraph(nodes, edges);
    }

    private static String listed(List<String> names) {
        if (names.size() <= 2) {
            return String.join(" and ", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
