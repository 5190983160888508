package io.lockdoc.report;

import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.explain.Explanations;
import io.lockdoc.model.Cause;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.Finding;
import io.lockdoc.model.OrderedMap;
import io.lockdoc.model.Problem;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * SARIF 2.1.0 for code-scanning tools (GitHub's {@code upload-sarif}): one rule per cause with its kb article as
 * help, one result per finding with the evidence as locations and each participant path as a thread flow. Kept
 * within GitHub's documented upload limits; what is cut is said in a run-level notification.
 */
public final class SarifRenderer implements Renderer {
    static final String VERSION = "2.1.0";
    static final String SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
    /** The key of lockdoc's signature in {@code partialFingerprints}. */
    static final String FINGERPRINT = "lockdocSignature/v1";

    /** GitHub code scanning: at most 25 000 results per run. */
    static final int MAX_RESULTS = 25_000;
    /** GitHub code scanning: at most 1 000 locations per result. */
    static final int MAX_LOCATIONS = 1_000;
    /** GitHub code scanning: at most 10 000 thread-flow locations per result. */
    static final int MAX_THREAD_FLOW_LOCATIONS = 10_000;
    /**
     * GitHub takes 10 MB gzip-compressed; results stop at 10 MB uncompressed, which no JSON compresses beyond,
     * so the file is accepted whatever the ratio.
     */
    static final long MAX_RESULT_BYTES = 10L * 1024 * 1024;

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final JsonMapper COMPACT = JsonMapper.builder().build();

    private final long maxResultBytes;

    public SarifRenderer() {
        this(MAX_RESULT_BYTES);
    }

    SarifRenderer(long maxResultBytes) {
        this.maxResultBytes = maxResultBytes;
    }

    @Override
    public void render(AnalysisResult result, Explanations explanations, PrintStream out) {
        out.println(JSON.writeValueAsString(log(result)));
        out.flush();
    }

    Map<String, Object> log(AnalysisResult result) {
        List<Map<String, Object>> rules = new ArrayList<>();
        Map<Cause, Integer> ruleIndex = new LinkedHashMap<>();
        List<Map<String, Object>> results = new ArrayList<>();
        List<Map<String, Object>> notes = new ArrayList<>();
        long bytes = 0;
        int left = 0;
        for (AnalysisResult.Diagnosed d : result.findings()) {
            Finding f = d.finding();
            if (results.size() >= MAX_RESULTS || bytes >= maxResultBytes) {
                left++;
                continue;
            }
            Integer idx = ruleIndex.get(f.getCause());
            if (idx == null) {
                idx = rules.size();
                ruleIndex.put(f.getCause(), idx);
                rules.add(rule(f, d));
            }
            Map<String, Object> r = result(f, idx, notes);
            bytes += COMPACT.writeValueAsBytes(r).length;
            results.add(r);
        }
        if (left > 0) {
            notes.add(notification(
                    "lockdoc/results-capped",
                    left + " finding(s) left out: GitHub code scanning takes at most " + MAX_RESULTS
                            + " results per run and 10 MB per file; run lockdoc analyze --format json for all of them",
                    null));
        }
        for (Problem p : result.problems()) {
            notes.add(notification(
                    "lockdoc/input-problem/" + p.id().code(),
                    p.describe(),
                    p.line() > 0 ? SarifLocations.of(p.artifact(), p.line(), p.line(), null) : null));
        }
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "lockdoc");
        driver.put("semanticVersion", "0.1.0");
        driver.put("rules", rules);
        Map<String, Object> invocation = new LinkedHashMap<>();
        invocation.put("executionSuccessful", true);
        invocation.put("toolExecutionNotifications", notes);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", OrderedMap.of("driver", driver));
        run.put("invocations", List.of(invocation));
        run.put("results", results);
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("$schema", SCHEMA_URI);
        log.put("version", VERSION);
        log.put("runs", List.of(run));
        return log;
    }

    private static Map<String, Object> rule(Finding f, AnalysisResult.Diagnosed d) {
        Cause c = f.getCause();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", name(c));
        String title = d.plan() == null ? c.id() : d.plan().title();
        m.put("shortDescription", OrderedMap.of("text", title));
        if (d.plan() != null && d.plan().symptom() != null) {
            m.put("fullDescription", OrderedMap.of("text", d.plan().symptom().strip()));
        }
        m.put("helpUri", SarifHelp.uri(d.plan() == null ? c.id() : d.plan().articleId()));
        Map<String, Object> help = new LinkedHashMap<>();
        help.put("text", SarifHelp.text(c, d.plan()));
        help.put("markdown", SarifHelp.markdown(c, d.plan()));
        m.put("help", help);
        m.put(
                "defaultConfiguration",
                OrderedMap.of("level", c.severity() == Cause.Severity.LOCK_BUG ? "warning" : "error"));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(
                "tags",
                List.of(
                        "lockdoc",
                        c.platform().name().toLowerCase(Locale.ROOT),
                        c.severity().name().toLowerCase(Locale.ROOT).replace('_', '-')));
        m.put("properties", props);
        return m;
    }

    private static String name(Cause c) {
        StringBuilder sb = new StringBuilder();
        for (String part : c.id().split("-")) {
            sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return sb.toString();
    }

    /** The level a finding's confidence maps to: 0.8 and above error, 0.5 and above warning, below note. */
    static String level(double confidence) {
        return confidence >= 0.8 ? "error" : confidence >= 0.5 ? "warning" : "note";
    }

    private static Map<String, Object> result(Finding f, int ruleIndex, List<Map<String, Object>> notes) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ruleId", f.getCause().id());
        r.put("ruleIndex", ruleIndex);
        r.put("level", level(f.getConfidence()));
        StringBuilder msg =
                new StringBuilder(f.getSummary() == null ? f.getCause().id() : f.getSummary());
        if (f.getCulprit() != null) {
            msg.append(" Culprit: ").append(f.getCulprit().describe()).append('.');
        }
        r.put("message", OrderedMap.of("text", msg.toString()));
        List<Object> locs = new ArrayList<>();
        for (Evidence e : f.getEvidence()) {
            if (locs.size() == MAX_LOCATIONS) {
                notes.add(notification(
                        "lockdoc/locations-capped",
                        f.getSignature() + ": " + (f.getEvidence().size() - MAX_LOCATIONS)
                                + " evidence range(s) left out (GitHub takes at most " + MAX_LOCATIONS
                                + " locations per result)",
                        null));
                break;
            }
            locs.add(SarifLocations.of(e, null));
        }
        r.put("locations", locs);
        List<Map<String, Object>> flows = SarifFlows.threadFlows(f, MAX_THREAD_FLOW_LOCATIONS);
        if (!flows.isEmpty()) {
            Map<String, Object> codeFlow = new LinkedHashMap<>();
            codeFlow.put("message", OrderedMap.of("text", "who holds and waits for which lock"));
            codeFlow.put("threadFlows", flows);
            r.put("codeFlows", List.of(codeFlow));
        }
        Map<String, Object> src = f.getCulprit() == null
                ? null
                : SarifLocations.source(
                        f.getCulprit().location(), "culprit " + f.getCulprit().function());
        if (src != null) {
            src.put("id", 0);
            r.put("relatedLocations", List.of(src));
        }
        r.put("partialFingerprints", OrderedMap.of(FINGERPRINT, f.getSignature()));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("confidence", Math.round(f.getConfidence() * 100) / 100.0);
        props.put("complete", f.getCompleteness() == io.lockdoc.model.Completeness.COMPLETE);
        if (f.getCulprit() != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("function", f.getCulprit().function());
            c.put("module", f.getCulprit().module());
            c.put("process", f.getCulprit().process());
            c.put("location", f.getCulprit().location());
            props.put("culprit", c);
        } else {
            props.put("culprit", null);
        }
        props.put("signature", f.getSignature());
        if (f.getLockSiteSignature() != null) {
            props.put("lockSiteSignature", f.getLockSiteSignature());
        }
        props.put("rule", f.getRule());
        r.put("properties", props);
        return r;
    }

    private static Map<String, Object> notification(String id, String text, Map<String, Object> location) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("descriptor", OrderedMap.of("id", id));
        n.put("level", "warning");
        n.put("message", OrderedMap.of("text", text));
        if (location != null) {
            n.put("locations", List.of(location));
        }
        return n;
    }
}
