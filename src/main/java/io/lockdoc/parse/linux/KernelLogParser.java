package io.lockdoc.parse.linux;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.KernelReport;
import io.lockdoc.model.KernelReportKind;
import io.lockdoc.model.Problem;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.Parser;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a kernel log (any prefix shape) and emits one {@link io.lockdoc.model.KernelReport} per
 * report it finds. Streaming: only the lines of the report being read are looked at, and a report
 * keeps at most {@link ReportCollector#MAX_REPORT_LINES} lines of state.
 */
public final class KernelLogParser implements Parser {
    private final boolean prefilter;

    public KernelLogParser() {
        this(true);
    }

    /** @param prefilter false reads every line (the prefilter's test compares both) */
    KernelLogParser(boolean prefilter) {
        this.prefilter = prefilter;
    }

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        ReportCollector current = null;
        Repeats repeats = new Repeats();
        KernelLine previous = null;
        int ordinal = 0;
        String raw;
        while (true) {
            if (current == null && prefilter) {
                lines.skipLines(KernelBanners.PREFILTER); // outside a report only banners matter
            }
            if ((raw = lines.readLine()) == null) {
                break;
            }
            try {
                KernelLine line = KernelLine.of(lines.lineNumber(), raw);
                String trimmed = line.trimmed();
                KernelBanners.Match banner = KernelBanners.match(trimmed);
                if (banner != null && current != null && isPanicOfCurrent(banner, trimmed)) {
                    banner = null; // "Kernel panic - not syncing: <reason>" right after a report belongs to it
                }
                if (banner != null && current != null && current.absorbs(banner, line)) {
                    banner = null; // an oops in the middle of printing a report, before its stack: the stack is the
                    // report's
                }
                if (banner != null && current != null && current.continuesWith(banner, line)) {
                    banner = null; // "DEBUG_LOCKS_WARN_ON(...)" and its "WARNING: ... at kernel/locking/..." are one
                    // report
                }
                if (banner != null) {
                    if (current != null) {
                        finish(current, false, sink, repeats);
                    }
                    current = new ReportCollector(artifact, ++ordinal, banner, line, previous);
                } else if (current != null) {
                    if (current.offer(line) == ReportCollector.Offer.ENDED) {
                        finish(current, false, sink, repeats);
                        current = null;
                    }
                }
                previous = line;
            } catch (NumberFormatException e) {
                sink.problem(io.lockdoc.parse.Numbers.outOfRange(artifact, lines.lineNumber(), e));
            }
        }
        if (current != null) {
            finish(current, true, sink, repeats);
        }
        repeats.emit(sink);
        if (lines.truncatedLines() > 0) {
            sink.problem(new Problem(
                    Problem.ErrorId.LINE_TOO_LONG,
                    artifact,
                    0,
                    lines.truncatedLines() + " line(s) longer than " + BoundedLineReader.DEFAULT_MAX_LINE
                            + " characters were cut; the rest of each was ignored"));
        }
    }

    private static boolean isPanicOfCurrent(KernelBanners.Match banner, String trimmed) {
        return banner.kind() == io.lockdoc.model.KernelReportKind.OTHER_OOPS
                && trimmed.startsWith("Kernel panic - not syncing:");
    }

    private static void finish(ReportCollector c, boolean atEof, FactSink sink, Repeats repeats) {
        var report = c.build(atEof);
        if (repeats.fold(report, c)) {
            return;
        }
        sink.fact(report);
        c.edges().forEach(sink::fact);
        if (!report.isComplete()) {
            sink.problem(new Problem(
                    Problem.ErrorId.TRUNCATED_REPORT,
                    report.getArtifact(),
                    report.getEvidence().getFirstLine(),
                    "report '" + report.getBanner() + "' is cut off after line "
                            + report.getEvidence().getLastLine() + " (" + c.missing()
                            + " missing); diagnosed from what is there"));
        }
    }

    /**
     * khungtaskd prints a task that stays hung again every period: a report of a task:pid already
     * reported with the same stack, no held-lock list and the same blocker says nothing new but
     * its time. The first is emitted as read, the latest at the end with the number of reports
     * between them ({@code folded}), and those in between are dropped, so 50 000 repeats are two
     * facts (the hung-task rule counts them and takes the duration from the latest).
     */
    private static final class Repeats {
        private final Set<String> seen = new HashSet<>();
        private final Map<String, ReportCollector> latest = new LinkedHashMap<>();
        private final Map<String, KernelReport> latestReport = new HashMap<>();
        private final Map<String, int[]> folded = new HashMap<>();

        /** True when {@code r} is a repeat, kept here instead of emitted. */
        boolean fold(KernelReport r, ReportCollector c) {
            if (r.getKind() != KernelReportKind.HUNG_TASK
                    || r.getPid() == null
                    || !r.isComplete()
                    || !r.getHeldLocks().isEmpty()) {
                return false;
            }
            StringBuilder key = new StringBuilder(r.getTask()).append(':').append(r.getPid());
            r.getFrames().forEach(f -> key.append('|').append(f.function()));
            c.edges().forEach(e -> key.append("|->")
                    .append(e.getOwnerTask())
                    .append(':')
                    .append(e.getOwnerPid()));
            String k = key.toString();
            if (seen.add(k)) {
                return false;
            }
            if (latest.put(k, c) != null) {
                folded.computeIfAbsent(k, x -> new int[1])[0]++;
            }
            latestReport.put(k, r);
            return true;
        }

        void emit(FactSink sink) {
            for (Map.Entry<String, ReportCollector> e : latest.entrySet()) {
                int[] n = folded.get(e.getKey());
                sink.fact(
                        n == null
                                ? latestReport.get(e.getKey())
                                : e.getValue().rebuiltWith(KernelReport.FOLDED, String.valueOf(n[0])));
            }
        }
    }
}
