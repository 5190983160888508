package io.lockdoc.cli;

import io.lockdoc.kb.KnowledgeBase;
import io.lockdoc.mcp.Lockdoc;
import io.lockdoc.mcp.McpServerMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lockdoc mcp}: the MCP server; only this command loads the MCP SDK (io.lockdoc.mcp). */
@Command(
        name = "mcp",
        description = "Serve lockdoc's analysis to AI assistants: a Model Context Protocol server over stdio.",
        mixinStandardHelpOptions = true)
final class McpCommand implements Callable<Integer> {
    @Option(
            names = "--root",
            paramLabel = "DIR",
            description =
                    "a folder whose files and subfolders tools may read by path (repeatable; none: paths refused)")
    List<Path> roots = new ArrayList<>();

    @Option(names = "--rules", description = "a folder of .drl packs added to (or overriding) the packaged rules")
    Path rules;

    @Option(names = "--kb", description = "a folder of knowledge-base articles used instead of the packaged ones")
    Path kb;

    @Option(names = "--db", description = "JDBC URL of the database (default: $LOCKDOC_DB or an H2 file in ~/.lockdoc)")
    String db;

    private final Streams io;

    McpCommand(Streams io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        for (Path r : roots) {
            if (!java.nio.file.Files.isDirectory(r)) {
                io.err().println("lockdoc: --root " + Streams.t(r.toString()) + " is not a folder");
                return ExitCode.USAGE.code();
            }
        }
        var ruleBase = CommandSetup.rules(rules);
        try (KnowledgeBase base = CommandSetup.knowledgeBase(db, CommandSetup.articles(kb), io.err())) {
            String history = CommandSetup.historyUrl(db, io.err());
            McpServerMain.serve(new Lockdoc(ruleBase, base, history), roots, io.in(), io.out(), io.err());
        }
        return ExitCode.NO_FINDING.code();
    }
}
