package io.lockdoc;

import io.lockdoc.cli.Cli;

/** Entry point of the {@code lockdoc} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(Cli.run(args));
    }
}
