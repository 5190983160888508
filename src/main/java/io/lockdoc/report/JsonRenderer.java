package io.lockdoc.report;

import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.explain.Explanations;
import io.lockdoc.kb.Article;
import io.lockdoc.kb.Plan;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.Finding;
import io.lockdoc.model.OrderedMap;
import io.lockdoc.model.Participant;
import io.lockdoc.model.Problem;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** JSON for scripts: schema {@value #SCHEMA}; fields are added, never renamed, within a schema version. */
public final class JsonRenderer implements Renderer {
    public static final String SCHEMA = "lockdoc-report/1";

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Override
    public void render(AnalysisResult result, Explanations explanations, PrintStream out) {
        Map<String, Object> root = tree(result);
        if (explanations != null) {
            root.put("explanations", explanations);
        }
        out.println(JSON.writeValueAsString(root));
    }

    /** The report as maps and lists (the MCP server trims it to size). */
    public static Map<String, Object> tree(AnalysisResult result) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", SCHEMA);
        List<Object> inputs = new ArrayList<>();
        for (var in : result.inputs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("artifact", in.name());
            m.put("type", in.type());
            m.put("detectedBy", in.detectedBy());
            m.put("skipped", in.skipReason());
            m.put("facts", in.facts());
            inputs.add(m);
        }
        root.put("inputs", inputs);
        List<Object> problems = new ArrayList<>();
        for (Problem p : result.problems()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id().code());
            m.put("artifact", p.artifact());
            m.put("line", p.line() > 0 ? p.line() : null);
            m.put("message", p.message());
            problems.add(m);
        }
        root.put("problems", problems);
        List<Object> findings = new ArrayList<>();
        for (var d : result.findings()) {
            // id first and the evidence time for log pipelines (indexed by id, sorted by time)
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", FindingId.of(d.finding()));
            m.putAll(finding(d.finding(), d.plan()));
            m.put("timestamp", EvidenceTime.of(d.finding(), result));
            findings.add(m);
        }
        root.put("findings", findings);
        return root;
    }

    static Map<String, Object> finding(Finding f, Plan plan) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cause", f.getCause().id());
        m.put("confidence", Math.round(f.getConfidence() * 100) / 100.0);
        m.put("summary", f.getSummary());
        m.put("complete", f.getCompleteness() == io.lockdoc.model.Completeness.COMPLETE);
        Map<String, Object> live = new LinkedHashMap<>();
        live.put("state", f.getLiveness().state().id());
        live.put("ageSeconds", f.getLiveness().ageSeconds());
        live.put("reason", f.getLiveness().reason());
        m.put("liveness", live);
        if (f.getCulprit() == null) {
            m.put("culprit", null);
        } else {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("function", f.getCulprit().function());
            c.put("module", f.getCulprit().module());
            c.put("process", f.getCulprit().process());
            if (f.getCulprit().location() != null) {
                c.put("location", f.getCulprit().location());
            }
            if (f.getCulprit().victim() != null) {
                c.put("victim", f.getCulprit().victim());
            }
            m.put("culprit", c);
        }
        List<Object> parts = new ArrayList<>();
        for (Participant p : f.getParticipants()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("role", p.role());
            pm.put("kind", p.kind().name().toLowerCase(java.util.Locale.ROOT));
            pm.put("name", p.name());
            pm.put("detail", p.detail());
            parts.add(pm);
        }
        m.put("participants", parts);
        List<Object> ev = new ArrayList<>();
        for (Evidence e : f.getEvidence()) {
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("artifact", e.getArtifact());
            em.put("firstLine", e.getFirstLine());
            em.put("lastLine", e.getLastLine());
            List<Object> lines = new ArrayList<>();
            for (Evidence.QuotedLine q : e.getQuoted()) {
                lines.add(OrderedMap.of("line", q.number(), "text", q.text()));
            }
            em.put("lines", lines);
            ev.add(em);
        }
        m.put("evidence", ev);
        m.put("rule", f.getRule());
        List<Object> reasons = new ArrayList<>();
        for (Finding.Reason r : f.getReasons()) {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("direction", r.direction().name().toLowerCase(java.util.Locale.ROOT));
            rm.put("delta", r.delta());
            rm.put("reason", r.text());
            rm.put("artifact", r.evidence().getArtifact());
            rm.put("firstLine", r.evidence().getFirstLine());
            rm.put("lastLine", r.evidence().getLastLine());
            rm.put("rule", r.rule());
            reasons.add(rm);
        }
        m.put("reasons", reasons);
        m.put("matchedFacts", f.getMatchedFacts());
        m.put("signature", f.getSignature());
        m.put("signatureKey", f.getSignatureKey());
        m.put("lockSites", f.getLockSites());
        m.put("lockSiteSignature", f.getLockSiteSignature());
        m.put("remediation", plan == null ? null : plan(plan));
        return m;
    }

    /** A remediation plan as maps and lists. */
    public static Map<String, Object> plan(Plan p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("article", p.articleId());
        m.put("title", p.title());
        m.put("symptom", p.symptom());
        m.put("reason", p.reason());
        m.put("solution", p.solution());
        List<Object> steps = new ArrayList<>();
        int n = 0;
        for (Article.Step s : p.steps()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("number", ++n);
            sm.put("title", s.title());
            sm.put("command", s.command());
            sm.put("expected", s.expected());
            sm.put("verification", s.verification());
            sm.put("rollback", s.rollback());
            sm.put("safety", s.safety());
            steps.add(sm);
        }
        m.put("steps", steps);
        List<Object> refs = new ArrayList<>();
        for (Article.Reference r : p.references()) {
            refs.add(OrderedMap.of("title", r.title(), "ref", r.ref()));
        }
        m.put("references", refs);
        return m;
    }
}
