package io.lockdoc.ticket;

import io.lockdoc.kb.Database;
import io.lockdoc.model.Finding;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every enrichment, by ticket and signature, in the same database as the knowledge base (H2 by
 * default, PostgreSQL by URL). Each write is one transaction: a ticket enriched again replaces its
 * findings and keeps its first-seen time; a webhook delivered twice leaves one row.
 */
public final class History implements AutoCloseable {
    private final Database.Link link;
    private final Clock clock;

    private History(Database.Link link, Clock clock) {
        this.link = link;
        this.clock = clock;
    }

    public static History open(String url, Clock clock) throws SQLException {
        // connect first: an in-memory database without DB_CLOSE_DELAY lives only while a connection does
        Database.Link link = new Database.Link(url);
        try {
            io.lockdoc.kb.KnowledgeBase.migrate(url);
        } catch (SQLException e) {
            link.close();
            throw e;
        }
        return new History(link, clock);
    }

    /** Another ticket with the same signature, and how it was resolved if it was. */
    public record Seen(
            String source,
            String ticketId,
            String signature,
            Instant firstSeen,
            Instant lastSeen,
            String kbId,
            String note) {}

    public record Resolution(String kbId, String note, Instant at) {}

    public synchronized void record(Ticket t, List<Finding> findings) throws SQLException {
        link.call(c -> {
            Instant now = clock.instant();
            c.setAutoCommit(false);
            try {
                int updated;
                try (PreparedStatement u = c.prepareStatement(
                        "UPDATE ticket SET title = ?, last_enriched = ?, enrichments = enrichments + 1 WHERE source = ? AND ticket_id = ?")) {
                    u.setString(1, truncate(t.title(), 1000));
                    u.setTimestamp(2, Timestamp.from(now));
                    u.setString(3, t.source().id());
                    u.setString(4, t.id());
                    updated = u.executeUpdate();
                }
                if (updated == 0) {
                    try (PreparedStatement i = c.prepareStatement(
                            "INSERT INTO ticket (source, ticket_id, title, first_enriched, last_enriched, enrichments) VALUES (?,?,?,?,?,1)")) {
                        i.setString(1, t.source().id());
                        i.setString(2, t.id());
                        i.setString(3, truncate(t.title(), 1000));
                        i.setTimestamp(4, Timestamp.from(now));
                        i.setTimestamp(5, Timestamp.from(now));
                        i.executeUpdate();
                    }
                }
                try (PreparedStatement d =
                        c.prepareStatement("DELETE FROM ticket_finding WHERE source = ? AND ticket_id = ?")) {
                    d.setString(1, t.source().id());
                    d.setString(2, t.id());
                    d.executeUpdate();
                }
                try (PreparedStatement i = c.prepareStatement(
                        "INSERT INTO ticket_finding (source, ticket_id, ord, signature, cause, confidence, culprit) VALUES (?,?,?,?,?,?,?)")) {
                    int ord = 0;
                    for (Finding f : findings) {
                        i.setString(1, t.source().id());
                        i.setString(2, t.id());
                        i.setInt(3, ++ord);
                        i.setString(4, f.getSignature());
                        i.setString(5, f.getCause().id());
                        i.setDouble(6, f.getConfidence());
                        i.setString(
                                7,
                                f.getCulprit() == null
                                        ? null
                                        : truncate(f.getCulprit().function(), 500));
                        i.addBatch();
                    }
                    i.executeBatch();
                }
                c.commit();
            } catch (SQLException e) {
                throw undo(c, e);
            }
            c.setAutoCommit(true);
            return null;
        });
    }

    /** How many other tickets share any of the signatures, when first and last seen, and a bounded list of them. */
    public record SeenSummary(int count, Instant firstSeen, Instant lastSeen, List<Seen> tickets) {}

