package io.lockdoc.parse.linux.proc;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.userspace.FileLockEntry;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.Parser;
import java.io.IOException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /proc/locks}: {@code N: [-> ]TYPE FLAVOUR MODE PID MAJ:MIN:INODE START END}. Waiter
 * lines ({@code ->}, indented once more per level) queue behind lock {@code N}; OFD locks print
 * pid {@code -1}; an unknown lock type is reported for its line and the rest is kept.
 */
public final class ProcLocksParser implements Parser {
    static final Set<String> TYPES = Set.of("POSIX", "FLOCK", "OFDLCK", "LEASE", "DELEG", "ACCESS", "UNKNOWN");
    private static final Pattern LINE = Pattern.compile(
            "^(\\d+):( *)(->\\s+)?(\\S+)\\s+(\\S+)\\s+(?:(\\S+)\\s+)?(-?\\d+)\\s+(\\S+):(\\S+):(\\d+|0)\\s+(\\d+)\\s+(\\d+|EOF)\\s*$");
    private static final Pattern NONE = Pattern.compile(
            "^(\\d+):( *)(->\\s+)?(\\S+)\\s+(\\S+)\\s+(?:(\\S+)\\s+)?(-?\\d+)\\s+<none>:0\\s+(\\d+)\\s+(\\d+|EOF)\\s*$");

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        String line;
        while ((line = lines.readLine()) != null) {
            try {
                if (line.isBlank()) {
                    continue;
                }
                FileLockEntry e = parseLine(
                        artifact, lines.lineNumber(), line, line, FileLockEntry.Source.PROC_LOCKS, null, null, sink);
                if (e != null) {
                    sink.fact(e);
                }
            } catch (NumberFormatException e) {
                sink.problem(io.lockdoc.parse.Numbers.outOfRange(artifact, lines.lineNumber(), e));
            }
        }
    }

    /** One lock line (also the text after {@code lock:} in fdinfo), or null with a problem reported. */
    static FileLockEntry parseLine(
            String artifact,
            int n,
            String text,
            String quoted,
            FileLockEntry.Source source,
            Integer fdOwner,
            Integer fd,
            FactSink sink) {
        Matcher m = LINE.matcher(text);
        boolean none = false;
        if (!m.find()) {
            m = NONE.matcher(text);
            if (!m.find()) {
                sink.problem(Lines.problem(
                        artifact,
                        n,
                        "expected 'N: TYPE ADVISORY|MANDATORY MODE PID MAJ:MIN:INODE START END', found: " + text));
                return null;
            }
            none = true;
        }
        String type = m.group(4);
        if (!TYPES.contains(type)) {
            sink.problem(Lines.problem(
                    artifact,
                    n,
                    "unknown lock type '" + type + "' (known: POSIX, FLOCK, OFDLCK, LEASE, DELEG); line skipped"));
            return null;
        }
        boolean waiter = m.group(3) != null;
        int depth = waiter ? m.group(2).length() + 1 : 0;
        // leases print ACTIVE/BREAKING/BREAKER before the mode; locks print ADVISORY/MANDATORY
        String mode = m.group(6) != null ? m.group(6) : m.group(5);
        int pid = Integer.parseInt(m.group(7));
        String device = none ? null : Lines.hex(m.group(8) + ":" + m.group(9));
        Long inode = none ? null : Long.valueOf(m.group(10));
        long start = Long.parseLong(none ? m.group(8) : m.group(11));
        String endText = none ? m.group(9) : m.group(12);
        Long end = endText.equals("EOF") ? null : Long.valueOf(endText);
        return new FileLockEntry(
                artifact + "#" + n + (fd == null ? "" : "/fd" + fd),
                source,
                Integer.parseInt(m.group(1)),
                type,
                mode,
                pid,
                device,
                inode,
                null,
                start,
                end,
                waiter,
                depth,
                fdOwner,
                fd,
                Lines.at(artifact, n, quoted));
    }
}
