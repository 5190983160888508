package io.lockdoc.parse.linux.proc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table whose columns are found from its header line, as {@code ps}, {@code top} and
 * {@code lslocks} print them: numbers are right-aligned under their header, text is
 * left-aligned, and a text value may contain spaces. A row token belongs to the column it is
 * aligned with (on either edge); a token aligned with none continues the text before it; the last
 * column takes the rest of the line. Columns whose value is blank stay null.
 */
final class AlignedTable {
    /** Columns whose values may contain spaces (a thread name such as {@code GC Thread#0}, a command line). */
    private static final java.util.Set<String> SPACED = java.util.Set.of("COMMAND", "CMD", "COMM", "ARGS", "PATH");

    private final List<String> names = new ArrayList<>();
    private final List<int[]> spans = new ArrayList<>();

    private final boolean raw;

    AlignedTable(String header) {
        raw = !header.strip().contains("  ") && !header.startsWith(" ");
        int i = 0;
        while (i < header.length()) {
            while (i < header.length() && header.charAt(i) == ' ') {
                i++;
            }
            int s = i;
            while (i < header.length() && header.charAt(i) != ' ') {
                i++;
            }
            if (i > s) {
                names.add(header.substring(s, i).toUpperCase(Locale.ROOT));
                spans.add(new int[] {s, i});
            }
        }
    }

    List<String> names() {
        return names;
    }

    int index(String... candidates) {
        for (String c : candidates) {
            int i = names.indexOf(c);
            if (i >= 0) {
                return i;
            }
        }
        return -1;
    }

    int lastIndex(String... candidates) {
        int best = -1;
        for (String c : candidates) {
            best = Math.max(best, names.lastIndexOf(c));
        }
        return best;
    }

    /** The row's values by column; null where blank. Returns null when the row has fewer anchored columns than half the header (cut line). */
    String[] split(String row) {
        if (raw) {
            // --raw output: one space between fields, an empty field is an empty string
            String[] f = row.split(" ", -1);
            if (f.length >= names.size()) {
                String[] out = new String[names.size()];
                for (int c = 0; c < out.length; c++) {
                    out[c] = f[c].isEmpty() ? null : f[c];
                }
                if (f.length > names.size()) {
                    out[out.length - 1] = String.join(" ", java.util.Arrays.copyOfRange(f, out.length - 1, f.length));
                }
                return out;
            }
        }
        String[] out = new String[names.size()];
        int last = names.size() - 1;
        int current = -1;
        int i = 0;
        int anchored = 0;
        while (i < row.length()) {
            while (i < row.length() && row.charAt(i) == ' ') {
                i++;
            }
            if (i >= row.length()) {
                break;
            }
            int s = i;
            while (i < row.length() && row.charAt(i) != ' ') {
                i++;
            }
            String token = row.substring(s, i);
            int col = anchor(s, i, current);
            if (col < 0) {
                if (current >= 0 && out[current] != null && SPACED.contains(names.get(current))) {
                    out[current] = out[current] + row.substring(s - gap(row, s), i);
                    continue;
                }
                col = nearest(s, i, current);
            }
            if (col < 0) {
                continue;
            }
            anchored++;
            current = col;
            if (col == last) {
                out[col] = row.substring(s).strip();
                break;
            }
            out[col] = token;
        }
        return anchored * 2 < names.size() ? null : out;
    }

    private static int gap(String row, int s) {
        int g = 0;
        while (s - g - 1 >= 0 && row.charAt(s - g - 1) == ' ') {
            g++;
        }
        return g;
    }

    /** A column after {@code current} whose header starts where the token starts or ends where it ends. */
    private int anchor(int s, int e, int current) {
        for (int c = current + 1; c < names.size(); c++) {
            int[] sp = spans.get(c);
            if (sp[0] == s || sp[1] == e) {
                return c;
            }
            if (sp[0] > e) {
                break;
            }
        }
        return -1;
    }

    /** A value wider than its header: the next column whose header overlaps or lies closest. */
    private int nearest(int s, int e, int current) {
        int best = -1;
        int bestDist = Integer.MAX_VALUE;
        for (int c = current + 1; c < names.size(); c++) {
            int[] sp = spans.get(c);
            int dist = e < sp[0] ? sp[0] - e : (s > sp[1] ? s - sp[1] : 0);
            if (dist < bestDist) {
                bestDist = dist;
                best = c;
            }
        }
        return best;
    }
}
