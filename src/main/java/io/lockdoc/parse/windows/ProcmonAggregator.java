package io.lockdoc.parse.windows;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Problem;
import io.lockdoc.model.windows.FileConflictLoop;
import io.lockdoc.parse.FactSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Process Monitor capture says about lock conflicts, in bounded memory: for each (process,
 * path, status) the failures with a conflict status, and for each path the other processes that had
 * it open or byte-range locked (CreateFile/CloseFile, LockFile/UnlockFileSingle pairs). Benign
 * statuses ({@code FILE LOCKED WITH ONLY READERS}, {@code FILE LOCKED WITH WRITERS}, {@code OPLOCK
 * NOT GRANTED}) and pending {@code NotifyChangeDirectory} calls are not conflicts.
 */
final class ProcmonAggregator {
    static final Set<String> CONFLICTS = Set.of(
            "SHARING VIOLATION",
            "FILE LOCK CONFLICT",
            "NOT GRANTED",
            "LOCK NOT GRANTED",
            "RANGE NOT LOCKED",
            "PIPE BUSY");
    private static final Set<String> OPEN_CLOSE =
            Set.of("CreateFile", "LockFile", "CreatePipe", "CloseFile", "UnlockFileAll");
    static final int MAX_LOOPS = 10_000;
    static final int MAX_PATHS = 50_000;
    private static final Pattern TIME =
            Pattern.compile("^\\s*(\\d{1,2}):(\\d{2}):(\\d{2})(?:[.,](\\d{1,9}))?\\s*([AaPp][Mm])?");

    /**
     * One event, as both exports give it. The CSV parser passes its row's fields instead of the quoted
     * line, which is only built for the few events that end up as evidence.
     */
    record Event(
            int line,
            String time,
            String process,
            String pid,
            String operation,
            String path,
            String result,
            String quoted,
            String tid,
            String duration,
            List<String> fields) {
        Event(
                int line,
                String time,
                String process,
                String pid,
                String operation,
                String path,
                String result,
                String raw) {
            this(line, time, process, pid, operation, path, result, raw, null, null, null);
        }

        /** The line as quoted in evidence: the first seven fields, at most 300 characters. */
        String raw() {
            if (quoted != null || fields == null) {
                return quoted;
            }
            String s = String.join(",", fields.subList(0, Math.min(7, fields.size())));
            return s.length() > 300 ? s.substring(0, 300) + "..." : s;
        }
    }

    private static final class Loop {
        String process;
        String pid;
        String path;
        String status;
        int count;
        int firstLine;
        int lastLine;
        double firstTime = -1;
        double lastTime = -1;
        final Set<String> holders = new LinkedHashSet<>();
        final List<Evidence.QuotedLine> quoted = new ArrayList<>();
    }

