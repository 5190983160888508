package io.lockdoc.cli;

import io.lockdoc.ticket.History;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "history",
        description =
                "Show the tickets that had a signature (or the same signatures as a ticket), with their resolutions.",
        mixinStandardHelpOptions = true)
final class HistoryCommand implements Callable<Integer> {
    @Parameters(
            paramLabel = "SIGNATURE",
            arity = "0..1",
            description = "a finding signature, e.g. v1:lock-order-inversion:466ae3c1cd1f")
    String signature;

    @Option(names = "--ticket", description = "the signatures of this ticket instead")
    String ticket;

    @Option(names = "--db", description = "JDBC URL of the database")
    String db;

    private final Streams io;

    HistoryCommand(Streams io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        if ((signature == null) == (ticket == null)) {
            io.err().println("lockdoc: give a SIGNATURE or --ticket ID");
            return ExitCode.USAGE.code();
        }
        String url = CommandSetup.historyUrl(db, io.err());
        if (url == null) {
            return ExitCode.INTERNAL.code(); // the same code as any other database failure
        }
        try (History h = History.open(url, Clock.systemUTC())) {
            var sigs = signature != null ? java.util.List.of(signature) : h.signatures(ticket, null);
            if (sigs.isEmpty()) {
                io.err().println("lockdoc: ticket " + Streams.t(ticket) + " has no recorded findings");
                return ExitCode.NO_FINDING.code();
            }
            for (String s : sigs) {
                var seen = h.seenBefore(s, null).stream()
                        .filter(x -> ticket == null || !x.ticketId().equals(ticket))
                        .toList();
                io.out().println(Streams.t(s) + ": " + seen.size() + " other ticket(s)");
                for (var x : seen) {
                    io.out()
                            .println("  " + Streams.t(x.source()) + " " + Streams.t(x.ticketId()) + "  first "
                                    + x.firstSeen() + "  last " + x.lastSeen()
                                    + (x.kbId() == null ? "" : "  fixed with " + Streams.t(x.kbId()))
                                    + (x.note() == null ? "" : ": " + Streams.t(x.note())));
                }
            }
            return 0;
        }
    }
}
