package io.lockdoc.report;

import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.model.Fact;
import io.lockdoc.model.Finding;
import io.lockdoc.model.KernelReport;
import io.lockdoc.model.PrintedTime;
import java.time.temporal.Temporal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * When a finding's evidence was printed, for log pipelines: the timestamp of the first kernel report it
 * matched, as printed and read as seconds since boot ({@code [sec.usec]}) or as a wall-clock time.
 */
final class EvidenceTime {

    private EvidenceTime() {}

    /** The JSON object of {@code findings[].timestamp}, or null when no evidence of the finding has a time. */
    static Map<String, Object> of(Finding f, AnalysisResult result) {
        for (String id : f.getMatchedFacts()) {
            Optional<Fact> fact = result.fact(id);
            if (fact.isPresent() && fact.get() instanceof KernelReport r) {
                String printed = r.getAttributes().get("timestamp");
                if (printed != null && !printed.isBlank()) {
                    return read(printed.strip());
                }
            }
        }
        return null;
    }

    static Map<String, Object> read(String printed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("printed", printed);
        Double boot = PrintedTime.sinceBoot(printed);
        if (boot != null) {
            m.put("clock", "boot");
            m.put("sinceBootSeconds", boot);
            m.put("iso", null);
            return m;
        }
        m.put("clock", "wall");
        m.put("sinceBootSeconds", null);
        m.put("iso", iso(printed));
        return m;
    }

    /** ISO 8601 when the printed time has a date with a year (a zone only when it had one); syslog's has none. */
    private static String iso(String printed) {
        Temporal t = PrintedTime.wall(printed);
        return t == null ? null : t.toString();
    }
}
