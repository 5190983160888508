package io.lockdoc.parse.linux.proc;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.userspace.FileLockEntry;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.Parser;
import java.io.IOException;

/**
 * {@code lslocks} (util-linux), any column set: COMMAND, PID, TYPE, SIZE, MODE (a trailing
 * {@code *} marks a blocked request), M, START, END, PATH, and optionally INODE, MAJ:MIN.
 */
public final class LslocksParser implements Parser {
    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        AlignedTable t = null;
        String line;
        while ((line = lines.readLine()) != null) {
            try {
                int n = lines.lineNumber();
                if (line.isBlank()) {
                    continue;
                }
                if (t == null) {
                    if (line.contains("PID") && line.contains("TYPE")) {
                        t = new AlignedTable(line);
                    }
                    continue;
                }
                String[] v = t.split(line);
                Integer pid = v == null ? null : Lines.intOrNull(at(v, t.index("PID")));
                String type = v == null ? null : at(v, t.index("TYPE"));
                String mode = v == null ? null : at(v, t.index("MODE"));
                if (pid == null || type == null || mode == null) {
                    sink.problem(Lines.problem(artifact, n, "an lslocks row without PID, TYPE or MODE: " + line));
                    continue;
                }
                boolean waiter = mode.endsWith("*");
                String start = at(v, t.index("START"));
                String end = at(v, t.index("END"));
                // inodes and offsets pass 2^31 on big file systems and files: read as longs, as /proc/locks is
                Long ino = t.index("INODE") >= 0 ? Lines.longOrNull(at(v, t.index("INODE"))) : null;
                Long first = Lines.longOrNull(start);
                long s = first == null ? 0 : first;
                Long e = Lines.longOrNull(end);
                e = e == null || e == 0 ? null : e;
                sink.fact(new FileLockEntry(
                        artifact + "#" + n,
                        FileLockEntry.Source.LSLOCKS,
                        0,
                        type,
                        waiter ? mode.substring(0, mode.length() - 1) : mode,
                        pid,
                        at(v, t.index("MAJ:MIN")),
                        ino,
                        at(v, t.index("PATH")),
                        s,
                        e,
                        waiter,
                        waiter ? 1 : 0,
                        null,
                        null,
                        Lines.at(artifact, n, line)));
            } catch (NumberFormatException e) {
                sink.problem(io.lockdoc.parse.Numbers.outOfRange(artifact, lines.lineNumber(), e));
            }
        }
        if (t == null) {
            sink.problem(Lines.problem(artifact, 0, "no lslocks header (COMMAND PID TYPE ... MODE ...) found"));
        }
    }

    private static String at(String[] v, int i) {
        return i < 0 || i >= v.length ? null : v[i];
    }
}
