package io.lockdoc.paste;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Cuts a paste that holds several artifacts one after the other (a dmesg excerpt, a {@code ps} table, a
 * gdb backtrace, with prose between them) into one section per artifact, so each is detected on its own.
 * A line that only one format prints (a kernel timestamp, a {@code ps} header, a gdb frame, a jstack
 * thread header, a debugger prompt, a {@code /proc/locks} row) marks its format; every other line
 * glued to a marked line belongs to its section; prose set off by blank lines between sections belongs to
 * none. A text is cut only when two formats each show several such lines.
 */
public final class SectionSplitter {
    /** Formats a line can give away by itself. */
    public enum Family {
        KERNEL,
        PS,
        GDB,
        JSTACK,
        WINDBG,
        STRACE,
        PROC_LOCKS,
        /** ThreadSanitizer: its warning and summary lines and its {@code #N fn file:line (module+0x..)} frames. */
        TSAN,
        /** Valgrind (Helgrind, DRD): every line carries the {@code ==PID==} prefix. */
        VALGRIND,
        /** bcc's deadlock tool: its banner and {@code @ ADDR fn} frames. */
        BCC,
        /** Go goroutine dumps: {@code goroutine N [reason]:} headers and {@code \tfile.go:N +0x..} lines. */
        GO,
        /** Python thread dumps: faulthandler's {@code Thread 0x.. (most recent call first):} and its {@code File "x.py", line N in f} frames. */
        PYTHON
    }

    /** One section: its format family and its lines, each with its original line number. */
    public record Section(Family family, PasteText text) {
        public int firstLine() {
            return text.origin(0);
        }

        public int lastLine() {
            return text.origin(text.lines().size() - 1);
        }
    }

    /** Marker lines a format needs before it counts as present (one stray match is not a section). */
    static final int MIN_MARKERS = 2;

    /** A table header starts a whole table: one is enough. */
    private static int minMarkers(Family f) {
        return f == Family.PS ? 1 : MIN_MARKERS;
    }

    private static final Pattern KERNEL =
            Pattern.compile("^\\s*(?:<\\d>)?\\[\\s*\\d+\\.\\d+\\](?:\\[\\s*[TC]\\d+\\])?\\s"
                    + "|^\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\S+ kernel: "
                    + "|^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\S* \\S+ kernel: ");
    private static final Pattern PS = Pattern.compile(
            "^\\s*(?:USER\\s+PID\\s+%CPU|PID\\s+(?:TID\\s+|LWP\\s+|PPID\\s+|TTY\\s+)|F\\s+S\\s+UID\\s+PID"
                    + "|UID\\s+PID\\s+PPID|PID\\s+USER\\s+PR\\s+NI)");
    private static final Pattern GDB = Pattern.compile(
            "^Thread \\d+ \\(Thread 0x[0-9a-f]+|^#\\d+\\s+0x[0-9a-f]+ in \\S|^#\\d+\\s+[\\w:~<>]+ \\(.*\\) at \\S+:\\d+"
                    + "|^\\(gdb\\) |^\\s+Id\\s+Target Id\\s+Frame");
    private static final Pattern JSTACK = Pattern.compile(
            "^\"[^\"]+\" (?:#\\d+ )?.*(?:prio=|tid=0x|nid=)|^Full thread dump |^Found (?:one|\\d+) Java-level deadlock"
                    + "|^\\s+java\\.lang\\.Thread\\.State: ");
    private static final Pattern WINDBG = Pattern.compile("^\\s*(?:\\d+:\\d{3}>|(?:\\d+: )?kd>) \\S");
    private static final Pattern STRACE = Pattern.compile(
            "^(?:\\[pid\\s+\\d+\\] |\\d+ +)?(?:\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)? )?(?:futex|flock|fcntl|fcntl64|read|write|"
                    + "openat|wait4|epoll_wait|ppoll|nanosleep|clock_nanosleep)\\(.*(?:\\) += |<unfinished \\.\\.\\.>)");
    private static final Pattern PROC_LOCKS = Pattern.compile("^\\d+: (?:POSIX|FLOCK|OFDLCK|LEASE|DELEG) ");

