package io.lockdoc.engine;

import io.lockdoc.model.Adjustment;
import io.lockdoc.model.Cause;
import io.lockdoc.model.Completeness;
import io.lockdoc.model.Culprit;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.Finding;
import io.lockdoc.model.FunctionNames;
import io.lockdoc.model.LockContention;
import io.lockdoc.model.LockdepGraph;
import io.lockdoc.model.Participant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Findings for kernel lock statistics ({@code perf lock contention}, {@code perf lock report},
 * {@code /proc/lock_stat}): which lock is hot. The waits ended, so this is contention, never a
 * deadlock; and lock_stat or lockdep's graph weighing a lockdep finding on the same classes.
 */
public final class ContentionDiagnoses {
    /** Rows named as participants beside the top one. */
    static final int PARTICIPANTS = 4;

    private ContentionDiagnoses() {}

    /** The hot lock: {@code top} is its table's first row by total wait; {@code rows} the table. */
    public static Finding hotLock(LockContention top, Collection<LockContention> rows, String rule, double confidence) {
        Finding.Builder f = Finding.builder(Cause.KERNEL_LOCK_CONTENTION, rule)
                .confidence(confidence)
                .ordinal(top.getEvidence().getFirstLine())
                .evidence(top.getEvidence())
                .matched(top)
                .completeness(Completeness.COMPLETE);
        String function = function(top).orElse(null);
        String what = describe(top);
        f.culprit(new Culprit(function, null, top.getComm()));
        f.summary("Kernel lock contention, not a deadlock: " + what + " waited " + duration(top.getTotalWaitNs())
                + " in total over " + top.getContentions() + " contentions"
                + (top.getMaxWaitNs() == null ? "" : " (longest " + duration(top.getMaxWaitNs()) + ")")
                + ", the most of " + top.getSource().label() + "; every wait ended");
        List<LockContention> ranked = rows.stream()
                .filter(r -> r.getArtifact().equals(top.getArtifact()))
                .sorted(Comparator.comparingLong(LockContention::getTotalWaitNs).reversed())
                .limit(PARTICIPANTS + 1L)
                .toList();
        for (LockContention r : ranked) {
            f.participant(new Participant(
                    r == top ? "hot-lock" : "contended",
                    r.getAggregation() == LockContention.Aggregation.TASK
                            ? Participant.Kind.TASK
                            : Participant.Kind.LOCK,
                    r.label(),
                    r.getContentions() + " contentions, " + duration(r.getTotalWaitNs()) + " total wait"
                            + (r.getLockType() == null ? "" : " (" + r.getLockType() + ")")
                            + (r.getCaller() == null || r.getCaller().equals(r.label())
                                    ? ""
                                    : " at " + r.getCaller())));
            if (r != top) {
                f.evidence(r.getEvidence());
            }
        }
        f.bind("tool", top.getSource().label());
        f.bind(
                "hotLock",
                top.getLock() == null && top.getCaller() != null
                        ? "the " + (top.getLockType() == null ? "lock" : top.getLockType()) + " taken at "
                                + top.getCaller()
                        : top.label());
        if (top.getLock() != null) {
            f.bind("lockClass", top.getLock());
        }
        if (top.getLockType() != null) {
            f.bind("lockType", top.getLockType());
        }
        if (top.getCaller() != null) {
            f.bind("caller", top.getCaller());
        }
        if (function != null) {
            f.bind("functionNew", function);
        }
        if (top.getAddress() != null) {
            f.bind("lockAddress", top.getAddress());
        }
        f.bind("contentions", String.valueOf(top.getContentions()));
        f.bind("totalWait", duration(top.getTotalWaitNs()));
        f.signatureKey(
                "hot-lock|" + (top.getLock() == null ? "" : top.getLock()) + "|" + (function == null ? "" : function));
        return f.build();
    }