    /**
     * Other tickets with any of {@code signatures}: the totals over all of them, and at most
     * {@code limit} listed, resolved ones first (they carry the fix), then the most recent. A help
     * desk that has seen a deadlock a thousand times still gets a note of readable size.
     */
    public SeenSummary seenSummary(List<String> signatures, Ticket except, int limit) throws SQLException {
        if (signatures.isEmpty()) {
            return new SeenSummary(0, null, null, List.of());
        }
        String in = String.join(",", java.util.Collections.nCopies(signatures.size(), "?"));
        String from = " FROM ticket_finding f JOIN ticket t ON t.source = f.source AND t.ticket_id = f.ticket_id"
                + " WHERE f.signature IN (" + in + ") AND NOT (t.source = ? AND t.ticket_id = ?)";
        return link.call(c -> {
            int count;
            Instant first;
            Instant last;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(DISTINCT t.source || '/' || t.ticket_id), MIN(t.first_enriched), MAX(t.last_enriched)"
                            + from)) {
                int i = bind(ps, signatures, except);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    count = rs.getInt(1);
                    first = rs.getTimestamp(2) == null
                            ? null
                            : rs.getTimestamp(2).toInstant();
                    last = rs.getTimestamp(3) == null
                            ? null
                            : rs.getTimestamp(3).toInstant();
                }
            }
            List<Seen> list = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT t.source, t.ticket_id, MIN(f.signature), t.first_enriched, t.last_enriched, r.kb_id, r.note"
                            + from.replace(
                                    " WHERE",
                                    " LEFT JOIN ticket_resolution r ON r.source = t.source AND r.ticket_id = t.ticket_id WHERE")
                            + " GROUP BY t.source, t.ticket_id, t.first_enriched, t.last_enriched, r.kb_id, r.note"
                            + " ORDER BY CASE WHEN r.kb_id IS NULL AND r.note IS NULL THEN 1 ELSE 0 END, t.last_enriched DESC, t.ticket_id"
                            + " FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY")) {
                bind(ps, signatures, except);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        list.add(new Seen(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getTimestamp(4).toInstant(),
                                rs.getTimestamp(5).toInstant(),
                                rs.getString(6),
                                rs.getString(7)));
                    }
                }
            }
            return new SeenSummary(count, first, last, list);
        });
    }

    private static int bind(PreparedStatement ps, List<String> signatures, Ticket except) throws SQLException {
        int i = 0;
        for (String s : signatures) {
            ps.setString(++i, s);
        }
        ps.setString(++i, except == null ? "" : except.source().id());
        ps.setString(++i, except == null ? "" : except.id());
        return i;
    }

    /** Other tickets that had {@code signature}, oldest first. */
    public List<Seen> seenBefore(String signature, Ticket except) throws SQLException {
        return link.call(c -> {
            List<Seen> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT DISTINCT t.source, t.ticket_id, t.first_enriched, t.last_enriched, r.kb_id, r.note FROM ticket_finding f"
                            + " JOIN ticket t ON t.source = f.source AND t.ticket_id = f.ticket_id"
                            + " LEFT JOIN ticket_resolution r ON r.source = t.source AND r.ticket_id = t.ticket_id"
                            + " WHERE f.signature = ? AND NOT (t.source = ? AND t.ticket_id = ?) ORDER BY t.first_enriched, t.ticket_id")) {
                ps.setString(1, signature);
                ps.setString(2, except == null ? "" : except.source().id());
                ps.setString(3, except == null ? "" : except.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Seen(
                                rs.getString(1),
                                rs.getString(2),
                                signature,
                                rs.getTimestamp(3).toInstant(),
                                rs.getTimestamp(4).toInstant(),
                                rs.getString(5),
                                rs.getString(6)));
                    }
                }
            }
            return out;
        });
    }

    /** The signatures recorded for a ticket (any source when {@code source} is null). */
    public List<String> signatures(String ticketId, String source) throws SQLException {
        return link.call(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT signature FROM ticket_finding WHERE ticket_id = ? AND (CAST(? AS VARCHAR(20)) IS NULL OR source = ?) ORDER BY ord")) {
                ps.setString(1, ticketId);
                ps.setString(2, source);
                ps.setString(3, source);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /** Records how a ticket was fixed; returns false when the ticket was never enriched. */
    public boolean resolve(String ticketId, String source, String kbId, String note) throws SQLException {
        return link.call(c -> {
            c.setAutoCommit(false);
            try {
                List<String> sources = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT source FROM ticket WHERE ticket_id = ? AND (CAST(? AS VARCHAR(20)) IS NULL OR source = ?)")) {
                    ps.setString(1, ticketId);
                    ps.setString(2, source);
                    ps.setString(3, source);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            sources.add(rs.getString(1));
                        }
                    }
                }
                for (String s : sources) {
                    try (PreparedStatement d =
                            c.prepareStatement("DELETE FROM ticket_resolution WHERE source = ? AND ticket_id = ?")) {
                        d.setString(1, s);
                        d.setString(2, ticketId);
                        d.executeUpdate();
                    }
                    try (PreparedStatement i = c.prepareStatement(
                            "INSERT INTO ticket_resolution (source, ticket_id, kb_id, note, resolved_at) VALUES (?,?,?,?,?)")) {
                        i.setString(1, s);
                        i.setString(2, ticketId);
                        i.setString(3, kbId);
                        i.setString(4, truncate(note, 4000));
                        i.setTimestamp(5, Timestamp.from(clock.instant()));
                        i.executeUpdate();
                    }
                }
                c.commit();
                c.setAutoCommit(true);
                return !sources.isEmpty();
            } catch (SQLException e) {
                throw undo(c, e);
            }
        });
    }

    public int ticketCount() throws SQLException {
        return link.call(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM ticket");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /**
     * Rolls back a failed transaction. After a write failure (full disk) H2 has closed the database
     * and the rollback fails too: the first failure is the one to report, and nothing was committed.
     */
    private static SQLException undo(java.sql.Connection c, SQLException e) {
        try {
            c.rollback();
            c.setAutoCommit(true);
        } catch (SQLException r) {
            e.addSuppressed(r);
        }
        return e;
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    @Override
    public void close() throws SQLException {
        link.close();
    }
}
