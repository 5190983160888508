package io.lockdoc.paste;

import java.util.ArrayList;
import java.util.List;

/**
 * Lines of a paste as a step left them, each with the line of the original text it came from
 * (1-based), so evidence found in the normalised text still points at what the user pasted.
 */
public final class PasteText {
    private final List<String> lines;
    private final int[] origin;

    PasteText(List<String> lines, int[] origin) {
        this.lines = lines;
        this.origin = origin;
    }

    /** The original lines, each its own origin. */
    public static PasteText of(List<String> lines) {
        int[] origin = new int[lines.size()];
        for (int i = 0; i < origin.length; i++) {
            origin[i] = i + 1;
        }
        return new PasteText(List.copyOf(lines), origin);
    }

    public List<String> lines() {
        return lines;
    }

    /** The original line number of normalised line {@code index} (0-based). */
    public int origin(int index) {
        return origin[index];
    }

    /** Original line numbers, one per normalised line. */
    public int[] origins() {
        return origin.clone();
    }

    /** Lines {@code from} (inclusive) to {@code to} (exclusive), with their origins. */
    public PasteText slice(int from, int to) {
        return new PasteText(List.copyOf(lines.subList(from, to)), java.util.Arrays.copyOfRange(origin, from, to));
    }

    /** The same lines, each replaced by what {@code change} makes of it (one line in, one out). */
    PasteText map(java.util.function.UnaryOperator<String> change) {
        List<String> out = new ArrayList<>(lines.size());
        boolean changed = false;
        for (String l : lines) {
            String c = change.apply(l);
            changed |= !c.equals(l);
            out.add(c);
        }
        return changed ? new PasteText(out, origin) : this;
    }

    /** Collects lines with their origins, for steps that split or join lines. */
    static final class Builder {
        private final List<String> lines = new ArrayList<>();
        private int[] origin = new int[16];

        void add(String line, int from) {
            if (lines.size() == origin.length) {
                origin = java.util.Arrays.copyOf(origin, origin.length * 2);
            }
            origin[lines.size()] = from;
            lines.add(line);
        }

        PasteText build() {
            return new PasteText(lines, java.util.Arrays.copyOf(origin, lines.size()));
        }
    }
}
