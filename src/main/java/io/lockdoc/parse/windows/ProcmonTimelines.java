package io.lockdoc.parse.windows;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Problem;
import io.lockdoc.model.windows.ProcmonThreadActivity;
import io.lockdoc.parse.FactSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-thread timelines of a Process Monitor capture in bounded memory: a fixed handful of fields per
 * thread (no event is kept), at most {@value #MAX_THREADS} threads (a {@link Problem} says when more
 * were seen). Without a TID column the process stands in for the thread.
 */
final class ProcmonTimelines {
    static final int MAX_THREADS = 4096;

    /** Not operations that take time: a wait by design, or an instant notification. */
    static final Set<String> NOT_MEASURED = Set.of(
            "NotifyChangeDirectory", // pending until something changes: waiting is its job, never a hang
            "Process Profiling",
            "Process Start",
            "Process Create",
            "Process Exit",
            "Thread Create",
            "Thread Exit",
            "Load Image");

    /** Statuses that report ordinary sharing, not a stuck operation (see {@link ProcmonAggregator}). */
    static final Set<String> BENIGN =
            Set.of("FILE LOCKED WITH ONLY READERS", "FILE LOCKED WITH WRITERS", "OPLOCK NOT GRANTED");

    private static final double HALF_DAY = 12 * 3600;

    private static final class Track {
        String process;
        String pid;
        String tid;
        long events;
        double first = -1;
        double last = -1;
        String lastOp;
        String lastPath;
        String lastResult;
        ProcmonAggregator.Event lastEvent; // quoted only if it ends up as evidence
        boolean lastMeasurable;
        String longOp;
        String longPath;
        String longResult;
        ProcmonAggregator.Event longEvent;
        double longSeconds = -1;
        ProcmonThreadActivity.Measure measure;
    }

    private final String artifact;
    private final FactSink sink;
    private final Map<String, Track> threads = new LinkedHashMap<>();
    private boolean limit;
    private double previousClock = -1;
    private double dayOffset;
    private double end = -1;

    ProcmonTimelines(String artifact, FactSink sink) {
        this.artifact = artifact;
        this.sink = sink;
    }

    void accept(ProcmonAggregator.Event e, String op, String result) {
        String pid = e.pid() == null ? "" : e.pid().strip();
        String tid = e.tid() == null || e.tid().isBlank() ? null : e.tid().strip();
        String key = pid + "|" + (tid == null ? "" : tid);
        Track t = threads.get(key);
        if (t == null) {
            if (threads.size() >= MAX_THREADS) {
                if (!limit) {
                    limit = true;
                    sink.problem(new Problem(
                            Problem.ErrorId.LIMIT_EXCEEDED,
                            artifact,
                            e.line(),
                            "more than " + MAX_THREADS + " threads; timelines of later ones are not tracked"));
                }
                return;
            }
            t = new Track();
            t.process = e.process() == null ? "?" : e.process().strip();
            t.pid = pid;
            t.tid = tid;
            threads.put(key, t);
        }
        double now = clock(e.time());
        boolean measurable = !NOT_MEASURED.contains(op) && !BENIGN.contains(result);
        double duration = duration(e.duration());
        if (duration >= 0) {
            t.measure = ProcmonThreadActivity.Measure.DURATION;
            if (measurable) {
                longest(t, duration, op, e.path(), result, e);
            }
        } else if (e.duration() == null && t.lastMeasurable && t.last >= 0 && now >= 0) {
            // no Duration column: the previous operation lasted at most until this thread's next event
            t.measure = ProcmonThreadActivity.Measure.GAP;
            longest(t, now - t.last, t.lastOp, t.lastPath, t.lastResult, t.lastEvent);
        }
        t.events++;
        if (now >= 0) {
            if (t.first < 0) {
                t.first = now;
            }
            t.last = now;
            end = Math.max(end, now);
        }
        t.lastOp = op;
        t.lastPath = e.path() == null ? "" : e.path().strip();
        t.lastResult = result;
        t.lastEvent = e;
        t.lastMeasurable = measurable;
    }

    private static void longest(
            Track t, double seconds, String op, String path, String result, ProcmonAggregator.Event event) {
        if (seconds > t.longSeconds) {
            t.longSeconds = seconds;
            t.longOp = op;
            t.longPath = path == null ? "" : path.strip();
            t.longResult = result;
            t.longEvent = event;
        }
    }

    void finish() {
        int n = 0;
        for (Track t : threads.values()) {
            List<Evidence.QuotedLine> quoted = new ArrayList<>(2);
            int lastLine = t.lastEvent.line();
            int longLine = t.longEvent == null ? lastLine : t.longEvent.line();
            int from = t.longOp == null ? lastLine : longLine;
            if (t.longOp != null) {
                quoted.add(new Evidence.QuotedLine(longLine, t.longEvent.raw()));
            }
            if (t.longOp == null || longLine != lastLine) {
                quoted.add(new Evidence.QuotedLine(lastLine, t.lastEvent.raw()));
            }
            sink.fact(new ProcmonThreadActivity(
                    artifact + "#thread" + (++n),
                    new Evidence(artifact, from, Math.max(from, lastLine), quoted),
                    t.process,
                    t.pid,
                    t.tid,
                    t.events,
                    t.first,
                    t.last,
                    t.lastOp,
                    t.lastPath,
                    t.last < 0 || end < 0 ? -1 : end - t.last,
                    t.longOp,
                    t.longPath,
                    t.longResult,
                    t.longSeconds,
                    t.measure));
        }
    }

    /** Seconds on a clock that keeps running across midnight (times of day restart at 0). */
    private double clock(String time) {
        double s = ProcmonAggregator.seconds(time);
        if (s < 0) {
            return -1;
        }
        if (previousClock >= 0 && s < previousClock - HALF_DAY) {
            dayOffset += 24 * 3600;
        }
        previousClock = s;
        return s + dayOffset;
    }

    /** The Duration column in seconds ({@code 0.0000112}, {@code 0,0000120}); -1 when absent or unreadable. */
    static double duration(String s) {
        if (s == null) {
            return -1;
        }
        String v = s.strip();
        if (!v.matches("\\d{1,9}(?:[.,]\\d{1,9})?")) {
            return -1;
        }
        return Double.parseDouble(v.replace(',', '.'));
    }
}
