package io.lockdoc.engine;

import io.lockdoc.model.Adjustment;
import io.lockdoc.model.Finding;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * How confidence is scored, in one place.
 *
 * <ol>
 *   <li>The decide rule sets the base: how sure its pattern is on its own (a whole lockdep cycle
 *       0.95; the same report cut before its chain 0.6-0.7; each rule's comment says why).
 *   <li>Scoring rules ({@code rules/score/}) add {@link Adjustment}s: corroboration from an
 *       independent source raises the confidence, contradiction lowers it, each by its delta.
 *   <li>Here the deltas are summed onto the base and the result kept within
 *       [{@value #FLOOR}, {@value #CEILING}]: lockdoc never claims certainty, and a contradicted
 *       finding stays listed (with the evidence against it) rather than vanishing.
 * </ol>
 */
public final class Scoring {
    static final double FLOOR = 0.05;
    static final double CEILING = 0.99;

    private Scoring() {}

    /** Whether task {@code tid} is one of the finding's task or thread participants ({@code comm/tid}). */
    public static boolean participates(Finding f, Integer tid) {
        if (tid == null) {
            return false;
        }
        String suffix = "/" + tid;
        return f.getParticipants().stream()
                .anyMatch(p -> (p.kind() == io.lockdoc.model.Participant.Kind.TASK
                                || p.kind() == io.lockdoc.model.Participant.Kind.THREAD)
                        && p.name().endsWith(suffix));
    }

    /** The finding's tasks and threads by name ({@code abba/3252 and abba/3253}), for a reason's text. */
    public static String threads(Finding f) {
        List<String> names = f.getParticipants().stream()
                .filter(p -> p.kind() == io.lockdoc.model.Participant.Kind.TASK
                        || p.kind() == io.lockdoc.model.Participant.Kind.THREAD)
                .map(io.lockdoc.model.Participant::name)
                .distinct()
                .toList();
        if (names.isEmpty()) {
            return "threads";
        }
        return names.size() == 1
                ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    static List<Finding> apply(List<Finding> findings, List<Adjustment> adjustments) {
        Map<Finding, List<Adjustment>> byFinding = new IdentityHashMap<>();
        for (Adjustment a : adjustments) {
            byFinding.computeIfAbsent(a.getFinding(), k -> new ArrayList<>()).add(a);
        }
        List<Finding> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            List<Adjustment> adj = byFinding.get(f);
            if (adj == null) {
                out.add(f);
                continue;
            }
            double c = f.getConfidence();
            List<Finding.Reason> reasons = new ArrayList<>();
            for (Adjustment a : adj) {
                c += a.getDirection() == Adjustment.Direction.FOR ? a.getDelta() : -a.getDelta();
                reasons.add(new Finding.Reason(
                        a.getDirection(), a.getDelta(), a.getReason(), a.getEvidence(), a.getRule()));
            }
            // three decimals: sums of deltas must not show float noise (0.95 - 0.4 is 0.55, not 0.5499999)
            out.add(f.rescored(Math.round(Math.max(FLOOR, Math.min(CEILING, c)) * 1000) / 1000.0, reasons));
        }
        return out;
    }
}
