package io.lockdoc.parse.linux.detectors;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.userspace.LockReport;
import io.lockdoc.model.userspace.LockReport.Kind;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.Parser;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bcc's {@code deadlock} tool (uprobes on pthread_mutex_lock/unlock): {@code Potential Deadlock
 * Detected!}, the cycle {@code Mutex M0 (sym 0x..) => Mutex M1 (0x..) => ...} and, per edge, {@code
 * Mutex M1 (..) acquired here while holding Mutex M0 (..) in Thread N (comm):} with its {@code @ ADDR
 * function} frames. The frames carry no file:line.
 */
public final class BccDeadlockParser implements Parser {
    private static final Pattern DETECTED = Pattern.compile("^\\s*Potential Deadlock Detected!");
    private static final Pattern CYCLE = Pattern.compile("^\\s*Cycle in lock order graph: (Mutex .*)$");
    private static final Pattern MUTEX = Pattern.compile("Mutex (M\\d+) \\((?:(\\S[^()]*?) )?(0x[0-9a-fA-F]+)\\)");
    private static final Pattern EDGE = Pattern.compile(
            "^\\s*Mutex (M\\d+) \\([^()]*\\) acquired here while holding Mutex (M\\d+) \\([^()]*\\) in Thread (\\d+ \\([^()]*\\)|\\d+):");
    private static final Pattern OTHER_STACK =
            Pattern.compile("^\\s*Mutex M\\d+ \\([^()]*\\) previously acquired by|^\\s*Thread \\d+ created by");
    private static final Pattern FRAME = Pattern.compile("^\\s*(?:@ |0x[0-9a-f]{1,16} )");
    private static final Pattern COMM = Pattern.compile("\\(([^()]+)\\)$");

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        Draft d = null;
        String line;
        while ((line = lines.readLine()) != null) {
            int n = lines.lineNumber();
            Matcher m;
            if (DETECTED.matcher(line).find()) {
                Draft.emit(d, sink, true, n);
                d = new Draft(artifact, LockReport.Tool.BCC_DEADLOCK, Kind.ORDER_INVERSION, n, line);
                continue;
            }
            if (d == null && EDGE.matcher(line).find()) {
                // a paste cut below the header and the cycle line: the edges still name the locks
                d = new Draft(artifact, LockReport.Tool.BCC_DEADLOCK, Kind.ORDER_INVERSION, n, line);
            }
            if (d == null) {
                continue;
            }
            if ((m = CYCLE.matcher(line)).find()) {
                Matcher l = MUTEX.matcher(m.group(1));
                while (l.find()) {
                    d.lock(l.group(1), l.group(3), l.group(2));
                }
                d.line(n, line, true);
            } else if ((m = EDGE.matcher(line)).find()) {
                Matcher l = MUTEX.matcher(line);
                while (l.find()) {
                    d.lock(l.group(1), l.group(3), l.group(2));
                }
                d.expect(Draft.Target.EDGE, m.group(1), m.group(2), m.group(3));
                Matcher comm = COMM.matcher(m.group(3));
                d.program(comm.find() ? comm.group(1) : null);
                d.line(n, line, true);
            } else if (OTHER_STACK.matcher(line).find()) {
                d.expect(Draft.Target.NONE, null, null, null);
                d.line(n, line, false);
            } else if (FRAME.matcher(line).find()) {
                d.line(n, line, d.frame(Frames.bcc(line)));
            } else if (!line.isBlank() && d.edges() > 0) {
                // the tool exits after its report: the first other text ends it
                Draft.emit(d, sink, true, n - 1);
                d = null;
            }
        }
        Draft.emit(d, sink, true, lines.lineNumber());
    }
}
