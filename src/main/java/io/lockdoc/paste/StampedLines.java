package io.lockdoc.paste;

import java.util.regex.Pattern;

/**
 * A prefix a program put before nearly every line (a CI runner's or a terminal logger's time):
 * taken off only when it stamps at least four lines in five, since a journal's own times look alike.
 */
final class StampedLines implements PasteStep {
    /**
     * GitHub Actions, GitLab, Jenkins' timestamper: {@code 2024-01-31T12:34:56.1234567Z }, {@code
     * [2024-01-31T12:34:56.123Z] }.
     */
    static final StampedLines CI = new StampedLines(
            "CI timestamps",
            "^\\[?\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?(?:Z|[+-]\\d\\d:?\\d\\d)\\]?(?: \\d\\d[OE]\\+? )? ?");

    /**
     * minicom, PuTTY, SecureCRT, a harness: {@code [2021/07/05, 13:43:52.334] }, {@code [13:43:52.334] };
     * the kernel's own {@code [  12.345678]} is not one of them.
     */
    static final StampedLines TERMINAL = new StampedLines(
            "terminal timestamps", "^\\[(?:\\d{4}[/-]\\d\\d[/-]\\d\\d,? )?\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d{1,6})?\\] ?");

    private final String name;
    private final Pattern stamp;

    private StampedLines(String name, String stamp) {
        this.name = name;
        this.stamp = Pattern.compile(stamp);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PasteText apply(PasteText text) {
        int stamped = 0;
        int nonBlank = 0;
        for (String l : text.lines()) {
            if (!l.isBlank()) {
                nonBlank++;
                if (stamp.matcher(l).lookingAt()) {
                    stamped++;
                }
            }
        }
        if (nonBlank == 0 || stamped * 10 < nonBlank * 8) {
            return text;
        }
        return text.map(l -> stamp.matcher(l).replaceFirst(""));
    }
}
