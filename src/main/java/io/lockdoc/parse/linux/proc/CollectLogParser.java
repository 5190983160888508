package io.lockdoc.parse.linux.proc;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.CaptureTime;
import io.lockdoc.model.userspace.SystemValue;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.Parser;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * lockdoc's own {@code collect-log.txt}: when the capture was taken, the options it ran with and
 * which tasks it read in detail and why, as {@code collect:*} values (so {@code --explain} and the
 * shell can cite them). Lines it does not know are left alone: the log is for people first.
 */
public final class CollectLogParser implements Parser {
    private static final Pattern STARTED = Pattern.compile("^lockdoc collect: (\\S+), took (\\d+) ms$");
    private static final Pattern PIDS = Pattern.compile("^pids asked for: \\[(.*)]$");
    private static final Pattern TOOLS = Pattern.compile("^gdb: (\\w+), jstack: (\\w+)(?:, tracing: (\\w+))?");
    private static final Pattern TASK = Pattern.compile("^  (\\S+): (.+)$");
    private static final Pattern MISSES = Pattern.compile("^could not collect \\((\\d+)\\):$");

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        boolean tasks = false;
        String line;
        while ((line = lines.readLine()) != null) {
            int n = lines.lineNumber();
            Matcher m;
            if ((m = STARTED.matcher(line)).find()) {
                captureTime(sink, artifact, n, line, m.group(1));
                value(sink, artifact, n, line, "collect:time", m.group(1));
                value(sink, artifact, n, line, "collect:took-ms", m.group(2));
            } else if ((m = PIDS.matcher(line)).find()) {
                value(
                        sink,
                        artifact,
                        n,
                        line,
                        "collect:pids",
                        m.group(1).replace(",", "").trim());
            } else if ((m = TOOLS.matcher(line)).find()) {
                value(sink, artifact, n, line, "collect:gdb", m.group(1));
                value(sink, artifact, n, line, "collect:jstack", m.group(2));
            } else if (line.equals("tasks read in detail:")) {
                tasks = true;
            } else if (tasks && (m = TASK.matcher(line)).find()) {
                value(sink, artifact, n, line, "collect:read:" + m.group(1), m.group(2));
            } else if ((m = MISSES.matcher(line)).find()) {
                tasks = false;
                value(sink, artifact, n, line, "collect:missed", m.group(1));
            } else if (!line.startsWith("  ")) {
                tasks = false;
            }
        }
    }

    /** The capture's time, which ages the kernel reports in the same bundle. */
    private static void captureTime(FactSink sink, String artifact, int n, String line, String stamp) {
        try {
            sink.fact(new CaptureTime(java.time.OffsetDateTime.parse(stamp).toInstant(), Lines.at(artifact, n, line)));
        } catch (java.time.format.DateTimeParseException e) {
            sink.problem(Lines.problem(artifact, n, "capture time not readable: " + stamp));
        }
    }

    private static void value(FactSink sink, String artifact, int n, String line, String key, String value) {
        sink.fact(new SystemValue(artifact + "#" + n + "/" + key, key, value, Lines.at(artifact, n, line)));
    }
}
