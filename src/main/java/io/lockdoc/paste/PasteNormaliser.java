package io.lockdoc.paste;

import java.util.ArrayList;
import java.util.List;

/**
 * Undoes what copying a diagnostic into a ticket, a mail or an issue thread did to it, one named
 * step at a time, keeping each line's original number. Runs before detection, only on text that
 * shows signs of having been pasted ({@link #looksPasted}), so clean files are read as they are.
 */
public final class PasteNormaliser {
    private static final List<PasteStep> STEPS = List.of(
            new LineEnds(),
            new UnicodeSpaces(),
            new RsyslogEscapes(),
            new MarkupBlocks(),
            new Fences(),
            new Quotes(),
            new HtmlEntities(),
            StampedLines.CI,
            StampedLines.TERMINAL,
            new LineNumbers(),
            new ShellLines(),
            new Headings(),
            new CommonIndent(),
            new HardWraps());

    private PasteNormaliser() {}

    /**
     * The normalised text, the names of the steps that changed it (empty: nothing to undo), and
     * whether one of them proves the text was mangled by copying.
     */
    public record Result(PasteText text, List<String> applied, boolean decisive) {
        public boolean changed() {
            return !applied.isEmpty();
        }
    }

    public static Result normalise(List<String> lines) {
        PasteText t = PasteText.of(lines);
        List<String> applied = new ArrayList<>();
        boolean decisive = false;
        for (PasteStep s : STEPS) {
            PasteText next = s.apply(t);
            if (next != t) {
                applied.add(s.name());
                decisive |= s.decisive();
                t = next;
            }
        }
        return new Result(t, List.copyOf(applied), decisive);
    }

    /**
     * Whether a text recognised as it is could still read better normalised: it looks pasted, or its
     * first line is indented or stamped (a code block, a CI runner's or a terminal logger's time).
     * False for a clean file, so a bundle's thousands of small files are read once.
     */
    public static boolean mayHelp(String head) {
        if (looksPasted(head) || (!HardWraps.tooWideToBeWrapped(head) && HardWraps.wrapWidth(headLines(head)) > 0)) {
            return true;
        }
        int i = 0;
        while (i < head.length() && (head.charAt(i) == '\n' || head.charAt(i) == '\r')) {
            i++;
        }
        if (i >= head.length()) {
            return false;
        }
        char c = head.charAt(i);
        return c == ' '
                || c == '\t'
                || STAMPED_START.matcher(head).region(i, head.length()).lookingAt();
    }

    /** The first lines of a head, enough to tell whether it was wrapped. */
    private static List<String> headLines(String head) {
        List<String> lines = new ArrayList<>();
        int from = 0;
        while (from < head.length() && lines.size() < 200) {
            int nl = head.indexOf('\n', from);
            int to = nl < 0 ? head.length() : nl;
            lines.add(head.substring(from, to));
            from = to + 1;
        }
        return lines;
    }

    private static final java.util.regex.Pattern STAMPED_START =
            java.util.regex.Pattern.compile("\\[?\\d{4}[-/]\\d\\d[-/]\\d\\d[T ,]|\\[\\d\\d:\\d\\d:\\d\\d");

    /** Whether a text's head shows what copying leaves behind (fences, quotes, markup, escapes, stray carriage returns). */
    public static boolean looksPasted(String head) {
        if (head.contains("```")
                || head.contains("~~~")
                || head.contains("#012")
                || head.contains("^M")
                || head.contains("\\r\n")
                || head.contains("&lt;")
                || head.contains("&gt;")
                || head.contains("&amp;")
                || head.contains("&quot;")
                || UnicodeSpaces.has(head)) {
            return true;
        }
        String lower = head.length() > 4096 ? head.substring(0, 4096) : head;
        lower = lower.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("<pre")
                || lower.contains("[code")
                || lower.contains("{code")
                || lower.contains("{noformat")) {
            return true;
        }
        int lines = 0;
        int quoted = 0;
        int headings = 0;
        for (String l : head.split("\n", 200)) {
            if (l.isBlank()) {
                continue;
            }
            lines++;
            if (l.startsWith(">")) {
                quoted++;
            }
            if (l.startsWith("# ")) {
                headings++;
            }
        }
        return lines > 0 && (quoted * 2 >= lines || headings > 0);
    }
}
