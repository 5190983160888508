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
 * ThreadSanitizer's lock reports: {@code lock-order-inversion (potential deadlock)} with its cycle
 * and each edge's stack, {@code double lock of a mutex} and {@code unlock of an unlocked mutex}.
 * Other TSan reports (data races, signal misuse) are not lock reports and give no fact.
 */
public final class TsanParser implements Parser {
    private static final Pattern WARNING = Pattern.compile("WARNING: ThreadSanitizer: (.+?)(?: \\(pid=\\d+\\))?\\s*$");
    private static final Pattern CYCLE = Pattern.compile("Cycle in lock order graph: (.*)$");
    private static final Pattern CYCLE_LOCK = Pattern.compile("(M\\d+) \\((0x[0-9a-fA-F]+)\\)");
    private static final Pattern EDGE = Pattern.compile(
            "^\\s*Mutex (M\\d+) acquired here while holding mutex (M\\d+) in (thread T\\d+|main thread)\\s*:");
    private static final Pattern PREVIOUS =
            Pattern.compile("^\\s*Mutex (M\\d+) previously acquired by the same thread here:");
    private static final Pattern CREATED = Pattern.compile("^\\s*Mutex (M\\d+) \\((0x[0-9a-fA-F]+)\\) created at:");
    private static final Pattern GLOBAL =
            Pattern.compile("^\\s*Location is global '([^']{1,200})' of size \\d+ at (0x[0-9a-fA-F]+)");
    private static final Pattern OTHER_STACK =
            Pattern.compile("^\\s*(?:Thread T\\d+ .*created by|Previous |Read of|Write of|Atomic )");

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        Draft d = null;
        String line;
        while ((line = lines.readLine()) != null) {
            int n = lines.lineNumber();
            Matcher w = WARNING.matcher(line);
            if (w.find()) {
                Draft.emit(d, sink, false, n);
                Kind kind = kind(w.group(1));
                d = kind == null ? null : new Draft(artifact, LockReport.Tool.TSAN, kind, n, line);
                if (d != null && kind != Kind.ORDER_INVERSION) {
                    d.expect(Draft.Target.CALL, null, null, null);
                }
                continue;
            }
            if (d == null) {
                continue;
            }
            if (line.contains("SUMMARY: ThreadSanitizer:")) {
                d.line(n, line, true);
                Draft.emit(d, sink, true, n);
                d = null;
                continue;
            }
            d.line(n, line, read(d, line));
        }
        Draft.emit(d, sink, false, lines.lineNumber());
    }

    /** One line inside a report; true when it is worth quoting. */
    private static boolean read(Draft d, String line) {
        Matcher m;
        if ((m = CYCLE.matcher(line)).find()) {
            Matcher l = CYCLE_LOCK.matcher(m.group(1));
            while (l.find()) {
                d.lock(l.group(1), l.group(2), null);
            }
            return true;
        }
        if ((m = EDGE.matcher(line)).find()) {
            d.expect(Draft.Target.EDGE, m.group(1), m.group(2), m.group(3).replace("thread ", ""));
            return true;
        }
        if ((m = PREVIOUS.matcher(line)).find()) {
            d.expect(Draft.Target.NONE, m.group(1), null, null);
            return false;
        }
        if ((m = CREATED.matcher(line)).find()) {
            d.lock(m.group(1), m.group(2), null);
            d.expect(Draft.Target.CREATED, m.group(1), null, null);
            return true;
        }
        if ((m = GLOBAL.matcher(line)).find()) {
            // printed before the mutex's own line; the name waits for its address
            d.pendingName(m.group(2), m.group(1));
            return true;
        }
        if (OTHER_STACK.matcher(line).find()) {
            d.expect(Draft.Target.NONE, null, null, null);
            return false;
        }
        return d.frame(Frames.tsan(line));
    }

    private static Kind kind(String what) {
        if (what.startsWith("lock-order-inversion")) {
            return Kind.ORDER_INVERSION;
        }
        if (what.startsWith("double lock of a mutex")) {
            return Kind.RECURSIVE;
        }
        if (what.startsWith("unlock of an unlocked mutex")) {
            return Kind.UNLOCK_UNLOCKED;
        }
        return null;
    }
}
