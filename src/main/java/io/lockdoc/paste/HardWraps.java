package io.lockdoc.paste;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Log lines a mail client folded at 72 or 80 columns, or a terminal cut at its width: the piece
 * without the log's line prefix is joined back to the line it was cut from. Applies only when most
 * lines carry a prefix, none is longer than the wrap width and several end near it, so a clean
 * log, whose lines run to any length, is left alone.
 */
final class HardWraps implements PasteStep {
    /** Where a log record starts: the kernel's {@code [  12.345678]}, syslog's month, an ISO time, {@code <6>}. */
    private static final Pattern RECORD_START = Pattern.compile("(?:<\\d>)?\\[\\s*\\d+\\.\\d+\\]"
            + "|[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d "
            + "|\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d");

    private static final int MIN_WIDTH = 60;
    private static final int MAX_WIDTH = 160;
    /** A word wrap breaks before the word that would not fit: at most this many columns short. */
    private static final int SLACK = 24;

    @Override
    public String name() {
        return "hard wraps";
    }

    @Override
    public boolean decisive() {
        return true;
    }

    @Override
    public PasteText apply(PasteText text) {
        List<String> lines = text.lines();
        int width = wrapWidth(lines);
        if (width == 0) {
            return text;
        }
        PasteText.Builder out = new PasteText.Builder();
        StringBuilder joined = null;
        int joinedOrigin = 0;
        int lastPieceLength = 0;
        boolean changed = false;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            boolean record = isRecord(l);
            if (joined != null && lastPieceLength >= width - SLACK && isPiece(l, record)) {
                boolean cutInWord = lastPieceLength == width && !endsWithSpace(joined);
                if (!endsWithSpace(joined) && !cutInWord) {
                    joined.append(' ');
                }
                joined.append(l);
                lastPieceLength = l.length();
                changed = true;
                continue;
            }
            if (joined != null) {
                out.add(joined.toString(), joinedOrigin);
            }
            joined = new StringBuilder(l);
            joinedOrigin = text.origin(i);
            lastPieceLength = record ? l.length() : 0;
        }
        if (joined != null) {
            out.add(joined.toString(), joinedOrigin);
        }
        return changed ? out.build() : text;
    }

    private static boolean isRecord(String l) {
        return RECORD_START.matcher(l).lookingAt();
    }

    /** A line that can be the rest of a cut one: text at column 0 that starts no record of its own. */
    private static boolean isPiece(String l, boolean record) {
        return !record && !l.isBlank() && !Character.isWhitespace(l.charAt(0));
    }

    /** Cheap test on a file's head before its lines are split: some line ends past the widest wrap seen. */
    static boolean tooWideToBeWrapped(String head) {
        int start = 0;
        for (int i = 0; i <= head.length(); i++) {
            if (i == head.length() || head.charAt(i) == '\n') {
                if (i - start > MAX_WIDTH) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    private static boolean endsWithSpace(StringBuilder b) {
        return b.length() > 0 && b.charAt(b.length() - 1) == ' ';
    }

    /**
     * The column the text was wrapped at, or 0 when it does not look wrapped: most non-blank lines
     * start a record, no line is longer than the widest record line, and at least three reach
     * within a few columns of it while some piece follows a line without a prefix of its own.
     */
    static int wrapWidth(List<String> lines) {
        int nonBlank = 0;
        int records = 0;
        int width = 0;
        boolean[] record = new boolean[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isBlank()) {
                continue;
            }
            nonBlank++;
            record[i] = isRecord(l);
            if (record[i]) {
                records++;
            }
            width = Math.max(width, l.length());
        }
        if (nonBlank < 5 || records * 2 < nonBlank || width < MIN_WIDTH || width > MAX_WIDTH) {
            return 0;
        }
        int nearWidth = 0;
        int pieces = 0;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.length() >= width - 4) {
                nearWidth++;
            }
            if (i > 0 && record[i - 1] && lines.get(i - 1).length() >= width - SLACK && isPiece(l, record[i])) {
                pieces++;
            }
        }
        return nearWidth >= 3 && pieces >= 1 ? width : 0;
    }
}
