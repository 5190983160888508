package io.lockdoc.parse.linux.proc;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.userspace.TaskRow;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.Parser;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Process listings: {@code ps} in any form ({@code -A}, {@code aux[www][m]}, {@code -ef},
 * {@code -elfL}, {@code alxwww}, {@code -eLo} with any column set) and {@code top -b} (with
 * {@code -H}: one row per thread). Columns come from the header, never from fixed positions; a
 * header repeated later ({@code top -n 2}) starts a new table.
 */
public final class PsParser implements Parser {
    static final Pattern HEADER = Pattern.compile("^\\s*(?:[A-Z%+]+\\s+)*(?:PID|TID|LWP)\\b.*$");

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        AlignedTable table = null;
        boolean top = false;
        boolean threads = false;
        Integer lastPid = null;
        int rows = 0;
        String line;
        while ((line = lines.readLine()) != null) {
            try {
                int n = lines.lineNumber();
                if (line.startsWith("top - ")) {
                    top = true;
                    table = null;
                    continue;
                }
                if (top && line.startsWith("Threads:")) {
                    threads = true;
                }
                if (line.isBlank()) {
                    continue;
                }
                if (isHeader(line)) {
                    table = new AlignedTable(line);
                    continue;
                }
                if (table == null) {
                    continue;
                }
                String[] v = table.split(line);
                int pidCol = table.index("PID");
                int tidCol = table.index("TID", "LWP", "SPID");
                if (v == null || pidCol < 0 || v[pidCol] == null) {
                    sink.problem(Lines.problem(
                            artifact, n, "a process-table row with too few columns (cut line?): " + clip(line)));
                    continue;
                }
                Integer pid = Lines.intOrNull(v[pidCol]);
                Integer tid = tidCol >= 0 ? Lines.intOrNull(v[tidCol]) : null;
                if (pid == null && "-".equals(v[pidCol]) && lastPid != null) {
                    // ps m: a thread line under its process, without a thread id
                    pid = lastPid;
                    tid = null;
                } else if (pid == null) {
                    sink.problem(
                            Lines.problem(artifact, n, "expected a PID in column " + (pidCol + 1) + ": " + clip(line)));
                    continue;
                } else {
                    lastPid = pid;
                }
                if (top && threads) {
                    tid = pid;
                    pid = null;
                }
                String stat = get(v, table.index("STAT", "S"));
                String wchan = get(v, table.index("WCHAN"));
                int commCol = table.index("COMM", "COMMAND", "CMD", "UCOMM");
                int argsCol = table.lastIndex("ARGS", "COMMAND", "CMD");
                String comm = get(v, commCol);
                String args = argsCol >= 0 && argsCol != commCol ? get(v, argsCol) : null;
                if (!top && args == null && comm != null && comm.contains(" ")) {
                    args = comm;
                    comm = null;
                }
                Integer ppid = Lines.intOrNull(get(v, table.index("PPID")));
                Double cpu = Lines.doubleOrNull(get(v, table.index("%CPU")));
                if (cpu == null && top) {
                    cpu = Lines.doubleOrNull(get(v, table.index("%CPU")));
                }
                rows++;
                sink.fact(new TaskRow(
                        artifact + "#" + n,
                        top ? "top" : "ps",
                        pid,
                        tid,
                        ppid,
                        stat,
                        wchan,
                        comm == null && args != null ? commOf(args) : comm,
                        args,
                        cpu,
                        null,
                        Lines.at(artifact, n, line)));
            } catch (NumberFormatException e) {
                sink.problem(io.lockdoc.parse.Numbers.outOfRange(artifact, lines.lineNumber(), e));
            }
        }
        if (rows == 0) {
            sink.problem(Lines.problem(artifact, 0, "no process rows found (expected a header with PID and rows)"));
        }
    }

    static boolean isHeader(String line) {
        String t = " " + line.trim() + " ";
        return (t.contains(" PID ") || t.contains(" TID ") || t.contains(" LWP "))
                && line.equals(line.toUpperCase(java.util.Locale.ROOT));
    }

    private static String get(String[] v, int i) {
        return i < 0 || i >= v.length ? null : v[i];
    }

    /** The program name of a command line: {@code [kworker/0:1]} or the base name of the first word. */
    static String commOf(String args) {
        String a = args.trim();
        if (a.startsWith("[") && a.endsWith("]")) {
            return a.substring(1, a.length() - 1);
        }
        String first = a.split("\\s+", 2)[0];
        int slash = first.lastIndexOf('/');
        return slash >= 0 ? first.substring(slash + 1) : first;
    }

    private static String clip(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
