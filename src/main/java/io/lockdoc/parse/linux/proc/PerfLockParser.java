package io.lockdoc.parse.linux.proc;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.userspace.LockEdge;
import io.lockdoc.model.userspace.LockKind;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.Parser;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code perf script} of {@code perf lock record}: a {@code lock:contention_begin} with no later
 * {@code lock:contention_end} for the same task and lock means the task was still waiting for
 * that kernel lock when recording stopped.
 */
public final class PerfLockParser implements Parser {
    private static final Pattern EVENT = Pattern.compile(
            "^\\s*(.+?)\\s+(\\d+)\\s+(?:\\[\\d+\\]\\s+)?[\\d.]+:\\s+lock:contention_(begin|end):\\s+(0x[0-9a-f]+)(.*)$");

    private record Begin(int line, String text, String comm, String flags) {}

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        Map<String, Begin> open = new LinkedHashMap<>();
        String line;
        while ((line = lines.readLine()) != null) {
            try {
                Matcher m = EVENT.matcher(line);
                if (!m.find()) {
                    continue;
                }
                int pid = Integer.parseInt(m.group(2));
                String key = pid + "/" + Lines.hex(m.group(4));
                if (m.group(3).equals("begin")) {
                    open.putIfAbsent(
                            key,
                            new Begin(
                                    lines.lineNumber(),
                                    line,
                                    m.group(1),
                                    m.group(5).trim()));
                } else {
                    open.remove(key);
                }
            } catch (NumberFormatException e) {
                sink.problem(io.lockdoc.parse.Numbers.outOfRange(artifact, lines.lineNumber(), e));
            }
        }
        for (Map.Entry<String, Begin> e : open.entrySet()) {
            String[] k = e.getKey().split("/");
            Begin b = e.getValue();
            sink.fact(new LockEdge(
                    artifact + "#" + b.line(),
                    LockEdge.Relation.WAITS,
                    null,
                    Integer.parseInt(k[0]),
                    b.comm(),
                    LockKind.KERNEL,
                    k[1],
                    b.flags().isEmpty() ? null : b.flags(),
                    "perf lock: contention_begin without contention_end",
                    Lines.at(artifact, b.line(), b.text())));
        }
    }
}