    /** The function to look at: the first own frame of perf's stack, else the caller, else lock_stat's first waiter. */
    static Optional<String> function(LockContention c) {
        for (String frame : c.getCallstack()) {
            String fn = FunctionNames.normalize(frame);
            if (fn != null && !fn.isEmpty() && !Culprits.isPrimitive(fn)) {
                return Optional.of(fn);
            }
        }
        String caller = c.getCaller();
        if (caller != null && caller.endsWith("...")) {
            // perf lock report cuts names to 20 columns: the function is whole only when its offset began
            caller = caller.contains("+") ? caller.substring(0, caller.indexOf('+')) : null;
        }
        if (caller != null) {
            // perf skips a fixed stack depth: without -v its caller is often the syscall entry, no one's own code
            String fn = FunctionNames.normalize(caller);
            return Optional.ofNullable(fn == null || fn.isEmpty() || Culprits.isPrimitive(fn) ? null : fn);
        }
        return Optional.empty();
    }

    private static String describe(LockContention c) {
        StringBuilder sb = new StringBuilder();
        if (c.getLock() != null) {
            sb.append("lock ").append(c.getLock());
            if (c.getLockType() != null) {
                sb.append(
                        c.getSource() == LockContention.Source.LOCK_STAT
                                ? " (" + c.getLockType() + " side)"
                                : " (" + c.getLockType() + ")");
            }
            if (c.getCaller() != null) {
                sb.append(" taken at ").append(c.getCaller());
            }
        } else if (c.getCaller() != null) {
            sb.append(c.getLockType() == null ? "a lock" : "a " + c.getLockType())
                    .append(" taken at ")
                    .append(c.getCaller());
        } else {
            sb.append("task ").append(c.label());
        }
        return sb.toString();
    }

    /** {@code 515700000} ns as {@code 515.70 ms}, perf's way. */
    public static String duration(long ns) {
        if (ns < 1_000) {
            return ns + " ns";
        }
        if (ns < 1_000_000) {
            return String.format(Locale.ROOT, "%.2f us", ns / 1e3);
        }
        if (ns < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", ns / 1e9);
    }

    /** The lock class of {@code f} (held or wanted) that {@code c} names, or null. */
    public static String sharedClass(Finding f, LockContention c) {
        if (c.getLock() == null) {
            return null;
        }
        return lockClasses(f).stream()
                .filter(l -> sameClass(l, c.getLock()))
                .findFirst()
                .orElse(null);
    }

    /** The evidence line of lockdep's graph linking two of {@code f}'s lock classes, or null. */
    public static Integer graphLine(Finding f, LockdepGraph g) {
        List<String> locks = lockClasses(f);
        for (String a : locks) {
            for (String b : locks) {
                if (!a.equals(b)) {
                    Integer line = g.edgeLine(strip(a), strip(b));
                    if (line != null) {
                        return line;
                    }
                }
            }
        }
        return null;
    }

    public static Adjustment graphCorroboration(Finding f, LockdepGraph g, String rule) {
        int line = Objects.requireNonNull(graphLine(f, g));
        List<String> locks = lockClasses(f);
        return new Adjustment(
                f,
                Adjustment.Direction.FOR,
                0.03,
                g.getSource().label() + " records the dependency between " + String.join(" and ", locks) + " (line "
                        + line + ")",
                Evidence.of(g.getEvidence().getArtifact(), line, line),
                rule);
    }

    public static Adjustment contentionCorroboration(Finding f, LockContention c, String rule) {
        return new Adjustment(
                f,
                Adjustment.Direction.FOR,
                0.03,
                c.getSource().label() + " shows " + sharedClass(f, c) + " contended " + c.getContentions() + " times ("
                        + duration(c.getTotalWaitNs()) + " total wait)",
                c.getEvidence(),
                rule);
    }

    private static List<String> lockClasses(Finding f) {
        return f.getParticipants().stream()
                .filter(p -> p.kind() == Participant.Kind.LOCK)
                .map(Participant::name)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
    }

    /** lockdep prints {@code (&mm->mmap_lock)} in a splat and {@code &mm->mmap_lock} in /proc; a subclass {@code /1} is the same class. */
    static boolean sameClass(String a, String b) {
        return strip(a).equals(strip(b));
    }

    private static String strip(String s) {
        String t = s.trim();
        if (t.startsWith("(") && t.endsWith(")")) {
            t = t.substring(1, t.length() - 1);
        }
        return t.replaceFirst("/\\d+$", "");
    }
}
