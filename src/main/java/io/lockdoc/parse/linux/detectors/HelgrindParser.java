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
 * Valgrind Helgrind's lock reports: {@code lock order "A before B" violated} (the observed order's
 * stacks close the cycle, the required order's open it), {@code Attempt to re-lock a non-recursive
 * lock I already hold} and {@code unlocked a not-locked lock} (or one another thread holds). Races
 * and other errors are skipped.
 */
public final class HelgrindParser implements Parser {
    private static final Pattern ORDER =
            Pattern.compile("^Thread #(\\d+): lock order \"(0x[0-9A-Fa-f]+) before (0x[0-9A-Fa-f]+)\" violated");
    private static final Pattern RELOCK =
            Pattern.compile("^Thread #(\\d+): Attempt to re-lock a non-recursive lock I already hold");
    private static final Pattern UNLOCK = Pattern.compile(
            "^Thread #(\\d+):? unlocked (?:a not-locked lock|lock) at (0x[0-9A-Fa-f]+)(?: currently held by thread #\\d+)?");
    private static final Pattern OTHER_ERROR = Pattern.compile(
            "^Thread #\\d+:? |^-{20,}|^---Thread-Announcement|^Process terminating|^ERROR SUMMARY|^HEAP SUMMARY|^Use --history-level|^For (?:lists|counts) of detected");
    private static final Pattern OBSERVED =
            Pattern.compile("^Observed \\(incorrect\\) order is: acquisition of lock at (0x[0-9A-Fa-f]+)");
    private static final Pattern REQUIRED =
            Pattern.compile("^Required order was established by acquisition of lock at (0x[0-9A-Fa-f]+)");
    private static final Pattern LATER =
            Pattern.compile("^\\s*followed by a later acquisition of lock at (0x[0-9A-Fa-f]+)");
    private static final Pattern PREVIOUSLY = Pattern.compile("^\\s*Lock was previously acquired");
    private static final Pattern FIRST_SEEN = Pattern.compile("^\\s*Lock at (0x[0-9A-Fa-f]+) was first observed");
    private static final Pattern SYMBOL =
            Pattern.compile("^\\s*Address (0x[0-9A-Fa-f]+) is \\d+ bytes inside data symbol \"([^\"]{1,200})\"");

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        Draft d = null;
        String held = null;
        String thread = null;
        String command = null;
        String raw;
        while ((raw = lines.readLine()) != null) {
            int n = lines.lineNumber();
            String line = Frames.unprefixed(raw);
            Matcher m;
            if (command == null && (m = Frames.COMMAND.matcher(line)).find()) {
                command = Frames.base(m.group(1));
                continue;
            }
            if ((m = ORDER.matcher(line)).find()) {
                Draft.emit(d, sink, true, n);
                d = new Draft(artifact, LockReport.Tool.HELGRIND, Kind.ORDER_INVERSION, n, line);
                d.lock(m.group(2), m.group(2), null);
                d.lock(m.group(3), m.group(3), null);
                d.closingEdgeFirst();
                d.program(command);
                thread = "#" + m.group(1);
                continue;
            }
            if ((m = RELOCK.matcher(line)).find() || (m = UNLOCK.matcher(line)).find()) {
                Draft.emit(d, sink, true, n);
                boolean relock = m.pattern() == RELOCK;
                d = new Draft(
                        artifact, LockReport.Tool.HELGRIND, relock ? Kind.RECURSIVE : Kind.UNLOCK_UNLOCKED, n, line);
                d.program(command);
                String address = relock ? null : m.group(2);
                d.lock(relock ? "lock" : address, address, null);
                d.expect(Draft.Target.CALL, relock ? "lock" : address, null, "#" + m.group(1));
                continue;
            }
            if (d == null) {
                continue;
            }
            if (OTHER_ERROR.matcher(line).find()) {
                Draft.emit(d, sink, true, n);
                d = null;
                continue;
            }
            boolean quote = true;
            if ((m = OBSERVED.matcher(line)).find()) {
                held = m.group(1);
                d.expect(Draft.Target.NONE, null, null, null);
            } else if ((m = REQUIRED.matcher(line)).find()) {
                held = m.group(1);
                // the required order was seen earlier, in a thread the report does not name
                thread = null;
                d.expect(Draft.Target.NONE, null, null, null);
            } else if ((m = LATER.matcher(line)).find() && held != null) {
                d.expect(Draft.Target.EDGE, canonical(d, m.group(1)), canonical(d, held), thread);
            } else if (PREVIOUSLY.matcher(line).find()) {
                d.expect(Draft.Target.PREVIOUS, null, null, null);
            } else if ((m = FIRST_SEEN.matcher(line)).find()) {
                d.expect(Draft.Target.CREATED, canonical(d, m.group(1)), null, null);
            } else if ((m = SYMBOL.matcher(line)).find()) {
                d.nameAt(m.group(1), m.group(2));
            } else {
                quote = d.frame(Frames.valgrind(line));
            }
            d.line(n, line, quote);
        }
        Draft.emit(d, sink, true, lines.lineNumber());
    }

    /** The label a lock was first given: Helgrind prints one address in upper and lower case. */
    private static String canonical(Draft d, String address) {
        return d.kind() == Kind.ORDER_INVERSION ? d.label(address) : d.only();
    }
}
