package io.lockdoc.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parses {@code --format} values case-insensitively, with a one-line error listing the choices. */
final class Formats {
    private Formats() {}

    static <E extends Enum<E>> E parse(String value, PrintStream err, E[] choices) {
        for (E e : choices) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        err.println("lockdoc: unknown format '" + Streams.t(value) + "'; choose one of: "
                + Arrays.stream(choices)
                        .map(e -> e.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", ")));
        return null;
    }
}
