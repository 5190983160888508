package io.lockdoc.report;

import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.model.Fact;
import io.lockdoc.model.Finding;
import io.lockdoc.model.KernelReport;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * When a finding's evidence was printed, for log pipelines: the timestamp of the first kernel report it
 * matched, as printed and read as seconds since boot ({@code [sec.usec]}) or as a wall-clock time.
 */
final class EvidenceTime {
    private static final Pattern BOOT = Pattern.compile("^\\[?\\s*(\\d+\\.\\d+)\\]?$");
    private static final DateTimeFormatter DMESG_T = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("EEE MMM ppd HH:mm:ss yyyy")
            .toFormatter(Locale.ENGLISH);

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
        var boot = BOOT.matcher(printed);
        if (boot.matches()) {
            m.put("clock", "boot");
            m.put("sinceBootSeconds", Double.valueOf(boot.group(1)));
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
        try {
            return LocalDateTime.parse(printed, DMESG_T).toString();
        } catch (DateTimeParseException ignored) {
            // not dmesg -T
        }
        String s = printed.replace(' ', 'T').replace(',', '.');
        try {
            return OffsetDateTime.parse(s.replaceAll("([+-]\\d\\d)(\\d\\d)$", "$1:$2"))
                    .toString();
        } catch (DateTimeParseException ignored) {
            // no zone
        }
        try {
            return LocalDateTime.parse(s).toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
