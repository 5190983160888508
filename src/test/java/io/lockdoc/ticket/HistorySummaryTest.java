package io.lockdoc.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.model.Cause;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.Finding;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Seen-before from the summary tables gives what the full scan of the history gave. */
class HistorySummaryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Each reading is one second after the last, so every enrichment has its own time. */
    private static final class Ticking extends Clock {
        Instant now = T0;

        @Override
        public Instant instant() {
            now = now.plusSeconds(1);
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private String url;
    private Ticking clock;
    private History history;
    private Connection raw;

    @BeforeEach
    void open() throws Exception {
        url = "jdbc:h2:mem:history-summary-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        clock = new Ticking();
        history = History.open(url, clock);
        raw = DriverManager.getConnection(url, "sa", "");
    }

    @AfterEach
    void close() throws Exception {
        history.close();
        try (var s = raw.createStatement()) {
            s.execute("SHUTDOWN");
        }
        raw.close();
    }

    private static Finding finding(String key) {
        return Finding.builder(Cause.values()[0], "test")
                .signatureKey(key)
                .evidence(Evidence.of("a", 1, 1))
                .build();
    }

    private static String sig(String key) {
        return finding(key).getSignature();
    }

    private static Ticket ticket(String id) {
        return ticket(id, TicketShape.GENERIC);
    }

    private static Ticket ticket(String id, TicketShape source) {
        return new Ticket(id, source, "t", null, null, List.of());
    }

    private void record(String id, String... keys) throws Exception {
        record(ticket(id), keys);
    }

    private void record(Ticket t, String... keys) throws Exception {
        List<Finding> fs = new ArrayList<>();
        for (String k : keys) {
            fs.add(finding(k));
        }
        history.record(t, fs);
    }

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void aTicketEnrichedTwiceCountsOnceWithItsFirstAndLatestTimes() throws Exception {
        record("A", "lock1"); // t=1
        record("B", "lock1"); // t=2
        record("A", "lock1"); // t=3: webhook delivered twice
        record("C", "lock1", "lock2"); // t=4

        History.SeenSummary s = history.seenSummary(List.of(sig("lock1"), sig("lock2")), ticket("C"), 20);

        assertThat(s.count()).isEqualTo(2);
        assertThat(s.firstSeen()).isEqualTo(at(1));
        assertThat(s.lastSeen()).isEqualTo(at(3));
        assertThat(s.tickets()).extracting(History.Seen::ticketId).containsExactly("A", "B");
        assertThat(s.tickets().get(0).firstSeen()).isEqualTo(at(1));
        assertThat(s.tickets().get(0).lastSeen()).isEqualTo(at(3));
        // C has both signatures: counted once from A's side too
        assertThat(history.seenSummary(List.of(sig("lock1"), sig("lock2")), ticket("A"), 20)
                        .count())
                .isEqualTo(2);
    }

    @Test
    void aResolutionMovesTheTicketFirstAndAReEnrichmentWithOtherFindingsDropsIt() throws Exception {
        record("A", "lock1"); // t=1
        record("B", "lock1"); // t=2
        record("C", "lock1"); // t=3
        assertThat(history.resolve("A", null, "kb-a", "fixed")).isTrue();

        History.SeenSummary s = history.seenSummary(List.of(sig("lock1")), null, 2);
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.tickets()).extracting(History.Seen::ticketId).containsExactly("A", "C");
        assertThat(s.tickets().get(0).kbId()).isEqualTo("kb-a");
        assertThat(s.tickets().get(0).note()).isEqualTo("fixed");
        assertThat(s.tickets().get(1).kbId()).isNull();

        record("A", "lock2"); // t=4: the same ticket now shows another deadlock
        s = history.seenSummary(List.of(sig("lock1")), null, 20);
        assertThat(s.count()).isEqualTo(2);
        assertThat(s.firstSeen()).isEqualTo(at(2));
        assertThat(s.lastSeen()).isEqualTo(at(3));
        assertThat(s.tickets()).extracting(History.Seen::ticketId).containsExactly("C", "B");
        assertThat(history.seenSummary(List.of(sig("lock2")), ticket("B"), 20).tickets())
                .singleElement()
                .satisfies(t -> {
                    assertThat(t.ticketId()).isEqualTo("A");
                    assertThat(t.kbId()).isEqualTo("kb-a");
                    assertThat(t.firstSeen()).isEqualTo(at(1));
                });

        record("A"); // t=5: nothing found any more
        assertThat(history.seenSummary(List.of(sig("lock2")), null, 20))
                .isEqualTo(new History.SeenSummary(0, null, null, List.of()));
    }

    @Test
    void theSameTicketIdFromTwoSystemsIsTwoTickets() throws Exception {
        record(ticket("7", TicketShape.JIRA), "lock1");
        record(ticket("7", TicketShape.ZENDESK), "lock1");

        History.SeenSummary s = history.seenSummary(List.of(sig("lock1")), ticket("7", TicketShape.JIRA), 20);

        assertThat(s.count()).isEqualTo(1);
        assertThat(s.tickets()).extracting(History.Seen::source).containsExactly("zendesk");
    }

    @Test
    void aHistoryWrittenBeforeTheSummaryTablesIsCarriedOver() throws Exception {
        backfill("jdbc:h2:mem:history-backfill-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "h2");
    }

    /** Rows as the schema before V6 held them; after migrating, the summaries agree with the full scan and with Java's set keys. */
    static void backfill(String url, String vendor) throws Exception {
        Flyway.configure()
                .dataSource(url, "sa", "")
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
                .target(vendor.equals("h2") ? "5" : "4")
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            String[][] rows = {
                {"generic", "A", "k1"}, {"generic", "A", "k2"}, {"jira", "A", "k1"}, {"generic", "B", "k2"},
                {"generic", "B", "k1"}, {"generic", "B", "k1"}, {"zendesk", "C", "k3"}, {"generic", "D", null}
            };
            int second = 0;
            for (String[] r : rows) {
                second++;
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO ticket (source, ticket_id, title, first_enriched, last_enriched, enrichments)"
                                + " SELECT ?, ?, 't', ?, ?, 1 WHERE NOT EXISTS (SELECT 1 FROM ticket WHERE source = ? AND ticket_id = ?)")) {
                    ps.setString(1, r[0]);
                    ps.setString(2, r[1]);
                    ps.setTimestamp(3, Timestamp.from(at(second)));
                    ps.setTimestamp(4, Timestamp.from(at(second + 100)));
                    ps.setString(5, r[0]);
                    ps.setString(6, r[1]);
                    ps.executeUpdate();
                }
                if (r[2] != null) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO ticket_finding (source, ticket_id, ord, signature, cause, confidence) VALUES (?,?,?,?,'x',0.5)")) {
                        ps.setString(1, r[0]);
                        ps.setString(2, r[1]);
                        ps.setInt(3, second);
                        ps.setString(4, sig(r[2]));
                        ps.executeUpdate();
                    }
                }
            }
            try (var st = c.createStatement()) {
                st.executeUpdate("INSERT INTO ticket_resolution (source, ticket_id, kb_id, note, resolved_at)"
                        + " VALUES ('generic', 'B', 'kb-b', NULL, TIMESTAMP '2026-01-02 00:00:00')");
            }
            Ticking clock = new Ticking();
            clock.now = at(1000);
            try (History h = History.open(url, clock)) {
                for (List<String> asked : List.of(
                        List.of(sig("k1")), List.of(sig("k2")), List.of(sig("k1"), sig("k3")), List.of(sig("k3")))) {
                    assertThat(h.seenSummary(asked, ticket("A"), 20)).isEqualTo(fullScan(c, asked, ticket("A"), 20));
                }
                assertThat(h.seenSummary(List.of(sig("k1")), null, 20).tickets())
                        .extracting(History.Seen::ticketId, History.Seen::kbId)
                        .containsExactly(
                                org.assertj.core.groups.Tuple.tuple("B", "kb-b"),
                                org.assertj.core.groups.Tuple.tuple("A", null),
                                org.assertj.core.groups.Tuple.tuple("A", null));

                // E has the set {k1, k2} that A and B had before V6: the key V7 computed is the one Java computes
                h.record(ticket("E"), List.of(finding("k2"), finding("k1")));
                try (var st = c.createStatement();
                        ResultSet rs =
                                st.executeQuery("SELECT COUNT(*), SUM(tickets), MAX(tickets) FROM signature_set")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(3); // {k1,k2}, {k1}, {k3}
                    assertThat(rs.getInt(2)).isEqualTo(5);
                    assertThat(rs.getInt(3)).isEqualTo(3);
                }
            }
        }
    }

    @Test
    void randomHistoriesGiveWhatTheFullScanGives() throws Exception {
        Random r = new Random(42);
        String[] keys = {"k0", "k1", "k2", "k3", "k4", "k5"};
        TicketShape[] sources = {TicketShape.GENERIC, TicketShape.JIRA};
        for (int op = 0; op < 400; op++) {
            Ticket t = ticket("T" + r.nextInt(30), sources[r.nextInt(2)]);
            if (r.nextInt(6) == 0) {
                history.resolve(
                        t.id(),
                        r.nextBoolean() ? null : t.source().id(),
                        r.nextBoolean() ? null : "kb" + r.nextInt(3),
                        r.nextBoolean() ? null : "note " + op);
            } else {
                String[] ks = new String[r.nextInt(4)];
                for (int i = 0; i < ks.length; i++) {
                    ks[i] = keys[r.nextInt(keys.length)];
                }
                record(t, ks);
            }
            List<String> asked = new ArrayList<>();
            for (int i = 1 + r.nextInt(3); i > 0; i--) {
                asked.add(sig(keys[r.nextInt(keys.length)]));
            }
            Ticket except = r.nextInt(4) == 0 ? null : ticket("T" + r.nextInt(30), sources[r.nextInt(2)]);
            int limit = 1 + r.nextInt(5);
            assertThat(history.seenSummary(asked, except, limit))
                    .as("operation %d", op)
                    .isEqualTo(fullScan(asked, except, limit));
        }
    }

    /** The query seenSummary ran before the summary tables: every matching finding joined and grouped. */
    private History.SeenSummary fullScan(List<String> signatures, Ticket except, int limit) throws Exception {
        return fullScan(raw, signatures, except, limit);
    }

    static History.SeenSummary fullScan(Connection raw, List<String> signatures, Ticket except, int limit)
            throws Exception {
        String in = String.join(",", Collections.nCopies(signatures.size(), "?"));
        String from = " FROM ticket_finding f JOIN ticket t ON t.source = f.source AND t.ticket_id = f.ticket_id"
                + " LEFT JOIN ticket_resolution r ON r.source = t.source AND r.ticket_id = t.ticket_id"
                + " WHERE f.signature IN (" + in + ") AND NOT (t.source = ? AND t.ticket_id = ?)";
        int count;
        Instant first;
        Instant last;
        try (PreparedStatement ps = raw.prepareStatement(
                "SELECT COUNT(DISTINCT t.source || '/' || t.ticket_id), MIN(t.first_enriched), MAX(t.last_enriched)"
                        + from)) {
            bind(ps, signatures, except);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                count = rs.getInt(1);
                first = instant(rs.getTimestamp(2));
                last = instant(rs.getTimestamp(3));
            }
        }
        List<History.Seen> list = new ArrayList<>();
        try (PreparedStatement ps = raw.prepareStatement(
                "SELECT t.source, t.ticket_id, MIN(f.signature), t.first_enriched, t.last_enriched, r.kb_id, r.note"
                        + from
                        + " GROUP BY t.source, t.ticket_id, t.first_enriched, t.last_enriched, r.kb_id, r.note"
                        + " ORDER BY CASE WHEN r.kb_id IS NULL AND r.note IS NULL THEN 1 ELSE 0 END, t.last_enriched DESC, t.ticket_id"
                        + " FETCH FIRST " + limit + " ROWS ONLY")) {
            bind(ps, signatures, except);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new History.Seen(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            instant(rs.getTimestamp(4)),
                            instant(rs.getTimestamp(5)),
                            rs.getString(6),
                            rs.getString(7)));
                }
            }
        }
        return count == 0
                ? new History.SeenSummary(0, null, null, List.of())
                : new History.SeenSummary(count, first, last, list);
    }

    private static void bind(PreparedStatement ps, List<String> signatures, Ticket except) throws Exception {
        int i = 0;
        for (String s : signatures) {
            ps.setString(++i, s);
        }
        ps.setString(++i, except == null ? "" : except.source().id());
        ps.setString(++i, except == null ? "" : except.id());
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