    private final String artifact;
    private final FactSink sink;
    private final Map<String, Loop> loops = new LinkedHashMap<>();
    private final Map<String, Set<String>> openers = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<String>> e) {
            return size() > MAX_PATHS;
        }
    };
    private boolean loopLimit;
    private long events;
    private final ProcmonTimelines timelines;

    ProcmonAggregator(String artifact, FactSink sink) {
        this.artifact = artifact;
        this.sink = sink;
        this.timelines = new ProcmonTimelines(artifact, sink);
    }

    void accept(Event e) {
        events++;
        String result = e.result() == null ? "" : e.result().strip().toUpperCase(Locale.ROOT);
        String op = e.operation() == null ? "" : e.operation().strip();
        timelines.accept(e, op, result);
        String path = e.path() == null ? "" : e.path().strip();
        if (path.isEmpty()) {
            return;
        }
        boolean conflict = CONFLICTS.contains(result);
        if (!conflict && !(result.equals("SUCCESS") && OPEN_CLOSE.contains(op))) {
            return; // most rows: routine I/O that neither conflicts nor opens or closes anything
        }
        String key = path.toLowerCase(Locale.ROOT);
        String who = e.process() + "/" + e.pid();
        if (conflict) {
            conflict(e, result, path, key, who);
            return;
        }
        switch (op) {
            case "CreateFile", "LockFile", "CreatePipe" -> {
                Set<String> s = openers.computeIfAbsent(key, k -> new LinkedHashSet<>());
                if (s.size() < 64) {
                    s.add(who);
                }
            }
            case "CloseFile", "UnlockFileAll" -> {
                Set<String> s = openers.get(key);
                if (s != null) {
                    s.remove(who);
                }
            }
            default -> {}
        }
    }

    private void conflict(Event e, String status, String path, String key, String who) {
        String lk = e.pid() + "|" + key + "|" + status;
        Loop l = loops.get(lk);
        if (l == null) {
            if (loops.size() >= MAX_LOOPS) {
                if (!loopLimit) {
                    loopLimit = true;
                    sink.problem(new Problem(
                            Problem.ErrorId.LIMIT_EXCEEDED,
                            artifact,
                            e.line(),
                            "more than " + MAX_LOOPS + " distinct conflicting paths; later ones are not tracked"));
                }
                return;
            }
            l = new Loop();
            l.process = e.process();
            l.pid = e.pid();
            l.path = path;
            l.status = status;
            l.firstLine = e.line();
            loops.put(lk, l);
        }
        l.count++;
        l.lastLine = e.line();
        double t = seconds(e.time());
        if (t >= 0) {
            if (l.firstTime < 0) {
                l.firstTime = t;
            }
            l.lastTime = t;
        }
        if (l.quoted.size() < 6) {
            l.quoted.add(new Evidence.QuotedLine(e.line(), e.raw()));
        }
        Set<String> holders = openers.get(key);
        if (holders != null) {
            for (String h : holders) {
                if (!h.equals(who) && l.holders.size() < 5) {
                    l.holders.add(h);
                }
            }
        }
    }

    void finish() {
        timelines.finish();
        int n = 0;
        for (Loop l : loops.values()) {
            if (l.count < 2) {
                continue;
            }
            double span = l.firstTime < 0 || l.lastTime < 0 ? -1 : l.lastTime - l.firstTime;
            if (span < 0 && l.firstTime >= 0) {
                span += 24 * 3600; // the capture crossed midnight
            }
            sink.fact(new FileConflictLoop(
                    artifact + "#conflict" + (++n),
                    new Evidence(artifact, l.firstLine, Math.max(l.firstLine, l.lastLine), l.quoted),
                    l.path,
                    l.process,
                    l.pid,
                    l.status,
                    l.count,
                    span,
                    new ArrayList<>(l.holders)));
        }
    }

    long events() {
        return events;
    }

    /** Seconds since midnight from a locale-formatted time of day ({@code 7:21:49.0877812 AM}, {@code 16:53:03,6001516}); -1 if unreadable. */
    static double seconds(String time) {
        if (time == null) {
            return -1;
        }
        double fast = secondsByHand(time);
        return fast != NOT_PLAIN ? fast : secondsByPattern(time);
    }

    static double secondsByPattern(String time) {
        Matcher m = TIME.matcher(time);
        if (!m.find()) {
            return -1;
        }
        int h = Integer.parseInt(m.group(1));
        int min = Integer.parseInt(m.group(2));
        int s = Integer.parseInt(m.group(3));
        double frac = m.group(4) == null ? 0 : Double.parseDouble("0." + m.group(4));
        if (m.group(5) != null) {
            boolean pm = m.group(5).equalsIgnoreCase("PM");
            h = h % 12 + (pm ? 12 : 0);
        }
        return h * 3600 + min * 60 + s + frac;
    }

    static final double NOT_PLAIN = -2;
    private static final double[] POWERS_OF_TEN = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

    /**
     * {@link #TIME} without the pattern for the shapes Procmon writes ({@code 7:21:49.0877812 AM},
     * {@code 16:53:03,6001516}): the same value, or {@link #NOT_PLAIN} to let the pattern decide.
     */
    static double secondsByHand(String t) {
        int n = t.length();
        int i = 0;
        int h = 0;
        int hd = 0;
        while (i < n && hd < 3 && digit(t.charAt(i))) {
            h = h * 10 + t.charAt(i++) - '0';
            hd++;
        }
        if (hd == 0 || hd > 2 || i + 6 > n || t.charAt(i) != ':' || t.charAt(i + 3) != ':') {
            return NOT_PLAIN;
        }
        if (!digit(t.charAt(i + 1)) || !digit(t.charAt(i + 2)) || !digit(t.charAt(i + 4)) || !digit(t.charAt(i + 5))) {
            return NOT_PLAIN;
        }
        int min = (t.charAt(i + 1) - '0') * 10 + t.charAt(i + 2) - '0';
        int s = (t.charAt(i + 4) - '0') * 10 + t.charAt(i + 5) - '0';
        i += 6;
        double frac = 0;
        if (i < n && (t.charAt(i) == '.' || t.charAt(i) == ',')) {
            int start = i + 1;
            int end = start;
            while (end < n && end - start < 9 && digit(t.charAt(end))) {
                end++;
            }
            if (end > start) {
                long digits = 0;
                for (int k = start; k < end; k++) {
                    digits = digits * 10 + t.charAt(k) - '0';
                }
                // both exact doubles, and division rounds correctly: the same value parseDouble gives
                frac = digits / POWERS_OF_TEN[end - start];
                i = end;
                if (i < n && digit(t.charAt(i))) {
                    return NOT_PLAIN; // more than nine digits: the pattern's business
                }
            }
        }
        while (i < n && t.charAt(i) == ' ') {
            i++;
        }
        if (i + 1 < n && "AaPp".indexOf(t.charAt(i)) >= 0 && (t.charAt(i + 1) == 'M' || t.charAt(i + 1) == 'm')) {
            boolean pm = t.charAt(i) == 'P' || t.charAt(i) == 'p';
            h = h % 12 + (pm ? 12 : 0);
            i += 2;
        }
        return i == n ? h * 3600 + min * 60 + s + frac : NOT_PLAIN;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A locale-formatted number ({@code 4,294,967,295}, {@code 20 480}, {@code 20.480}) as a long, or -1. */
    static long number(String s) {
        if (s == null) {
            return -1;
        }
        String digits = s.strip().replaceAll("[\\s\\u00A0\\u202F,.']", "");
        if (!digits.matches("\\d{1,18}")) {
            return -1;
        }
        return Long.parseLong(digits);
    }
}