    private static final Pattern TSAN =
            Pattern.compile("^(?:WARNING|SUMMARY): ThreadSanitizer: |^\\s+#\\d+ \\S.* \\([^()\\s]+\\+0x[0-9a-f]+\\)$");
    private static final Pattern VALGRIND = Pattern.compile("^==\\d+== ");
    private static final Pattern GO = Pattern.compile(
            "^goroutine \\d+ (?:gp=\\S+ m=\\S+ (?:mp=\\S+ )?)?\\[[^\\]]{1,80}\\]:$|^\\t\\S+\\.go:\\d+(?: \\+0x[0-9a-f]+)?$|^fatal error: all goroutines are asleep");
    private static final Pattern PYTHON = Pattern.compile(
            "^(?:Current thread|Thread) 0x[0-9a-fA-F]{1,16} \\(most recent call first\\):$|^  File \"[^\"]{1,400}\\.py\", line \\d+ in \\S+$");
    private static final Pattern BCC = Pattern.compile("^Potential Deadlock Detected!|^@ [0-9a-f]{16} \\S");

    private SectionSplitter() {}

    /** The format a line by itself shows, or null. */
    static Family family(String line) {
        if (line.isEmpty() || line.length() > 4096) {
            return null;
        }
        if (KERNEL.matcher(line).find()) {
            return Family.KERNEL;
        }
        if (JSTACK.matcher(line).find()) {
            return Family.JSTACK;
        }
        if (GDB.matcher(line).find()) {
            return Family.GDB;
        }
        if (WINDBG.matcher(line).find()) {
            return Family.WINDBG;
        }
        if (PS.matcher(line).find()) {
            return Family.PS;
        }
        if (PROC_LOCKS.matcher(line).find()) {
            return Family.PROC_LOCKS;
        }
        if (STRACE.matcher(line).find()) {
            return Family.STRACE;
        }
        // the C/C++ detectors last: their lines give way to the formats above
        if (TSAN.matcher(line).find()) {
            return Family.TSAN;
        }
        if (VALGRIND.matcher(line).find()) {
            return Family.VALGRIND;
        }
        if (BCC.matcher(line).find()) {
            return Family.BCC;
        }
        if (GO.matcher(line).find()) {
            return Family.GO;
        }
        if (PYTHON.matcher(line).find()) {
            return Family.PYTHON;
        }
        return null;
    }

    /**
     * The sections of {@code text}, in order; a single section (the whole text) when it does not show
     * two formats with at least {@link #MIN_MARKERS} marker lines each. A format's lines that come back
     * after another format's section start a new section of their own.
     */
    public static List<Section> split(PasteText text) {
        List<String> lines = text.lines();
        Family[] marks = new Family[lines.size()];
        Map<Family, Integer> counts = new EnumMap<>(Family.class);
        for (int i = 0; i < marks.length; i++) {
            marks[i] = family(lines.get(i));
            if (marks[i] != null) {
                counts.merge(marks[i], 1, Integer::sum);
            }
        }
        long present = counts.entrySet().stream()
                .filter(e -> e.getValue() >= minMarkers(e.getKey()))
                .count();
        if (present < 2) {
            return List.of(new Section(dominant(counts), text));
        }
        List<Section> out = new ArrayList<>();
        int start = -1;
        Family current = null;
        for (int i = 0; i < marks.length; i++) {
            Family f = marks[i];
            if (f == null || counts.get(f) < minMarkers(f) || f == current) {
                continue;
            }
            if (current != null) {
                out.add(new Section(current, text.slice(start, contentEnd(lines, marks, start, i))));
            }
            // a section starts at its first marked line: the prose before it (a heading) is no artifact
            start = i;
            current = f;
        }
        out.add(new Section(current, text.slice(start, contentEnd(lines, marks, start, lines.size()))));
        return out;
    }

    /**
     * Where the section that started at {@code from} ends, given that the next one's first marked line is
     * {@code next}: at the first blank line after its last marked line and the lines glued to it (frames,
     * table rows); what follows is prose between artifacts.
     */
    private static int contentEnd(List<String> lines, Family[] marks, int from, int next) {
        int last = next - 1;
        while (last > from && marks[last] == null) {
            last--;
        }
        int c = last + 1;
        while (c < next && !lines.get(c).isBlank()) {
            c++;
        }
        return Math.max(c, from + 1);
    }

    private static Family dominant(Map<Family, Integer> counts) {
        return counts.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(null);
    }
}
