package io.lockdoc.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** The standard streams, passed in so that tests run commands in-process. */
record Streams(InputStream in, PrintStream out, PrintStream err) {
    /** A value from the input, a database or the command line, as a terminal may show it (control characters visible). */
    static String t(Object o) {
        return io.lockdoc.escape.Terminal.escape(String.valueOf(o));
    }

    /** Text of several lines: each line escaped, the line ends kept. */
    static String lines(String s) {
        return String.join(
                "\n", java.util.Arrays.stream(s.split("\n", -1)).map(Streams::t).toList());
    }

    static Streams system() {
        return new Streams(System.in, System.out, System.err);
    }
}
