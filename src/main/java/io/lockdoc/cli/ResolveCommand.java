package io.lockdoc.cli;

import io.lockdoc.ticket.History;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "resolve",
        description = "Record how a ticket was fixed, so the next ticket with the same signature says so.",
        mixinStandardHelpOptions = true)
final class ResolveCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TICKET")
    String ticket;

    @Option(names = "--kb", description = "the knowledge-base article that fixed it")
    String kb;

    @Option(names = "--note", description = "what was done")
    String note;

    @Option(
            names = "--source",
            description = "generic, jira, servicenow or zendesk, when the same id exists in several")
    String source;

    @Option(names = "--db", description = "JDBC URL of the database")
    String db;

    private final Streams io;

    ResolveCommand(Streams io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        if (kb == null && note == null) {
            io.err().println("lockdoc: say how it was fixed: --kb ID and/or --note TEXT");
            return ExitCode.USAGE.code();
        }
        String url = CommandSetup.historyUrl(db, io.err());
        if (url == null) {
            return ExitCode.INTERNAL.code(); // the same code as any other database failure
        }
        try (History h = History.open(url, Clock.systemUTC())) {
            if (!h.resolve(ticket, source, kb, note)) {
                io.err().println("lockdoc: ticket " + Streams.t(ticket) + " was never enriched; nothing to resolve");
                return ExitCode.USAGE.code();
            }
            io.out().println("recorded: " + Streams.t(ticket) + (kb == null ? "" : " fixed with " + Streams.t(kb)));
            return 0;
        }
    }
}
