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
 * Valgrind DRD's lock reports: {@code Recursive locking not allowed: mutex 0x..} and {@code Mutex not
 * locked [by calling thread]: mutex 0x..}, each with the call's stack and the lock's {@code was first
 * observed at:} stack; and its hold-time reports ({@code --exclusive-threshold}/{@code --shared-threshold}):
 * {@code Acquired at:} a stack, then {@code Lock on mutex 0x.. was held during N ms (threshold: M ms).} with
 * the release's stack. DRD finds no lock-order cycles; its race reports give no fact.
 */
public final class DrdParser implements Parser {
    private static final Pattern ERROR = Pattern.compile(
            "^(Recursive locking not allowed|(?:Mutex|Reader-writer lock|Spinlock) not locked(?: by calling thread)?): (?:mutex|rwlock|spinlock|\\w+) (0x[0-9a-fA-F]+)(?:, recursion count \\d+, owner (\\d+))?");
    private static final Pattern FIRST_SEEN = Pattern.compile("^\\w+ (0x[0-9a-fA-F]+) was first observed at:");
    private static final Pattern FRAME = Pattern.compile("^\\s*(?:at|by) 0x");
    private static final Pattern HOLD = Pattern.compile(
            "^Lock on (?:mutex|rwlock|spinlock|\\w+) (0x[0-9a-fA-F]+) was held during (\\d{1,12}) ms \\(threshold: (\\d{1,12}) ms\\)");
    private static final Pattern THREAD = Pattern.compile("^Thread (\\d+):$");

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        Draft d = null;
        String command = null;
        String thread = null;
        String raw;
        while ((raw = lines.readLine()) != null) {
            int n = lines.lineNumber();
            String line = Frames.unprefixed(raw);
            Matcher c = Frames.COMMAND.matcher(line);
            if (command == null && c.find()) {
                command = Frames.base(c.group(1));
                continue;
            }
            Matcher t = THREAD.matcher(line);
            if (t.find()) {
                // DRD names the thread before the first report from it
                Draft.emit(d, sink, true, n);
                d = null;
                thread = t.group(1);
                continue;
            }
            if (line.strip().equals("Acquired at:")) {
                Draft.emit(d, sink, true, n);
                d = new Draft(artifact, LockReport.Tool.DRD, Kind.HELD_TOO_LONG, n, line);
                d.program(command);
                d.expect(Draft.Target.PREVIOUS, null, null, thread);
                continue;
            }
            Matcher h = HOLD.matcher(line);
            if (h.find()) {
                if (d == null || d.kind() != Kind.HELD_TOO_LONG || d.only() != null) {
                    Draft.emit(d, sink, true, n);
                    d = new Draft(artifact, LockReport.Tool.DRD, Kind.HELD_TOO_LONG, n, line);
                    d.program(command);
                } else {
                    d.line(n, line, true);
                }
                d.lock(h.group(1), h.group(1), null);
                d.held(Long.parseLong(h.group(2)), Long.parseLong(h.group(3)));
                d.expect(Draft.Target.CALL, h.group(1), null, thread);
                continue;
            }
            Matcher m = ERROR.matcher(line);
            if (m.find()) {
                Draft.emit(d, sink, true, n);
                boolean recursive = m.group(1).startsWith("Recursive");
                d = new Draft(
                        artifact, LockReport.Tool.DRD, recursive ? Kind.RECURSIVE : Kind.UNLOCK_UNLOCKED, n, line);
                d.program(command);
                d.lock(m.group(2), m.group(2), null);
                // the owner of a recursively locked mutex is the thread that locks it again
                d.expect(Draft.Target.CALL, m.group(2), null, recursive ? m.group(3) : null);
                continue;
            }
            if (d == null) {
                continue;
            }
            if ((m = FIRST_SEEN.matcher(line)).find()) {
                d.expect(Draft.Target.CREATED, d.label(m.group(1)), null, null);
                d.line(n, line, true);
            } else if (FRAME.matcher(line).find()) {
                d.line(n, line, d.frame(Frames.valgrind(line)));
            } else {
                // DRD ends a report with a blank line; anything else is another report
                Draft.emit(d, sink, ended(d), n);
                d = null;
            }
        }
        Draft.emit(d, sink, ended(d), lines.lineNumber());
    }

    /** A hold report ends with its measurement: an {@code Acquired at:} stack alone was cut off. */
    private static boolean ended(Draft d) {
        return d == null || d.kind() != Kind.HELD_TOO_LONG || d.measured();
    }
}
