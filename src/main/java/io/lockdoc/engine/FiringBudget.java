package io.lockdoc.engine;

import io.lockdoc.model.Fact;
import io.lockdoc.model.Finding;
import io.lockdoc.model.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kie.api.runtime.rule.AgendaFilter;
import org.kie.api.runtime.rule.Match;

/**
 * Rule firings counted per input (the artifact of a match's first fact): one input may use at most
 * {@link #PER_ARTIFACT} firings and each rule other than a derive rule at most {@link #PER_RULE} of
 * them, so a flood in one file stops that file's flooding rule, not another rule or another file.
 * A match over budget is dropped (Drools removes a match its filter refuses) and counted, and the
 * counts come back as problems.
 */
final class FiringBudget implements AgendaFilter {
    /** Rules that keep re-activating each other are a bug in a pack; stop rather than spin. */
    static final int PER_ARTIFACT = 100_000;

    /** More findings of one rule from one input than anybody reads; each costs memory. */
    static final int PER_RULE = 1_000;

    private final int perArtifact;
    private final int perRule;
    private final Map<String, Input> inputs = new LinkedHashMap<>();

    FiringBudget() {
        this(PER_ARTIFACT, PER_RULE);
    }

    FiringBudget(int perArtifact, int perRule) {
        this.perArtifact = perArtifact;
        this.perRule = perRule;
    }

    /** What one input used and what it lost. */
    private static final class Input {
        int fired;
        int overBudget;
        final Map<String, int[]> byRule = new HashMap<>();
        final Map<String, int[]> droppedByRule = new LinkedHashMap<>();
    }

    @Override
    public boolean accept(Match m) {
        Input in = inputs.computeIfAbsent(artifactOf(m.getObjects()), k -> new Input());
        if (in.fired >= perArtifact) {
            in.overBudget++;
            return false;
        }
        // derive rules add facts that decide rules read: capping them would change what those decide
        if (!m.getRule().getPackageName().endsWith(".derive")) {
            int[] n = in.byRule.computeIfAbsent(m.getRule().getName(), k -> new int[1]);
            if (n[0] >= perRule) {
                in.droppedByRule.computeIfAbsent(m.getRule().getName(), k -> new int[1])[0]++;
                return false;
            }
            n[0]++;
        }
        in.fired++;
        return true;
    }

    /** One problem per input and exhausted budget, in the order the inputs first fired. */
    List<Problem> problems() {
        List<Problem> out = new ArrayList<>();
        for (Map.Entry<String, Input> e : inputs.entrySet()) {
            Input in = e.getValue();
            for (Map.Entry<String, int[]> r : in.droppedByRule.entrySet()) {
                out.add(new Problem(
                        Problem.ErrorId.LIMIT_EXCEEDED,
                        e.getKey(),
                        0,
                        "rule '" + r.getKey() + "' matched " + r.getValue()[0] + " more time(s) than the " + perRule
                                + " it may fire per input; those matches were not diagnosed"));
            }
            if (in.overBudget > 0) {
                out.add(new Problem(
                        Problem.ErrorId.LIMIT_EXCEEDED,
                        e.getKey(),
                        0,
                        "the rules fired " + perArtifact + " times on this input and stopped; " + in.overBudget
                                + " more match(es) were not diagnosed"));
            }
        }
        return out;
    }

    /** The input a match is about: its first fact's artifact ("" for facts from no file, such as answers). */
    static String artifactOf(List<? extends Object> objects) {
        for (Object o : objects) {
            if (o instanceof Finding f) {
                return f.getArtifact();
            }
            if (o instanceof Fact f
                    && f.getEvidence() != null
                    && f.getEvidence().getArtifact() != null) {
                return f.getEvidence().getArtifact();
            }
        }
        return "";
    }
}
