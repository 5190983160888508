package io.lockdoc.paste;

import java.util.regex.Pattern;

/**
 * The wall-clock time a terminal program or a serial-console logger (minicom, PuTTY, SecureCRT,
 * a harness) put before every line: {@code [2021/07/05, 13:43:52.334] }, {@code [2021-07-05
 * 13:43:52] }, {@code [13:43:52.334] }. The kernel's own {@code [  12.345678]} is not one of them.
 */
final class TerminalStamps implements PasteStep {
    private static final Pattern STAMP =
            Pattern.compile("^\\[(?:\\d{4}[/-]\\d\\d[/-]\\d\\d,? )?\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d{1,6})?\\] ?");

    @Override
    public String name() {
        return "terminal timestamps";
    }

    @Override
    public PasteText apply(PasteText text) {
        int stamped = 0;
        int nonBlank = 0;
        for (String l : text.lines()) {
            if (!l.isBlank()) {
                nonBlank++;
                if (l.startsWith("[") && STAMP.matcher(l).lookingAt()) {
                    stamped++;
                }
            }
        }
        if (nonBlank == 0 || stamped * 10 < nonBlank * 8) {
            return text;
        }
        return text.map(l -> STAMP.matcher(l).replaceFirst(""));
    }
}
