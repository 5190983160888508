package io.lockdoc.mcp;

import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.explain.Explanations;
import io.lockdoc.model.Cause;
import io.lockdoc.model.OrderedMap;
import io.lockdoc.report.JsonRenderer;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The tools that read diagnostics: analyze, explain, why_not, plan, collect_commands. */
final class AnalysisTools {
    static final int MAX_FINDINGS = 20;
    static final int MAX_LINES = 40;

    private final Lockdoc lockdoc;
    private final Roots roots;

    AnalysisTools(Lockdoc lockdoc, Roots roots) {
        this.lockdoc = lockdoc;
        this.roots = roots;
    }

    private AnalysisResult run(Map<String, Object> args, boolean required) {
        return lockdoc.analyze(Sources.of(args, roots, required));
    }

    Map<String, Object> analyze(Map<String, Object> args) {
        AnalysisResult result = run(args, true);
        Map<String, Object> tree = JsonRenderer.tree(result);
        List<String> notes = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> findings = (List<Map<String, Object>>) tree.get("findings");
        List<Object> out = new ArrayList<>();
        for (Map<String, Object> f : Bounded.first(findings, MAX_FINDINGS, "findings", notes)) {
            out.add(compact(f, notes));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inputs", tree.get("inputs"));
        m.put("problems", Bounded.first(asList(tree.get("problems")), 50, "problems", notes));
        m.put("findings", out);
        return Bounded.fit(m, "findings", notes);
    }

    /** A finding without the full plan text (the plan tool has it) and with at most MAX_LINES quoted lines. */
    private static Map<String, Object> compact(Map<String, Object> f, List<String> notes) {
        Map<String, Object> m = new LinkedHashMap<>(f);
        m.remove("signatureKey");
        m.remove("matchedFacts");
        List<Object> ev = new ArrayList<>();
        for (Object o : asList(f.get("evidence"))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> e = new LinkedHashMap<>((Map<String, Object>) o);
            e.put(
                    "lines",
                    Bounded.first(asList(e.get("lines")), MAX_LINES, "quoted lines of " + e.get("artifact"), notes));
            ev.add(e);
        }
        m.put("evidence", ev);
        if (f.get("remediation") instanceof Map<?, ?> plan) {
            m.put(
                    "remediation",
                    OrderedMap.of(
                            "article", plan.get("article"),
                            "title", plan.get("title"),
                            "steps", asList(plan.get("steps")).size()));
        }
        return m;
    }

    Map<String, Object> explain(Map<String, Object> args) {
        AnalysisResult result = run(args, true);
        List<String> notes = new ArrayList<>();
        List<Explanations.Why> why = lockdoc.explainer().why(result);
        Object n = args.get("finding");
        if (n != null) {
            int k = ((Number) n).intValue();
            why = why.stream().filter(w -> w.finding() == k).toList();
            if (why.isEmpty()) {
                throw new Sources.Refused("no finding " + k + ": the analysis has "
                        + result.findings().size());
            }
        }
        List<Object> out = new ArrayList<>();
        for (Explanations.Why w : Bounded.first(why, MAX_FINDINGS, "explanations", notes)) {
            List<Object> facts = new ArrayList<>();
            for (Explanations.FactView fv : Bounded.first(w.facts(), 50, "facts of finding " + w.finding(), notes)) {
                facts.add(OrderedMap.of(
                        "id", fv.id(),
                        "type", fv.type(),
                        "description", String.valueOf(fv.description()),
                        "evidence", fv.evidence().toString()));
            }
            out.add(OrderedMap.of("finding", w.finding(), "cause", w.cause(), "rule", w.rule(), "facts", facts));
        }
        return Bounded.fit(new LinkedHashMap<>(OrderedMap.of("why", out)), "why", notes);
    }

    Map<String, Object> whyNot(Map<String, Object> args) throws SQLException {
        String cause = cause(args, true);
        AnalysisResult result = run(args, false);
        Explanations.WhyNot w =
                lockdoc.explainer().whyNot(cause, result, lockdoc.kb().forCause(cause));
        List<Object> rules = new ArrayList<>();
        for (Explanations.RuleCheck rc : w.rules()) {
            List<Object> needs = new ArrayList<>();
            for (Explanations.NeedCheck nc : rc.needs()) {
                needs.add(OrderedMap.of("need", nc.need(), "description", nc.description(), "found", nc.found()));
            }
            rules.add(OrderedMap.of("rule", rc.rule(), "allMet", rc.allMet(), "needs", needs));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cause", w.cause());
        m.put("verdict", w.verdict());
        m.put("rules", rules);
        m.put("collect", hints(w.collect()));
        return Bounded.fit(m, "rules", new ArrayList<>());
    }

    Map<String, Object> plan(Map<String, Object> args) {
        AnalysisResult result = run(args, true);
        int k = args.get("finding") == null ? 1 : ((Number) args.get("finding")).intValue();
        if (k < 1 || k > result.findings().size()) {
            throw new Sources.Refused("no finding " + k + ": the analysis has "
                    + result.findings().size() + " finding(s)");
        }
        AnalysisResult.Diagnosed d = result.findings().get(k - 1);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("finding", k);
        m.put("cause", d.finding().getCause().id());
        m.put("signature", d.finding().getSignature());
        m.put("plan", d.plan() == null ? null : JsonRenderer.plan(d.plan()));
        return Bounded.fit(m, "plan", new ArrayList<>());
    }

    /** The safe commands that would collect what the rules of a cause (or of every cause not found) miss. */
    Map<String, Object> collectCommands(Map<String, Object> args) throws SQLException {
        String only = cause(args, false);
        AnalysisResult result = run(args, false);
        Set<String> found = new LinkedHashSet<>();
        result.findings().forEach(d -> found.add(d.finding().getCause().id()));
        List<String> causes = new ArrayList<>();
        if (only != null) {
            causes.add(only);
        } else {
            for (Cause c : Cause.values()) {
                if (!found.contains(c.id())) {
                    causes.add(c.id());
                }
            }
        }
        List<Object> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String c : causes) {
            Explanations.WhyNot w =
                    lockdoc.explainer().whyNot(c, result, lockdoc.kb().forCause(c));
            for (Explanations.Hint h : w.collect()) {
                if (seen.add(h.command())) {
                    out.add(OrderedMap.of("cause", c, "what", h.what(), "command", h.command()));
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("diagnosed", List.copyOf(found));
        m.put("commands", out);
        return Bounded.fit(m, "commands", new ArrayList<>());
    }

    private static List<Object> hints(List<Explanations.Hint> hints) {
        List<Object> out = new ArrayList<>();
        for (Explanations.Hint h : hints) {
            out.add(OrderedMap.of("what", h.what(), "command", h.command()));
        }
        return out;
    }

    private static String cause(Map<String, Object> args, boolean required) {
        Object c = args.get("cause");
        if (c == null) {
            if (required) {
                throw new Sources.Refused("give the cause id, e.g. lock-order-inversion");
            }
            return null;
        }
        String id = c.toString();
        if (Cause.byId(id).isEmpty()) {
            throw new Sources.Refused("unknown cause '" + id + "'");
        }
        return id;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
