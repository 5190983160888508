package io.lockdoc.parse.linux.proc;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.LockContention;
import io.lockdoc.model.LockContention.Aggregation;
import io.lockdoc.model.LockContention.Point;
import io.lockdoc.model.LockContention.Source;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.Parser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /proc/lock_stat} (CONFIG_LOCK_STAT, {@code lock_stat version 0.4}): per lock class (and
 * read/write side, {@code &mm->mmap_lock-W:}) its contentions and wait times (microseconds with
 * two decimals, kept as nanoseconds), then under a short separator the call sites that waited and,
 * under a second one, the sites they contended with. One fact per class side with a contention.
 */
public final class LockStatParser implements Parser {
    static final int MAX_CLASSES = 5_000;
    static final int MAX_POINTS = 8;

    private static final String US = "(\\d{1,15}(?:\\.\\d{1,6})?)";
    private static final Pattern CLASS = Pattern.compile("^\\s*(\\S.{0,300}?):\\s+(\\d{1,19})\\s+(\\d{1,19})\\s+" + US
            + "\\s+" + US + "\\s+" + US + "\\s+" + US + "\\s+(\\d{1,19})\\s+(\\d{1,19})(?:\\s+" + US + "\\s+" + US
            + "\\s+"
            + US + "\\s+" + US + ")?\\s*$");
    /** A line that starts like a class row: a name, a colon, a number; if {@link #CLASS} does not take it, it is broken. */
    private static final Pattern CLASS_LIKE = Pattern.compile("^\\s*\\S.*:\\s+\\S*\\d");

    private static final Pattern POINT =
            Pattern.compile("^\\s*(\\S.{0,300}?)\\s+(\\d{1,19})\\s+\\[<([0-9a-fA-F]+)>\\]\\s+(\\S+)\\s*$");
    private static final Pattern SEPARATOR = Pattern.compile("^\\s*-+\\s*$");
    private static final Pattern SIDE = Pattern.compile("^(.*)-([WR])$");

    private static final class Open {
        final int line;
        final String text;
        final String lock;
        final String side;
        final long[] v;
        final List<Point> points = new ArrayList<>();
        int lastLine;

        Open(int line, String text, String lock, String side, long[] v) {
            this.line = line;
            this.lastLine = line;
            this.text = text;
            this.lock = lock;
            this.side = side;
            this.v = v;
        }
    }

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        List<Open> group = new ArrayList<>();
        List<Open> done = new ArrayList<>();
        int separators = 0;
        String line;
        while ((line = lines.readLine()) != null) {
            int n = lines.lineNumber();
            if (line.startsWith("lock_stat version")
                    || line.contains("class name")
                    || line.startsWith("-----")
                    || line.startsWith("....")) {
                if (line.startsWith("....")) {
                    done.addAll(group);
                    group.clear();
                    separators = 0;
                }
                continue;
            }
            Matcher c = CLASS.matcher(line);
            if (c.matches()) {
                if (separators > 0) {
                    done.addAll(group);
                    group.clear();
                    separators = 0;
                }
                if (done.size() + group.size() >= MAX_CLASSES) {
                    continue;
                }
                try {
                    long[] v = new long[8];
                    v[0] = Long.parseLong(c.group(3)); // contentions
                    v[1] = micros(c.group(4)); // wait min
                    v[2] = micros(c.group(5)); // wait max
                    v[3] = micros(c.group(6)); // wait total
                    v[4] = micros(c.group(7)); // wait avg
                    v[5] = Long.parseLong(c.group(9)); // acquisitions
                    String name = c.group(1).trim();
                    String side = null;
                    Matcher s = SIDE.matcher(name);
                    if (s.matches()) {
                        name = s.group(1);
                        side = s.group(2);
                    }
                    group.add(new Open(n, line, name, side, v));
                } catch (NumberFormatException e) {
                    sink.problem(io.lockdoc.parse.Numbers.outOfRange(artifact, n, e));
                }
                continue;
            }
            if (SEPARATOR.matcher(line).matches()) {
                separators++;
                touch(group, n);
                continue;
            }
            Matcher p = POINT.matcher(line);
            if (p.matches() && !group.isEmpty() && separators > 0) {
                try {
                    long count = Long.parseLong(p.group(2));
                    for (Open o : group) {
                        if (o.points.size() < MAX_POINTS * 2) {
                            o.points.add(new Point(p.group(4), count, separators > 1));
                        }
                    }
                    touch(group, n);
                } catch (NumberFormatException e) {
                    sink.problem(io.lockdoc.parse.Numbers.outOfRange(artifact, n, e));
                }
                continue;
            }
            if (CLASS_LIKE.matcher(line).find()) {
                sink.problem(Lines.problem(
                        artifact, n, "lock_stat class row with an unreadable value; the class is skipped"));
            }
        }
        done.addAll(group);
        List<Open> contended = done.stream().filter(o -> o.v[0] > 0).toList();
        // the kernel sorts by contentions; rank by total wait, the order that matters for a hot lock
        List<Open> ranked = contended.stream()
                .sorted((a, b) -> Long.compare(b.v[3], a.v[3]))
                .toList();
        for (Open o : contended) {
            List<Evidence.QuotedLine> quoted = new ArrayList<>();
            quoted.add(new Evidence.QuotedLine(o.line, o.text));
            sink.fact(new LockContention(
                    artifact + "#" + o.line,
                    Source.LOCK_STAT,
                    Aggregation.LOCK,
                    ranked.indexOf(o) + 1,
                    o.lock,
                    o.side,
                    null,
                    o.points.stream()
                            .filter(pt -> !pt.holder())
                            .map(Point::function)
                            .findFirst()
                            .orElse(null),
                    null,
                    null,
                    o.v[0],
                    o.v[5],
                    o.v[3],
                    o.v[2],
                    o.v[1],
                    o.v[4],
                    List.of(),
                    o.points,
                    Lines.span(artifact, o.line, o.lastLine, quoted)));
        }
    }

    private static void touch(List<Open> group, int n) {
        for (Open o : group) {
            o.lastLine = n;
        }
    }

    /** lock_stat's microseconds ({@code 16371.53}) as nanoseconds. */
    private static long micros(String s) {
        return Math.round(Double.parseDouble(s) * 1000.0);
    }
}
