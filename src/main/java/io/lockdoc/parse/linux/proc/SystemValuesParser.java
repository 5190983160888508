package io.lockdoc.parse.linux.proc;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.userspace.SystemValue;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.Parser;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * System-wide numbers and settings: {@code /proc/stat} ({@code procs_running},
 * {@code procs_blocked}, {@code btime}: boot time for the age of a report), {@code /proc/uptime}, {@code /proc/loadavg}, {@code sysctl -a} / {@code sysctl kernel.hung_task_*}
 * lines ({@code kernel.*} only), {@code /proc/sys/kernel/tainted}, and a cgroup's
 * {@code cgroup.freeze} / {@code cgroup.events} (keyed by the cgroup path).
 */
public final class SystemValuesParser implements Parser {
    private static final Pattern LOADAVG = Pattern.compile("^([\\d.]+) ([\\d.]+) ([\\d.]+) (\\d+)/(\\d+) \\d+$");
    private static final Pattern SYSCTL = Pattern.compile("^(kernel\\.[\\w.]+)\\s*=\\s*(.*)$");
    private static final Pattern PROCS = Pattern.compile("^(procs_running|procs_blocked|btime) (\\d+)$");
    private static final Pattern UPTIME = Pattern.compile("^(\\d+\\.\\d+) \\d+\\.\\d+$");

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        String a = artifact.replace('\\', '/');
        String base = a.substring(a.lastIndexOf('/') + 1);
        String cgroup = cgroupPath(a);
        String line;
        while ((line = lines.readLine()) != null) {
            try {
                int n = lines.lineNumber();
                Matcher m;
                if ((m = PROCS.matcher(line)).find()) {
                    value(sink, artifact, n, line, m.group(1), m.group(2));
                } else if ((m = LOADAVG.matcher(line)).find()) {
                    value(sink, artifact, n, line, "load1", m.group(1));
                    value(sink, artifact, n, line, "runnable", m.group(4));
                } else if (base.matches("(proc[-_])?uptime(\\.txt)?") && (m = UPTIME.matcher(line)).find()) {
                    value(sink, artifact, n, line, "uptime", m.group(1));
                } else if ((m = SYSCTL.matcher(line)).find()) {
                    value(sink, artifact, n, line, m.group(1), m.group(2).trim());
                } else if (base.equals("tainted") && line.trim().matches("\\d+")) {
                    value(sink, artifact, n, line, "kernel.tainted", line.trim());
                } else if (base.equals("cgroup.freeze") && line.trim().matches("[01]")) {
                    value(sink, artifact, n, line, "cgroup:" + cgroup + ":freeze", line.trim());
                } else if (base.equals("cgroup.events") && line.startsWith("frozen ")) {
                    value(
                            sink,
                            artifact,
                            n,
                            line,
                            "cgroup:" + cgroup + ":frozen",
                            line.substring(7).trim());
                } else if (base.equals("path.txt") && a.contains("cgroup/")) {
                    value(sink, artifact, n, line, "cgroup-folder:" + a.substring(0, a.lastIndexOf('/')), line.trim());
                }
            } catch (NumberFormatException e) {
                sink.problem(io.lockdoc.parse.Numbers.outOfRange(artifact, lines.lineNumber(), e));
            }
        }
    }

    /**
     * The cgroup a {@code cgroup.*} file describes: from {@code sys/fs/cgroup/<path>/}, else the
     * folder it lies in (whose {@code path.txt} names the cgroup; joined by the engine).
     */
    static String cgroupPath(String a) {
        int i = a.indexOf("sys/fs/cgroup/");
        String dir = a.contains("/") ? a.substring(0, a.lastIndexOf('/')) : "";
        if (i >= 0) {
            String p = dir.substring(Math.min(dir.length(), i + "sys/fs/cgroup".length()));
            return p.isEmpty() ? "/" : p;
        }
        return "folder:" + dir;
    }

    private static void value(FactSink sink, String artifact, int n, String line, String key, String value) {
        sink.fact(new SystemValue(artifact + "#" + n + "/" + key, key, value, Lines.at(artifact, n, line)));
    }
}
