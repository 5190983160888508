package io.lockdoc;

import io.lockdoc.cli.Cli;

/** Entry point of the {@code lockdoc} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("shell")) {
            // only the interactive shell boots Spring; one-shot commands stay fast
            String[] rest = args.length == 0 ? args : java.util.Arrays.copyOfRange(args, 1, args.length);
            System.exit(io.lockdoc.shell.ShellMain.run(rest));
        }
        System.exit(Cli.run(args));
    }
}
