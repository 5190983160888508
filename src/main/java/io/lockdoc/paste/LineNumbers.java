package io.lockdoc.paste;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Line numbers a viewer or an editor put before every line ({@code  12 | text}, {@code 12:\ttext}): taken
 * off only when they count up one per line on at least nine lines in ten, so a table's first column
 * (pids) or {@code /proc/locks}' own ids, which repeat for waiters, stay.
 */
final class LineNumbers implements PasteStep {
    private static final Pattern NUMBER = Pattern.compile("^\\s{0,6}(\\d{1,6})(?:\\s?[|:]\\s?|\\t)");
    private static final Pattern PROC_LOCKS = Pattern.compile("^(?:-> )?(?:POSIX|FLOCK|OFDLCK|LEASE|DELEG|ACCESS)\\b");

    @Override
    public String name() {
        return "line numbers";
    }

    @Override
    public PasteText apply(PasteText text) {
        int nonBlank = 0;
        int counted = 0;
        Integer offset = null;
        for (int i = 0; i < text.lines().size(); i++) {
            if (text.lines().get(i).isBlank()) {
                continue;
            }
            nonBlank++;
            Matcher m = NUMBER.matcher(text.lines().get(i));
            if (!m.lookingAt()) {
                continue;
            }
            if (PROC_LOCKS.matcher(text.lines().get(i).substring(m.end())).lookingAt()) {
                return text;
            }
            int off = Integer.parseInt(m.group(1)) - i;
            if (offset == null) {
                offset = off;
            }
            if (off == offset) {
                counted++;
            }
        }
        if (nonBlank < 3 || counted * 10 < nonBlank * 9) {
            return text;
        }
        int base = offset;
        int[] index = {0};
        return text.map(l -> {
            int i = index[0]++;
            Matcher m = NUMBER.matcher(l);
            return m.lookingAt() && Integer.parseInt(m.group(1)) - i == base ? l.substring(m.end()) : l;
        });
    }
}
