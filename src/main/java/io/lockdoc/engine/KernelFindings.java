package io.lockdoc.engine;

import io.lockdoc.model.Cause;
import io.lockdoc.model.Culprit;
import io.lockdoc.model.Finding;
import io.lockdoc.model.HeldLock;
import io.lockdoc.model.KernelReport;
import io.lockdoc.model.KernelWaitChain;
import io.lockdoc.model.ModuleInvolvement;
import io.lockdoc.model.Participant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Assembles findings for the kernel report kinds other than the lockdep cycle: the rule picks the
 * cause and the confidence; this class fills in culprit (by {@link Culprits#forReport}), module,
 * participants, bindings and signature from the matched facts.
 */
public final class KernelFindings {
    private KernelFindings() {}

    public static Finding of(
            KernelReport r, String causeId, Collection<ModuleInvolvement> modules, String rule, double confidence) {
        return of(r, causeId, modules, null, rule, confidence);
    }

    /**
     * A hung task, once per task: {@code repeats} are the later reports of the same task:pid in the
     * same log (khungtaskd prints it again every period), folded into a count and a duration.
     */
    public static Finding hungTask(
            KernelReport r,
            Collection<KernelReport> repeats,
            Collection<ModuleInvolvement> modules,
            KernelWaitChain chain,
            String rule,
            double confidence) {
        String repeat = null;
        if (!repeats.isEmpty()) {
            KernelReport last = repeats.stream()
                    .max(java.util.Comparator.comparingInt(KernelReport::getOrdinal))
                    .orElseThrow();
            // a kept repeat stands for the reports the parser dropped before it
            int reports = 1;
            for (KernelReport again : repeats) {
                String folded = again.attribute(KernelReport.FOLDED);
                reports += 1 + (folded == null ? 0 : Integer.parseInt(folded));
            }
            repeat = reports + " reports";
            Double first = seconds(r.attribute("timestamp"));
            Double end = seconds(last.attribute("timestamp"));
            Double timeout = seconds(r.attribute("seconds"));
            if (first != null && end != null && timeout != null) {
                repeat += ", blocked for at least " + Math.round(end - first + timeout) + " s";
            }
        }
        Finding f = of(r, "hung-task", modules, chain, rule, confidence, repeat, repeats);
        return f;
    }

    private static Double seconds(String v) {
        if (v == null) {
            return null;
        }
        try {
            return Double.valueOf(v.strip());
        } catch (NumberFormatException e) {
            return null; // wall-clock timestamps (dmesg -T, syslog) give no arithmetic here
        }
    }

    public static Finding of(
            KernelReport r,
            String causeId,
            Collection<ModuleInvolvement> modules,
            KernelWaitChain chain,
            String rule,
            double confidence) {
        return of(r, causeId, modules, chain, rule, confidence, null, List.of());
    }

    private static Finding of(
            KernelReport r,
            String causeId,
            Collection<ModuleInvolvement> modules,
            KernelWaitChain chain,
            String rule,
            double confidence,
            String repeat,
            Collection<KernelReport> repeats) {
        Cause cause = Cause.byId(causeId).orElseThrow(() -> new IllegalArgumentException("unknown cause " + causeId));
        Finding.Builder f = Finding.builder(cause, rule)
                .confidence(confidence)
                .completeness(r.getCompleteness())
                .ordinal(r.getOrdinal())
                .evidence(r.getEvidence())
                .matched(r);
        for (KernelReport again : repeats) {
            f.matched(again);
        }
        if (!repeats.isEmpty()) {
            KernelReport last = repeats.stream()
                    .max(java.util.Comparator.comparingInt(KernelReport::getOrdinal))
                    .orElseThrow();
            f.evidence(last.getEvidence());
        }
        String task = taskName(r);
        String culprit = Culprits.forReport(r).orElse(null);
        String module = Culprits.moduleOf(culprit, r.getFrames()).orElse(null);
        String outOfTree = null;
        for (ModuleInvolvement m : modules) {
            f.matched(m);
            f.participant(new Participant(
                    "module",
                    Participant.Kind.MODULE,
                    m.getModule(),
                    m.isOutOfTree()
                            ? "out-of-tree module on the reported path (kernel tainted O)"
                            : m.isProprietary()
                                    ? "module on the reported path (kernel tainted P)"
                                    : "module on the reported path"));
            if (m.isOutOfTree() && outOfTree == null) {
                outOfTree = m.getModule();
            }
        }
        if (module == null && outOfTree != null) {
            module = outOfTree;
        }
        if (chain != null && chain.getHead() != null && chain.getHeadFunction() != null) {
            // what to unblock is the head of the chain; the reported task is its victim, named beside it.
            // A head the log names without its stack (a blocker line's owner) stays in the summary only:
            // "(unknown) in kworker/0" would say less than the victim's own frame.
            String victim = culprit == null ? task : culprit + (task == null ? "" : " in " + task);
            f.culprit(new Culprit(chain.getHeadFunction(), null, taskName(chain.getHead()), null, victim));
            f.bind("victimFunction", culprit);
        } else {
            f.culprit(culprit == null && task == null ? null : new Culprit(culprit, module, task));
        }
        if (task != null) {
            f.participant(new Participant("reporting-task", Participant.Kind.TASK, task, role(cause)));
        }
        Set<String> locks = new LinkedHashSet<>();
        if (r.getAcquiring() != null) {
            locks.add(r.getAcquiring().lockClass());
            f.participant(new Participant(
                    "lock",
                    Participant.Kind.LOCK,
                    r.getAcquiring().lockClass(),
                    at("taken", r.getAcquiring().atFunction())));
        }
        if (r.getHeld() != null && locks.add(r.getHeld().lockClass())) {
            f.participant(new Participant(
                    "lock-held",
                    Participant.Kind.LOCK,
                    r.getHeld().lockClass(),
                    at("already held", r.getHeld().atFunction())));
        }
        for (HeldLock h : r.getHeldLocks()) {
            if (locks.size() >= 8) {
                break;
            }
            if (h.pid() == (r.getPid() == null ? -1 : r.getPid()) && locks.add(h.lockClass())) {
                f.participant(new Participant(
                        "lock-held",
                        Participant.Kind.LOCK,
                        h.lockClass(),
                        at("held by " + h.task() + "/" + h.pid(), h.atFunction())));
            }
        }
        if (chain != null) {
            f.matched(chain);
            describe(chain, f);
        }
        f.bind("task", task);
        f.bind("pid", r.getPid() == null ? null : String.valueOf(r.getPid()));
        f.bind("function", culprit);
        f.bind("module", module);
        f.bind("outOfTreeModule", outOfTree);
        f.bind("taint", r.getTaint());
        f.bind("kernelRelease", r.getKernelRelease());
        f.bind("seconds", r.attribute("seconds"));
        f.bind("cpu", r.attribute("cpu"));
        f.bind("banner", r.getBanner());
        f.bind("lock", locks.isEmpty() ? null : locks.iterator().next());
        f.bind("locks", locks.isEmpty() ? null : String.join(", ", locks));
        f.bind("repeats", repeat);
        f.summary(summary(cause, r, culprit, module, outOfTree, chain, repeat));
        f.signatureKey(r.getKind() + "@" + (culprit == null ? "" : culprit)
                + (locks.isEmpty()
                        ? ""
                        : "|" + Diagnoses.normalizeLockClass(locks.iterator().next())));
        return f.build();
    }

    /** Participants name tasks {@code comm/pid} everywhere; the kernel prints {@code comm:pid}. */
    static String taskName(String kernelTask) {
        return kernelTask == null ? null : kernelTask.replaceFirst(":(\\d+)$", "/$1");
    }

    /**
     * A task in D state behind a kernel lock, read from a live capture (ps, /proc, perf) when the
     * hung-task detector did not report it (not armed, or its timeout not reached yet).
     */
    public static Finding hungTaskFromProc(KernelWaitChain chain, String rule, double confidence) {
        String waiter = chain.getHops().isEmpty()
                ? null
                : taskName(chain.getHops().get(0).waiter());
        Finding.Builder f = Finding.builder(Cause.HUNG_TASK, rule)
                .confidence(confidence)
                .evidence(chain.getEvidence())
                .matched(chain)
                .summary("Task " + waiter + " is in uninterruptible sleep (D) behind a kernel lock, shown by /proc"
                        + " (no hung-task report: the detector was not armed or its timeout not reached); "
                        + chain.getSummary())
                .signatureKey("HUNG_TASK@proc|"
                        + (chain.getHops().isEmpty()
                                ? ""
                                : chain.getHops().get(0).lock().replaceAll(" of .*", "")));
        f.culprit(
                chain.getHead() == null
                        // a cycle: the first waiter is where it closes, in the function it sleeps in
                        ? new io.lockdoc.model.Culprit(chain.getWaiterFunction(), null, waiter)
                        : new io.lockdoc.model.Culprit(
                                chain.getHeadFunction(), null, taskName(chain.getHead()), null, waiter));
        f.bind("task", waiter);
        f.bind("pid", chain.getWaiterPid() == null ? null : String.valueOf(chain.getWaiterPid()));
        describe(chain, f);
        return f.build();
    }

    private static void describe(KernelWaitChain chain, Finding.Builder f) {
        f.graph(WaitGraphs.fromKernelChain(chain));
        int n = 1;
        for (KernelWaitChain.Hop h : chain.getHops()) {
            f.participant(new Participant(
                    "waits-" + n++,
                    Participant.Kind.TASK,
                    taskName(h.waiter()),
                    "waits for " + h.lock() + (h.owner() == null ? " (owner not found)" : " held by " + h.owner())
                            + " (" + h.source() + ", line " + h.line() + ")"));
        }
        if (chain.getHead() != null) {
            f.participant(new Participant(
                    "chain-head",
                    Participant.Kind.TASK,
                    taskName(chain.getHead()),
                    "holds the lock the others wait for"
                            + (chain.getHeadState() == null ? "" : "; state " + chain.getHeadState())
                            + (chain.getHeadFunction() == null ? "" : "; in " + chain.getHeadFunction())
                            + (chain.getHeadWaitsFor() == null ? "" : "; waiting for " + chain.getHeadWaitsFor())));
        }
        f.bind("chain", chain.getSummary());
        f.bind("chainKind", chainKind(chain));
        f.bind(
                "fuseConnection",
                chain.getFuseConnection() == null
                        ? null
                        : chain.getFuseConnection().toString());
        f.bind("mountpoint", chain.getFuseMountPoint());
        f.bind("blocker", chain.getHead());
        f.bind("blockerFunction", chain.getHeadFunction());
        f.bind("blockerPid", chain.getHead() == null ? null : chain.getHead().replaceAll("^.*:", ""));
    }

    /**
     * What the chain ends at, for the plan's steps: {@code fuse} (a FUSE daemon's reply),
     * {@code userfaultfd}, {@code nfs}, {@code pipe} (the head waits on a pipe), {@code cycle}
     * (no head: the tasks wait for each other), else {@code lock} (a holder that does not release).
     */
    static String chainKind(KernelWaitChain chain) {
        String waits = chain.getHeadWaitsFor() == null ? "" : chain.getHeadWaitsFor();
        boolean fuseHop = chain.getHops().stream()
                .anyMatch(h -> h.lock() != null && h.lock().contains("FUSE"));
        if (fuseHop || waits.contains("FUSE")) {
            return "fuse";
        }
        if (waits.contains("userfaultfd")) {
            return "userfaultfd";
        }
        if (waits.contains("NFS")) {
            return "nfs";
        }
        if (chain.isCycle()) {
            return "cycle";
        }
        String fn = chain.getHeadFunction() == null ? "" : chain.getHeadFunction();
        return fn.contains("pipe_read") || fn.contains("pipe_write") ? "pipe" : "lock";
    }

    private static String summary(
            Cause cause,
            KernelReport r,
            String culprit,
            String module,
            String outOfTree,
            KernelWaitChain chain,
            String repeat) {
        StringBuilder sb = new StringBuilder(title(cause));
        String task = taskName(r);
        if (task != null) {
            sb.append(": ").append(task);
        }
        String secs = r.attribute("seconds");
        if (secs != null) {
            sb.append(cause == Cause.HUNG_TASK ? " blocked for more than " : " stuck for ")
                    .append(secs)
                    .append(" s");
        }
        if (repeat != null) {
            sb.append(" (").append(repeat).append(')');
        }
        if (culprit != null) {
            sb.append(cause == Cause.HUNG_TASK ? ", waiting in " : ", in ").append(culprit);
            if (module != null) {
                sb.append(" [").append(module).append(']');
            }
        }
        if (chain != null) {
            sb.append("; ").append(chain.getSummary());
        }
        if (outOfTree != null) {
            sb.append("; out-of-tree module ").append(outOfTree).append(" is on the path");
        }
        if (!r.isComplete()) {
            sb.append(" (report cut off)");
        }
        return sb.toString();
    }

    private static String title(Cause cause) {
        return switch (cause) {
            case RECURSIVE_LOCKING -> "Recursive locking: a task takes a lock it already holds";
            case IRQ_LOCK_INVERSION -> "IRQ lock inversion: a lock taken in interrupt context is also taken with interrupts enabled";
            case HUNG_TASK -> "Hung task (uninterruptible sleep)";
            case SOFT_LOCKUP -> "Soft lockup: a CPU ran kernel code without scheduling";
            case HARD_LOCKUP -> "Hard lockup: a CPU stopped taking interrupts";
            case SPINLOCK_LOCKUP -> "Spinlock debug check failed";
            case RCU_STALL -> "RCU stall: a CPU or task did not pass a quiescent state";
            case SLEEP_IN_ATOMIC -> "Sleeping in atomic context";
            case LOCK_IMBALANCE -> "Lock imbalance: a lock released, freed or kept in the wrong place";
            case WORKQUEUE_LOCKUP -> "Workqueue lockup: a worker pool made no progress";
            case RCU_MISUSE -> "Suspicious RCU usage";
            case LOCK_MISUSE -> "Lock misuse reported by lockdep";
            default -> cause.id();
        };
    }

    private static String role(Cause cause) {
        return switch (cause) {
            case HUNG_TASK -> "the task khungtaskd found in D state";
            case SOFT_LOCKUP, RCU_STALL, HARD_LOCKUP -> "the task running on the stuck CPU";
            default -> "the task the kernel caught";
        };
    }

    static String taskName(KernelReport r) {
        if (r.getTask() == null) {
            return null;
        }
        return r.getPid() == null ? r.getTask() : r.getTask() + "/" + r.getPid();
    }

    private static String at(String what, String function) {
        return function == null ? what : what + " at " + function;
    }

    static List<String> nonNull(String... values) {
        return java.util.Arrays.stream(values).filter(v -> v != null).toList();
    }
}
