package io.lockdoc.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Listed so that {@code lockdoc --help} names the shell; {@code Main} starts the shell before the
 * one-shot commands are parsed, so this runs only when the CLI is entered another way.
 */
@Command(
        name = "shell",
        description = "An interactive, guided troubleshooting session (also: lockdoc without arguments);"
                + " type help inside it. Reads commands from a pipe too: lockdoc shell < script.txt")
final class ShellCommand implements Callable<Integer> {
    @Option(names = "--db", paramLabel = "JDBC-URL", description = "the database sessions are saved in")
    String db;

    @Option(names = "--resume", paramLabel = "SESSION-ID", description = "continue a saved session")
    String resume;

    @Override
    public Integer call() {
        List<String> args = new ArrayList<>();
        if (db != null) {
            args.addAll(List.of("--db", db));
        }
        if (resume != null) {
            args.addAll(List.of("--resume", resume));
        }
        return io.lockdoc.shell.ShellMain.run(args.toArray(String[]::new));
    }
}
