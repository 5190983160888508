package io.lockdoc.explain;

import io.lockdoc.model.Evidence;
import java.util.List;

/** Why each finding was made, and why a cause was not diagnosed. */
public record Explanations(List<Why> why, List<WhyNot> whyNot) {

    /** A fact as an explanation shows it: what it is and where it came from. */
    public record FactView(String id, String type, String description, Evidence evidence) {}

    /** The rule that made finding {@code finding} (1-based) and every fact it matched. */
    public record Why(int finding, String cause, String rule, List<FactView> facts) {}

    /**
     * For one rule of a cause: each fact it needs, and how many such facts the analysis had.
     *
     * @param need the need as the rule declares it, e.g. {@code KernelReport:CIRCULAR_LOCKING}
     */
    public record NeedCheck(String need, String description, int found) {
        public boolean met() {
            return found > 0;
        }
    }

    public record RuleCheck(String rule, List<NeedCheck> needs) {
        public boolean allMet() {
            return needs.stream().allMatch(NeedCheck::met);
        }
    }

    /** A safe command that would supply what is missing. */
    public record Hint(String what, String command) {}

    /**
     * @param verdict one sentence: diagnosed anyway, not supported, or what is missing
     */
    public record WhyNot(String cause, String verdict, List<RuleCheck> rules, List<Hint> collect) {}
}
