package io.lockdoc.ticket;

import io.lockdoc.model.Cause;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.Finding;
import java.time.Clock;
import java.util.List;

/**
 * A writer process for the concurrency tests: records tickets {@code PREFIX0 .. PREFIX(N-1)} into
 * the history at URL (or the default one, {@code home}) through the History API, prints how many it stored and exits as lockdoc does.
 */
public final class HistoryWriter {
    private HistoryWriter() {}

    public static void main(String[] args) throws Exception {
        // "home": the default database under user.home, as lockdoc opens it without --db
        String url = args[0].equals("home") ? io.lockdoc.cli.CommandSetup.databaseUrl(null, System.err) : args[0];
        String prefix = args[1];
        int n = Integer.parseInt(args[2]);
        List<Finding> findings = List.of(Finding.builder(Cause.LOCK_ORDER_INVERSION, "stress")
                .signatureKey("stress")
                .evidence(new Evidence("stress", 1, 1, List.of()))
                .build());
        int stored = 0;
        try (History h = History.open(url, Clock.systemUTC())) {
            for (int i = 0; i < n; i++) {
                h.record(new Ticket(prefix + i, TicketShape.GENERIC, "t", null, null, List.of()), findings);
                stored++;
            }
        } finally {
            System.out.println("stored " + stored);
        }
        System.exit(0);
    }
}
