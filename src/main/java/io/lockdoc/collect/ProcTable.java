package io.lockdoc.collect;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The thread table: which rows of a {@code ps} table are in D state, and the same table built
 * from {@code /proc/<pid>/task/<tid>/stat} when {@code ps} does not answer ({@code ps} reads
 * every {@code cmdline}, which blocks behind a stuck {@code mmap_lock}; {@code stat} does not).
 */
final class ProcTable {
    static final int MAX_ROWS = 200_000;
    private static final Pattern STAT = Pattern.compile("^\\d+ \\((.*)\\) (\\S) (-?\\d+)", Pattern.DOTALL);

    private ProcTable() {}

    /** {pid, tid} of every row whose STAT starts with D; columns found from the header. */
    static List<int[]> dStateRows(String ps) {
        List<int[]> out = new ArrayList<>();
        String[] lines = ps.split("\n");
        int h = 0;
        while (h < lines.length && lines[h].isBlank()) {
            h++;
        }
        if (h == lines.length) {
            return out;
        }
        List<String> header = List.of(lines[h].trim().split("\\s+"));
        int pid = header.indexOf("PID");
        int tid = header.indexOf("TID") >= 0 ? header.indexOf("TID") : header.indexOf("LWP");
        int stat = header.indexOf("STAT") >= 0 ? header.indexOf("STAT") : header.indexOf("S");
        if (pid < 0 || stat < 0) {
            return out;
        }
        int need = Math.max(pid, Math.max(tid, stat)) + 1;
        for (int i = h + 1; i < lines.length; i++) {
            String[] t = lines[i].trim().split("\\s+", need + 1);
            if (t.length < need || !t[stat].startsWith("D")) {
                continue;
            }
            try {
                int p = Integer.parseInt(t[pid]);
                out.add(new int[] {p, tid < 0 ? p : Integer.parseInt(t[tid])});
            } catch (NumberFormatException e) {
                // not a row of the table (a wrapped line): skip it
            }
        }
        return out;
    }

    /** A {@code PID TID PPID STAT COMMAND} table from /proc, or null when /proc cannot be listed. */
    static String build(SafeIo io, Path proc, List<Collector.Miss> misses) {
        var pids = io.list(proc, 1_000_000);
        if (!pids.ok()) {
            misses.add(new Collector.Miss(
                    "process table", "ps failed and " + proc + " cannot be listed: " + pids.failure()));
            return null;
        }
        StringBuilder sb = new StringBuilder(
                String.format(Locale.ROOT, "%7s %7s %7s %-4s %s%n", "PID", "TID", "PPID", "STAT", "COMMAND"));
        int rows = 0;
        int failed = 0;
        for (String p : pids.value()) {
            if (!p.chars().allMatch(Character::isDigit) || rows >= MAX_ROWS) {
                continue;
            }
            var tids = io.list(proc.resolve(p).resolve("task"), Collector.MAX_THREADS * 64);
            if (!tids.ok()) {
                continue; // exited meanwhile
            }
            for (String t : tids.value()) {
                var s = io.read(proc.resolve(p).resolve("task").resolve(t).resolve("stat"), 4096);
                if (!s.ok()) {
                    failed++;
                    continue;
                }
                Matcher m = STAT.matcher(new String(s.value(), StandardCharsets.UTF_8));
                if (m.find()) {
                    sb.append(String.format(
                            Locale.ROOT,
                            "%7s %7s %7s %-4s %s%n",
                            p,
                            t,
                            m.group(3),
                            m.group(2),
                            m.group(1).replace('\n', ' ')));
                    rows++;
                }
            }
        }
        if (failed > 0) {
            misses.add(new Collector.Miss("process table", failed + " task stat files could not be read"));
        }
        return sb.toString();
    }
}
