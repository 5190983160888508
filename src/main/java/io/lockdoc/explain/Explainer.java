package io.lockdoc.explain;

import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.kb.Article;
import io.lockdoc.model.Cause;
import io.lockdoc.model.Fact;
import io.lockdoc.model.Finding;
import io.lockdoc.model.KernelReport;
import io.lockdoc.rulebase.RuleBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Answers "why" (the rule and the matched facts with their evidence) and "why not" (which facts
 * each rule of a cause needs, which were missing, and the safe command that would collect them).
 */
public final class Explainer {
    private final RuleBase rules;

    public Explainer(RuleBase rules) {
        this.rules = rules;
    }

    public List<Explanations.Why> why(AnalysisResult result) {
        List<Explanations.Why> out = new ArrayList<>();
        int n = 0;
        for (var d : result.findings()) {
            Finding f = d.finding();
            List<Explanations.FactView> facts = new ArrayList<>();
            for (String id : f.getMatchedFacts()) {
                result.fact(id).ifPresent(fact -> facts.add(view(fact)));
            }
            out.add(new Explanations.Why(++n, f.getCause().id(), f.getRule(), facts));
        }
        return out;
    }

    public Explanations.WhyNot whyNot(String causeId, AnalysisResult result, Optional<Article> article) {
        Optional<Cause> cause = Cause.byId(causeId);
        List<Explanations.Hint> hints = article.map(a -> a.collect().stream()
                        .map(c -> new Explanations.Hint(c.what(), c.command()))
                        .toList())
                .orElse(List.of());
        if (cause.isEmpty()) {
            return new Explanations.WhyNot(
                    causeId, "'" + causeId + "' is not a cause id lockdoc knows", List.of(), List.of());
        }
        List<Explanations.RuleCheck> checks = new ArrayList<>();
        for (RuleBase.RuleInfo r : rules.rules()) {
            if (!r.cause().equals(causeId)) {
                continue;
            }
            List<Explanations.NeedCheck> needs = new ArrayList<>();
            for (String need : r.needs()) {
                needs.add(new Explanations.NeedCheck(need, describe(need), count(need, result.facts())));
            }
            checks.add(new Explanations.RuleCheck(r.name(), needs));
        }
        boolean diagnosed = result.findings().stream()
                .anyMatch(d -> d.finding().getCause().id().equals(causeId));
        String verdict;
        if (diagnosed) {
            verdict = causeId + " was diagnosed; see its finding";
        } else if (checks.isEmpty()) {
            verdict = "no rule diagnoses " + causeId + " yet: lockdoc cannot confirm or rule it out";
        } else if (checks.stream().anyMatch(Explanations.RuleCheck::allMet)) {
            verdict = "the facts a rule needs are present, but its other conditions did not hold";
        } else {
            verdict = "not diagnosed: every rule for " + causeId + " lacks a fact it needs (" + result.factCount()
                    + " fact(s) were read)";
        }
        return new Explanations.WhyNot(causeId, verdict, checks, hints);
    }

    static Explanations.FactView view(Fact f) {
        return new Explanations.FactView(f.getId(), f.getClass().getSimpleName(), FactWords.of(f), f.getEvidence());
    }

    /** {@code Type} or {@code Type:KIND}: how many facts of that simple class name (and report kind) there are. */
    static int count(String need, List<Fact> facts) {
        String[] parts = need.split(":", 2);
        int n = 0;
        for (Fact f : facts) {
            if (!f.getClass().getSimpleName().equals(parts[0])) {
                continue;
            }
            if (parts.length == 2
                    && !(f instanceof KernelReport r && r.getKind().name().equals(parts[1]))) {
                continue;
            }
            n++;
        }
        return n;
    }

    static String describe(String need) {
        String[] parts = need.split(":", 2);
        String type =
                switch (parts[0]) {
                    case "KernelReport" -> "a kernel report";
                    case "LockCycle" -> "a lock cycle computed from the report's dependency chain";
                    case "ModuleInvolvement" -> "a module named on the report's frames";
                    case "KernelWaitChain" -> "a wait chain from hung-task blocker lines or held-lock lists";
                    default -> "a " + parts[0] + " fact";
                };
        if (parts.length == 2) {
            type += " of kind "
                    + parts[1].toLowerCase(Locale.ROOT).replace('_', ' ').replace("|", " or ");
        }
        return type;
    }
}
