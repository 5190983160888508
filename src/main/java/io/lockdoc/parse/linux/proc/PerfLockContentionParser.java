package io.lockdoc.parse.linux.proc;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.LockContention;
import io.lockdoc.model.LockContention.Aggregation;
import io.lockdoc.model.LockContention.Source;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.Parser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables of {@code perf lock contention} (by caller: {@code type caller}; {@code -t}: {@code pid
 * comm}; {@code -l}: {@code address symbol}; {@code -b} prints the same; {@code -v} adds the
 * waiter's stack under each caller row) and of {@code perf lock report} ({@code Name acquired
 * contended ...}). The header says which columns a row has ({@code -F} chooses them); each time
 * ({@code 515.70 ms}) becomes nanoseconds. One fact per row with a wait.
 */
public final class PerfLockContentionParser implements Parser {
    /** Rows kept per table; perf prints everything without {@code -E}. */
    static final int MAX_ROWS = 2_000;

    static final int MAX_STACK = 32;

    private static final Pattern CONTENTION_HEADER = Pattern.compile(
            "^\\s*((?:(?:contended|total wait|max wait|min wait|avg wait)\\s+)+)(type\\s+caller|pid\\s+(?:comm|owner)|address\\s+symbol)\\s*$");
    private static final Pattern REPORT_HEADER =
            Pattern.compile("^\\s*Name\\s+((?:(?:acquired|contended|avg wait|total wait|max wait|min wait)\\s*)+)$");
    private static final Pattern COLUMN = Pattern.compile("contended|acquired|total wait|max wait|min wait|avg wait");
    private static final Pattern STACK = Pattern.compile("^\\t+0x[0-9a-f]+\\s+(\\S*)\\s*$");
    private static final Pattern TIME = Pattern.compile("(\\d+(?:\\.\\d+)?)");

    private enum Col {
        CONTENDED,
        ACQUIRED,
        TOTAL,
        MAX,
        MIN,
        AVG
    }

    private static final class Row {
        final int line;
        final String text;
        final long[] values = new long[Col.values().length];
        final boolean[] has = new boolean[Col.values().length];
        String lock;
        String type;
        String address;
        String caller;
        Integer pid;
        String comm;
        final List<String> stack = new ArrayList<>();
        int lastLine;

