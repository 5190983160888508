package io.lockdoc.engine;

import io.lockdoc.model.Cause;
import io.lockdoc.model.Culprit;
import io.lockdoc.model.Finding;
import io.lockdoc.model.KernelReport;
import io.lockdoc.model.LockCycle;
import io.lockdoc.model.ModuleInvolvement;
import io.lockdoc.model.Participant;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Assembles findings for the decide rules: the rule chooses the cause and the confidence; this
 * class only fills in culprit, participants, bindings and signature from the matched facts.
 */
public final class Diagnoses {
    private Diagnoses() {}

    /** A lockdep circular-dependency report, with its cycle when the chain was captured. */
    public static Finding lockOrderInversion(
            KernelReport r, LockCycle cycle, Collection<ModuleInvolvement> modules, String rule, double confidence) {
        Finding.Builder f = Finding.builder(Cause.LOCK_ORDER_INVERSION, rule)
                .confidence(confidence)
                .completeness(r.getCompleteness())
                .ordinal(r.getOrdinal())
                .evidence(r.getEvidence())
                .matched(r);
        String task = taskName(r);
        String wanted = r.getAcquiring() == null ? null : r.getAcquiring().lockClass();
        String held = r.getHeld() == null ? null : r.getHeld().lockClass();
        String culprit = Culprits.forLockOrder(r).orElse(null);
        String module = Culprits.moduleOf(culprit, r.getFrames()).orElse(null);
        if (module == null && cycle != null) {
            module = cycle.getEdges().stream()
                    .map(LockCycle.Edge::module)
                    .filter(m -> m != null)
                    .findFirst()
                    .orElse(null);
        }
        f.culprit(culprit == null && task == null ? null : new Culprit(culprit, module, task));
        if (task != null) {
            f.participant(new Participant(
                    "reporting-task", Participant.Kind.TASK, task, "the task lockdep caught closing the cycle"));
        }
        if (wanted != null) {
            f.participant(new Participant(
                    "lock-wanted",
                    Participant.Kind.LOCK,
                    wanted,
                    "being acquired" + at(r.getAcquiring().atFunction())));
        }
        if (held != null) {
            f.participant(new Participant(
                    "lock-held",
                    Participant.Kind.LOCK,
                    held,
                    "already held" + at(r.getHeld().atFunction())));
        }
        if (cycle != null) {
            f.matched(cycle);
            int n = 1;
            for (LockCycle.Edge e : cycle.getEdges()) {
                f.participant(new Participant(
                        "path-" + n++,
                        Participant.Kind.PATH,
                        e.function() == null ? "(unknown function)" : e.function(),
                        "takes " + e.to() + " while holding " + e.from()
                                + (e.function() == null ? "" : " in " + e.function())
                                + (e.task() == null ? " (recorded earlier)" : " (task " + e.task() + ", now)")));
            }
            f.bind(
                    "chain",
                    String.join(" -> ", cycle.getLocks()) + " -> "
                            + cycle.getLocks().get(0));
            f.graph(Graphs.fromLockCycle(cycle, culprit));
            // the function that recorded the order the reporting path now violates: it took the
            // next lock while holding the one now being acquired
            cycle.getEdges().stream()
                    .filter(e -> e.task() == null && e.function() != null)
                    .findFirst()
                    .ifPresent(e -> f.bind("functionExisting", e.function()));
        }
        for (ModuleInvolvement m : modules) {
            f.matched(m);
            f.participant(new Participant(
                    "module",
                    Participant.Kind.MODULE,
                    m.getModule(),
                    m.isOutOfTree()
                            ? "out-of-tree module on the lock path (kernel tainted O)"
                            : "module on the lock path"));
            if (module == null || m.isOutOfTree()) {
                module = m.getModule();
            }
        }
        f.bind("lockA", wanted);
        f.bind("lockB", held);
        f.bind("functionNew", culprit);
        f.bind("functionHeldAt", r.getHeld() == null ? null : r.getHeld().atFunction());
        f.bind("task", task);
        f.bind("module", module);
        f.bind("kernelRelease", r.getKernelRelease());
        f.summary(
                wanted != null && held != null
                        ? "Lock order inversion: " + (task == null ? "a task" : task) + " takes " + wanted
                                + " while holding " + held + ", but the opposite order " + wanted + " -> " + held
                                + " was recorded before"
                        : "Lock order inversion (circular locking dependency) reported by lockdep; the report is cut off before the locks");
        f.signatureKey(signatureKey(cycle == null ? listOf(wanted, held) : cycle.getLocks(), culprit));
        return f.build();
    }

    /** Sorted, instance-free lock classes plus the culprit: the same deadlock on any host. */
    static String signatureKey(Collection<String> locks, String culprit) {
        TreeSet<String> classes = locks.stream()
                .filter(l -> l != null)
                .map(Diagnoses::normalizeLockClass)
                .collect(Collectors.toCollection(TreeSet::new));
        return String.join("|", classes) + "@" + (culprit == null ? "" : culprit);
    }

    static String normalizeLockClass(String cls) {
        return cls.replaceAll("#\\d+$", "").replaceAll("/\\d+$", "").strip();
    }

    private static List<String> listOf(String a, String b) {
        return java.util.stream.Stream.of(a, b).filter(s -> s != null).toList();
    }

    private static String taskName(KernelReport r) {
        if (r.getTask() == null) {
            return null;
        }
        return r.getPid() == null ? r.getTask() : r.getTask() + "/" + r.getPid();
    }

    private static String at(String function) {
        return function == null ? "" : " at " + function;
    }
}
