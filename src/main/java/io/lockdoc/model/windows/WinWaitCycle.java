package io.lockdoc.model.windows;

import io.lockdoc.model.Evidence;
import java.util.List;
import java.util.Set;

/**
 * Computed by the Windows wait graph: threads each waiting for a lock the next one owns, closing a
 * cycle. {@code kinds} names the lock kinds on it ({@code critical-section}, {@code mutex}, {@code
 * eresource}, {@code monitor} ...).
 */
public final class WinWaitCycle extends WinFact {
    /** One step: {@code thread} (running {@code function}) waits for {@code lock} of {@code kind}, owned by the next thread. */
    public record Step(String thread, String lock, String kind, String function, boolean inferred) {}

    private final List<Step> steps;
    private final Set<String> kinds;
    private final List<String> sourceIds;

    public WinWaitCycle(String id, Evidence evidence, List<Step> steps, Set<String> kinds, List<String> sourceIds) {
        super(id, evidence);
        this.steps = List.copyOf(steps);
        this.kinds = java.util.Collections.unmodifiableSet(
                new java.util.LinkedHashSet<>(kinds)); // in the order found: the summary names them
        this.sourceIds = List.copyOf(sourceIds);
    }

    public List<Step> getSteps() {
        return steps;
    }

    public Set<String> getKinds() {
        return kinds;
    }

    public boolean hasKind(String kind) {
        return kinds.contains(kind);
    }

    /** Every edge was read from the dump (none inferred from "the only other lock"). */
    public boolean isExplicit() {
        return steps.stream().noneMatch(Step::inferred);
    }

    public int getSize() {
        return steps.size();
    }

    public List<String> getSourceIds() {
        return sourceIds;
    }

    @Override
    public String toString() {
        return "WinWaitCycle[" + kinds + " " + steps + "]";
    }
}
