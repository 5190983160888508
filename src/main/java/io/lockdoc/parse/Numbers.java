package io.lockdoc.parse;

import io.lockdoc.model.Problem;

/** What a parser reports for a number in its input that does not fit (a pid of 60 digits). */
public final class Numbers {
    private Numbers() {}

    /** One line: where, and the number cut to a readable length. */
    public static Problem outOfRange(String artifact, int line, NumberFormatException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().replace('\n', ' ');
        if (m.length() > 120) {
            m = m.substring(0, 120) + "...";
        }
        return new Problem(
                Problem.ErrorId.UNKNOWN_FORMAT,
                artifact,
                line,
                "a number out of range or malformed (" + m + "); the line is skipped");
    }
}
