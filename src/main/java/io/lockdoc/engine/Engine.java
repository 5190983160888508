package io.lockdoc.engine;

import io.lockdoc.model.Adjustment;
import io.lockdoc.model.Fact;
import io.lockdoc.model.Finding;
import io.lockdoc.model.KernelReport;
import io.lockdoc.model.Problem;
import io.lockdoc.rulebase.RuleBase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kie.api.runtime.KieSession;

/**
 * Runs the rules over a set of facts. Java combiners (cycles, chains) add their facts first; the
 * derive rules then add theirs; the decide rules insert {@link Finding}s, which come back marked
 * live, past or unknown ({@link Livenesses}) and ordered: live before unknown before past, then as a
 * reader meets them: by artifact, then by position in it, then by confidence.
 */
public final class Engine {
    private final RuleBase rules;

    public Engine(RuleBase rules) {
        this.rules = rules;
    }

    /** The findings, ordered as a reader meets them. */
    public List<Finding> diagnose(List<? extends Fact> facts) {
        return run(facts).findings();
    }

    /**
     * Findings plus every fact the session ended with (the inputs, and what combiners and derive rules
     * added), and the inputs whose rules ran out of budget.
     */
    public record Diagnosis(List<Finding> findings, List<Fact> facts, List<Problem> problems) {}

    public Diagnosis run(List<? extends Fact> facts) {
        KieSession session = rules.kieBase().newKieSession();
        try {
            Map<String, Integer> artifactOrder = new HashMap<>();
            for (Fact f : facts) {
                session.insert(f);
                artifactOrder.putIfAbsent(f.getEvidence().getArtifact(), artifactOrder.size());
                if (f instanceof KernelReport r) {
                    LockdepCycles.from(r).ifPresent(session::insert);
                }
            }
            List<io.lockdoc.model.KernelWaitChain> chains = new ArrayList<>(KernelWaitChains.from(facts));
            LiveTasks live = LiveTasks.of(facts);
            chains.addAll(ProcMutexWaits.from(live));
            chains.addAll(LockSiteWaits.from(live));
            FuseReplies.complete(chains, facts).forEach(session::insert);
            io.lockdoc.engine.windows.WindowsWaitGraph.derive(facts).forEach(session::insert);
            io.lockdoc.engine.graph.UserspaceGraphs.derive(facts).forEach(session::insert);
            Livenesses liveness = Livenesses.of(facts);
            liveness.facts(facts).forEach(session::insert);
            FiringBudget budget = new FiringBudget();
            session.fireAllRules(budget);
            List<Finding> findings = new ArrayList<>();
            for (Object o : session.getObjects(o -> o instanceof Finding)) {
                findings.add((Finding) o);
            }
            List<Adjustment> adjustments = new ArrayList<>();
            for (Object o : session.getObjects(o -> o instanceof Adjustment)) {
                adjustments.add((Adjustment) o);
            }
            findings = new ArrayList<>(Scoring.apply(findings, adjustments).stream()
                    .map(f -> f.withLiveness(liveness.of(f)))
                    .toList());
            // what is going on at the capture comes before what the log says happened earlier
            findings.sort(Comparator.<Finding>comparingInt(
                            f -> f.getLiveness().state().ordinal())
                    .thenComparingInt(f -> artifactOrder.getOrDefault(f.getArtifact(), Integer.MAX_VALUE))
                    .thenComparingInt(Finding::getOrdinal)
                    .thenComparing(
                            Comparator.comparingDouble(Finding::getConfidence).reversed())
                    // equal so far: the more specific finding (one that names its culprit) first, then a
                    // fixed order, so that the primary finding never depends on the session's hash order
                    .thenComparing(f -> f.getCulprit() == null || f.getCulprit().function() == null)
                    .thenComparingInt(Finding::getFirstLine)
                    .thenComparing(f -> f.getCause().id())
                    .thenComparing(Finding::getRule)
                    .thenComparing(Finding::getSignatureKey));
            List<Fact> all = new ArrayList<>();
            for (Object o : session.getObjects(o -> o instanceof Fact && !(o instanceof Adjustment))) {
                all.add((Fact) o);
            }
            return new Diagnosis(findings, new SortedOnFirstRead(all), budget.problems());
        } finally {
            session.dispose();
        }
    }
}
