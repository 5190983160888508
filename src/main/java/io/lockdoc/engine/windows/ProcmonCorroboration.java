package io.lockdoc.engine.windows;

import io.lockdoc.model.Adjustment;
import io.lockdoc.model.Finding;
import io.lockdoc.model.Participant;
import io.lockdoc.model.windows.ProcmonThreadActivity;
import java.util.Collection;
import java.util.Locale;

/**
 * Whether a Process Monitor capture shows a thread of a finding's process stuck in one long
 * operation: independent corroboration of an application hang or a file conflict (its waiter or a
 * holder). One adjustment per finding, from the longest such operation.
 */
public final class ProcmonCorroboration {
    /** A single operation measured by the Duration column this long is a stall, not a slow disk. */
    public static final double MIN_DURATION = 2.0;

    /** The gap to the thread's next event only bounds the operation from above: ask for more. */
    public static final double MIN_GAP = 5.0;

    private ProcmonCorroboration() {}

    /** The adjustment for the finding's longest stuck thread, or null when none is stuck. */
    public static Adjustment stuck(Finding f, Collection<?> activities, String rule) {
        ProcmonThreadActivity best = null;
        for (Object o : activities) {
            if (o instanceof ProcmonThreadActivity t
                    && isLong(t)
                    && sameProcess(f, t)
                    && (best == null || t.getLongestSeconds() > best.getLongestSeconds())) {
                best = t;
            }
        }
        if (best == null) {
            return null;
        }
        boolean gap = best.getMeasure() == ProcmonThreadActivity.Measure.GAP;
        String how = gap ? " followed by no event of that thread for " : " that took ";
        return new Adjustment(
                f,
                Adjustment.Direction.FOR,
                gap ? 0.03 : 0.05,
                "Process Monitor: thread " + best.getName() + " was in " + best.getLongestOperation() + " "
                        + best.getLongestPath() + " (" + best.getLongestResult() + ")" + how
                        + String.format(Locale.ROOT, "%.1f", best.getLongestSeconds()) + " s",
                best.getEvidence(),
                rule);
    }

    static boolean isLong(ProcmonThreadActivity t) {
        if (t.getLongestOperation() == null || t.getMeasure() == null) {
            return false;
        }
        return t.getLongestSeconds() >= (t.getMeasure() == ProcmonThreadActivity.Measure.GAP ? MIN_GAP : MIN_DURATION);
    }

    /** Same process: the name (case-insensitive) and, when both sides know it, the pid (hex or decimal). */
    static boolean sameProcess(Finding f, ProcmonThreadActivity t) {
        String name = f.getBindings().get("process");
        String pid = f.getBindings().get("pid");
        if (matches(name, pid, t)) {
            return true;
        }
        for (Participant p : f.getParticipants()) {
            if (p.kind() == Participant.Kind.PROCESS && p.name() != null) {
                int slash = p.name().lastIndexOf('/');
                if (slash > 0 && matches(p.name().substring(0, slash), p.name().substring(slash + 1), t)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matches(String name, String pid, ProcmonThreadActivity t) {
        if (name == null || t.getProcess() == null || !name.strip().equalsIgnoreCase(t.getProcess())) {
            return false;
        }
        long a = pid(pid);
        long b = pid(t.getProcessId());
        return a < 0 || b < 0 || a == b;
    }

    static long pid(String s) {
        if (s == null) {
            return -1;
        }
        String v = s.strip().toLowerCase(Locale.ROOT);
        try {
            return v.startsWith("0x") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
