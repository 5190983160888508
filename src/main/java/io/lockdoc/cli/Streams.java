package io.lockdoc.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** The standard streams, passed in so that tests run commands in-process. */
record Streams(InputStream in, PrintStream out, PrintStream err) {
    static Streams system() {
        return new Streams(System.in, System.out, System.err);
    }
}
