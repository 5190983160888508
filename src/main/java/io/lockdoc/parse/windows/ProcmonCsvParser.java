package io.lockdoc.parse.windows;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.Problem;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.LinesReader;
import io.lockdoc.parse.Parser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a Process Monitor CSV export (default 7 columns or all 27, in any order: columns are mapped
 * by header name; UTF-8 with BOM or UTF-16 via the line reader; CRLF or LF) with FastCSV, streaming:
 * memory does not grow with the file, only with the number of distinct conflicting paths.
 */
public final class ProcmonCsvParser implements Parser {
    static final List<String> REQUIRED = List.of("Process Name", "PID", "Operation", "Path", "Result");
    static final int MAX_ROW_PROBLEMS = 20;
    private static final List<String> COLUMNS =
            List.of("time of day", "process name", "pid", "operation", "path", "result", "tid", "duration");

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        ProcmonAggregator agg = new ProcmonAggregator(artifact, sink);
        Map<String, Integer> col = null;
        int rowProblems = 0;
        int width = 0;
        int[] at = new int[COLUMNS.size()]; // the index of each of COLUMNS, -1 when absent
        Map<Integer, Boolean> cuts = new java.util.LinkedHashMap<>(); // line cut by the length limit -> quote closed
        LinesReader.CutLines onCut = (line, closed) -> {
            if (cuts.size() < MAX_ROW_PROBLEMS) {
                cuts.put(line, closed);
            }
        };
        int headerLine = 0;
        try (CsvReader<CsvRecord> csv = CsvReader.builder()
                .allowMissingFields(true)
                .allowExtraFields(true)
                .allowUnclosedQuote(true)
                .allowExtraCharsAfterClosingQuote(true)
                .skipEmptyLines(true)
                .ofCsvRecord(new LinesReader(lines, onCut))) {
            for (CsvRecord r : csv) {
                int line = (int) r.getStartingLineNumber();
                if (col == null) {
                    headerLine = line;
                    col = header(r);
                    // a header cut by the line limit has lost columns: its width says nothing of the rows
                    width = cuts.containsKey(line) ? 0 : r.getFieldCount();
                    for (int i = 0; i < COLUMNS.size(); i++) {
                        at[i] = col.getOrDefault(COLUMNS.get(i), -1);
                    }
                    List<String> missing = new ArrayList<>();
                    for (String c : REQUIRED) {
                        if (!col.containsKey(c.toLowerCase(Locale.ROOT))) {
                            missing.add(c);
                        }
                    }
                    if (!col.containsKey("time of day")) {
                        missing.add("Time of Day");
                    }
                    if (!missing.isEmpty()) {
                        sink.problem(new Problem(
                                Problem.ErrorId.TRUNCATED_REPORT,
                                artifact,
                                line,
                                "Procmon CSV header lacks column(s) " + String.join(", ", missing)
                                        + "; expected at least \"Time of Day\",\"Process Name\",\"PID\",\"Operation\",\"Path\",\"Result\""
                                        + " - rows are read without them"));
                    }
                    continue;
                }
                if (r.getFieldCount() < width && rowProblems < MAX_ROW_PROBLEMS) {
                    rowProblems++;
                    sink.problem(new Problem(
                            Problem.ErrorId.TRUNCATED_REPORT,
                            artifact,
                            line,
                            "row has " + r.getFieldCount() + " of " + width
                                    + " columns; missing fields are read as empty"));
                }
                agg.accept(new ProcmonAggregator.Event(
                        line,
                        field(r, at[0]),
                        field(r, at[1]),
                        field(r, at[2]),
                        field(r, at[3]),
                        field(r, at[4]),
                        field(r, at[5]),
                        null,
                        field(r, at[6]),
                        field(r, at[7]),
                        r.getFields()));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (de.siegmar.fastcsv.reader.CsvParseException e) {
            // e.g. one quoted field of megabytes: keep what was read, say where it stopped
            sink.problem(new Problem(
                    Problem.ErrorId.TRUNCATED_REPORT,
                    artifact,
                    lines.lineNumber(),
                    "malformed CSV (" + firstLine(e.getMessage()) + "); the rest of the file is not read"));
        }
        if (col == null) {
            sink.problem(new Problem(Problem.ErrorId.EMPTY, artifact, 1, "no CSV header row found"));
        }
        agg.finish();
        for (var cut : cuts.entrySet()) {
            if (cut.getKey() == headerLine) {
                sink.problem(new Problem(
                        Problem.ErrorId.LINE_TOO_LONG,
                        artifact,
                        cut.getKey(),
                        "CSV header longer than " + BoundedLineReader.DEFAULT_MAX_LINE
                                + " characters, cut: its columns after the cut are lost; the rows after it are read"));
            } else if (cut.getValue()) {
                sink.problem(new Problem(
                        Problem.ErrorId.LINE_TOO_LONG,
                        artifact,
                        cut.getKey(),
                        "row longer than " + BoundedLineReader.DEFAULT_MAX_LINE
                                + " characters, cut inside a quoted field: the field ends at the cut;"
                                + " the rows after it are read"));
            }
        }
        if (lines.truncatedLines() > 0) {
            sink.problem(new Problem(
                    Problem.ErrorId.LINE_TOO_LONG,
                    artifact,
                    0,
                    lines.truncatedLines() + " line(s) longer than " + BoundedLineReader.DEFAULT_MAX_LINE
                            + " characters were cut; the rest of each was ignored"));
        }
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "";
        }
        int nl = m.indexOf('\n');
        String s = nl < 0 ? m : m.substring(0, nl);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static Map<String, Integer> header(CsvRecord r) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < r.getFieldCount(); i++) {
            String name = r.getField(i).replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT);
            m.putIfAbsent(name, i);
        }
        return m;
    }

    private static String field(CsvRecord r, int i) {
        return i < 0 || i >= r.getFieldCount() ? null : r.getField(i);
    }
}