        Row(int line, String text) {
            this.line = line;
            this.lastLine = line;
            this.text = text;
        }
    }

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        List<Col> cols = null;
        Source source = null;
        Aggregation aggr = null;
        List<Row> rows = new ArrayList<>();
        String line;
        while ((line = lines.readLine()) != null) {
            int n = lines.lineNumber();
            Matcher h = CONTENTION_HEADER.matcher(line);
            Matcher r = REPORT_HEADER.matcher(line);
            if (h.matches()) {
                cols = columns(h.group(1));
                source = Source.PERF_LOCK_CONTENTION;
                String tail = h.group(2);
                aggr = tail.startsWith("type")
                        ? Aggregation.CALLER
                        : tail.startsWith("pid") ? Aggregation.TASK : Aggregation.LOCK;
                continue;
            }
            if (r.matches()) {
                cols = columns(r.group(1));
                source = Source.PERF_LOCK_REPORT;
                aggr = Aggregation.CALLER;
                continue;
            }
            if (cols == null) {
                continue;
            }
            Matcher s = STACK.matcher(line);
            if (s.matches()) {
                if (!rows.isEmpty()) {
                    Row last = rows.get(rows.size() - 1);
                    if (last.stack.size() < MAX_STACK && !s.group(1).isEmpty()) {
                        last.stack.add(s.group(1));
                    }
                    last.lastLine = n;
                }
                continue;
            }
            if (line.isBlank() || line.startsWith("===")) {
                continue;
            }
            if (rows.size() >= MAX_ROWS) {
                continue;
            }
            Row row = row(artifact, n, line, cols, source, aggr, sink);
            if (row != null) {
                rows.add(row);
            }
        }
        int rank = 0;
        for (Row row : rows) {
            rank++;
            long total = row.has[Col.TOTAL.ordinal()] ? row.values[Col.TOTAL.ordinal()] : 0;
            long contended = row.has[Col.CONTENDED.ordinal()] ? row.values[Col.CONTENDED.ordinal()] : 0;
            List<Evidence.QuotedLine> quoted = List.of(new Evidence.QuotedLine(row.line, row.text));
            sink.fact(new LockContention(
                    artifact + "#" + row.line,
                    source,
                    aggr,
                    rank,
                    row.lock,
                    row.type,
                    row.address,
                    row.caller,
                    row.pid,
                    row.comm,
                    contended,
                    value(row, Col.ACQUIRED),
                    total,
                    value(row, Col.MAX),
                    value(row, Col.MIN),
                    value(row, Col.AVG),
                    row.stack,
                    List.of(),
                    Lines.span(artifact, row.line, row.lastLine, quoted)));
        }
    }

    private static Long value(Row row, Col c) {
        return row.has[c.ordinal()] ? row.values[c.ordinal()] : null;
    }

    private static List<Col> columns(String header) {
        List<Col> cols = new ArrayList<>();
        Matcher m = COLUMN.matcher(header);
        while (m.find()) {
            cols.add(
                    switch (m.group()) {
                        case "contended" -> Col.CONTENDED;
                        case "acquired" -> Col.ACQUIRED;
                        case "total wait" -> Col.TOTAL;
                        case "max wait" -> Col.MAX;
                        case "min wait" -> Col.MIN;
                        default -> Col.AVG;
                    });
        }
        return cols;
    }

    /** One table row, or null (with a problem when it looked like a row but a value did not read). */
    private static Row row(
            String artifact, int n, String line, List<Col> cols, Source source, Aggregation aggr, FactSink sink) {
        String[] tok = line.trim().split("\\s+");
        int i = 0;
        Row row = new Row(n, line);
        if (source == Source.PERF_LOCK_REPORT) {
            if (tok.length < 2) {
                return null;
            }
            row.caller = tok[i++];
        }
        try {
            for (Col c : cols) {
                if (i >= tok.length) {
                    return null;
                }
                if (c == Col.CONTENDED || c == Col.ACQUIRED) {
                    if (!tok[i].matches("\\d{1,25}")) {
                        return notARow(artifact, n, line, i, sink);
                    }
                    row.values[c.ordinal()] = Long.parseLong(tok[i++]);
                } else {
                    if (i + 1 >= tok.length) {
                        return null;
                    }
                    Long ns = Times.toNanos(tok[i], tok[i + 1]);
                    if (ns == null) {
                        return notARow(artifact, n, line, i, sink);
                    }
                    row.values[c.ordinal()] = ns;
                    i += 2;
                }
                row.has[c.ordinal()] = true;
            }
        } catch (NumberFormatException e) {
            sink.problem(io.lockdoc.parse.Numbers.outOfRange(artifact, n, e));
            return null;
        }
        if (source == Source.PERF_LOCK_REPORT) {
            return i == tok.length ? row : null;
        }
        if (i >= tok.length) {
            return null;
        }
        String rest = String.join(" ", java.util.Arrays.copyOfRange(tok, i + 1, tok.length));
        switch (aggr) {
            case CALLER -> {
                row.type = tok[i];
                row.caller = rest.isEmpty() ? null : rest;
            }
            case TASK -> {
                Integer pid = Lines.intOrNull(tok[i]);
                if (pid == null) {
                    return notARow(artifact, n, line, i, sink);
                }
                row.pid = pid;
                row.comm = rest.isEmpty() ? null : rest;
            }
            case LOCK -> {
                if (!tok[i].matches("(?:0x)?[0-9a-fA-F]{1,16}")) {
                    return notARow(artifact, n, line, i, sink);
                }
                row.address = Lines.hex(tok[i].startsWith("0x") ? tok[i] : "0x" + tok[i]);
                Matcher t = Pattern.compile("^(.*?)\\s*\\(([\\w:-]+)\\)$").matcher(rest);
                String sym = rest;
                if (t.matches()) {
                    sym = t.group(1);
                    row.type = t.group(2);
                }
                row.lock = sym.isEmpty() ? null : sym;
            }
        }
        return row;
    }

    private static Row notARow(String artifact, int n, String line, int column, FactSink sink) {
        // a line inside the table that is no row: perf's own warnings are text, a broken number is a problem
        if (Character.isDigit(line.trim().charAt(0))) {
            sink.problem(Lines.problem(
                    artifact,
                    n,
                    "perf lock table row with an unreadable value (field " + (column + 1) + "); the row is skipped"));
        }
        return null;
    }

    /** perf's and lock_stat's times: a number and a unit. */
    static final class Times {
        private Times() {}

        /** {@code 515.70} {@code ms} as nanoseconds; null for an unknown unit or a number that is none. */
        static Long toNanos(String number, String unit) {
            if (!TIME.matcher(number).matches() || number.length() > 20) {
                return null;
            }
            double scale =
                    switch (unit) {
                        case "ns" -> 1;
                        case "us" -> 1e3;
                        case "ms" -> 1e6;
                        case "s" -> 1e9;
                        default -> -1;
                    };
            if (scale < 0) {
                return null;
            }
            double v = Double.parseDouble(number) * scale;
            if (v > Long.MAX_VALUE / 2) {
                return null;
            }
            return Math.round(v);
        }
    }
}
