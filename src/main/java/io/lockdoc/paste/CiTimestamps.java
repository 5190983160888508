package io.lockdoc.paste;

import java.util.regex.Pattern;

/**
 * The time a CI runner (GitHub Actions, GitLab, Jenkins' timestamper) put before every line of a
 * job log: {@code 2024-01-31T12:34:56.1234567Z }, {@code [2024-01-31T12:34:56.123Z] }.
 */
final class CiTimestamps implements PasteStep {
    private static final Pattern STAMP = Pattern.compile(
            "^\\[?\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?(?:Z|[+-]\\d\\d:?\\d\\d)\\]?(?: \\d\\d[OE]\\+? )? ?");

    @Override
    public String name() {
        return "CI timestamps";
    }

    @Override
    public PasteText apply(PasteText text) {
        int stamped = 0;
        int nonBlank = 0;
        for (String l : text.lines()) {
            if (!l.isBlank()) {
                nonBlank++;
                if (STAMP.matcher(l).lookingAt()) {
                    stamped++;
                }
            }
        }
        // a journal in short-iso shape has such a time too, followed by a host: only a runner stamps nearly every line
        if (nonBlank == 0 || stamped * 10 < nonBlank * 8) {
            return text;
        }
        return text.map(l -> STAMP.matcher(l).replaceFirst(""));
    }
}
