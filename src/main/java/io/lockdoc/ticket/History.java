package io.lockdoc.ticket;

import io.lockdoc.kb.Database;
import io.lockdoc.model.Finding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Every enrichment, by ticket and signature, in the same database as the knowledge base (H2 by
 * default, PostgreSQL by URL). Each write is one transaction: a ticket enriched again replaces its
 * findings and keeps its first-seen time; a webhook delivered twice leaves one row.
 */
public final class History implements AutoCloseable {
    private final Database.Link link;
    private final Clock clock;

    /** Statements of the enrich path, kept open across tickets (H2 caches only 8 parsed queries per session). */
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= 64) {
                return false;
            }
            closeQuietly(eldest.getValue());
            return true;
        }
    };

    private Connection statementsOf;

    private History(Database.Link link, Clock clock) {
        this.link = link;
        this.clock = clock;
    }

    public static History open(String url, Clock clock) throws SQLException {
        // connect first: an in-memory database without DB_CLOSE_DELAY lives only while a connection does
        Database.Link link = Database.Link.open(url);
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
        String source = t.source().id();
        String id = t.id();
        SortedSet<String> signatures = new TreeSet<>();
        findings.forEach(f -> signatures.add(f.getSignature()));
        // millisecond precision: what every database keeps, so that the read-back compares equal
        Timestamp now = Timestamp.from(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        for (int round = 1; ; round++) {
            int[] attempts = {0};
            link.call(c -> {
                if (attempts[0]++ > 0 && stored(c, source, id, now, findings.size())) {
                    return null; // the failed attempt's commit had landed: writing again would count it twice
                }
                write(c, t, findings, signatures, now);
                return null;
            });
            // a commit the serving process acknowledged as it exited may not be there: read it back, else write again
            if (link.call(c -> stored(c, source, id, now, findings.size()))) {
                link.wrote();
                return;
            }
            if (round >= 3) {
                throw new SQLException("ticket " + id + " was committed " + round + " times but is not in the history");
            }
        }
    }

    /** Whether the ticket's row and findings are those written at {@code now}. */
    private boolean stored(Connection c, String source, String id, Timestamp now, int findings) throws SQLException {
        PreparedStatement q = prepare(
                c,
                "SELECT t.last_enriched, (SELECT COUNT(*) FROM ticket_finding f WHERE f.source = t.source AND f.ticket_id = t.ticket_id)"
                        + " FROM ticket t WHERE t.source = ? AND t.ticket_id = ?");
        bind(q, source, id);
        try (ResultSet rs = q.executeQuery()) {
            return rs.next() && now.equals(rs.getTimestamp(1)) && rs.getInt(2) == findings;
        }
    }

    /** The ticket, its findings and signatures in one transaction. */
    private void write(Connection c, Ticket t, List<Finding> findings, SortedSet<String> signatures, Timestamp now)
            throws SQLException {
        String source = t.source().id();
        String id = t.id();
        {
            c.setAutoCommit(false);
            try {
                String title = truncate(t.title(), 1000);
                int updated = update(
                        c,
                        "UPDATE ticket SET title = ?, last_enriched = ?, enrichments = enrichments + 1 WHERE source = ? AND ticket_id = ?",
                        title,
                        now,
                        source,
                        id);
                Timestamp first = now;
                if (updated == 0) {
                    update(
                            c,
                            "INSERT INTO ticket (source, ticket_id, title, first_enriched, last_enriched, enrichments) VALUES (?,?,?,?,?,1)",
                            source,
                            id,
                            title,
                            now,
                            now);
                } else {
                    PreparedStatement q =
                            prepare(c, "SELECT first_enriched FROM ticket WHERE source = ? AND ticket_id = ?");
                    bind(q, source, id);
                    try (ResultSet rs = q.executeQuery()) {
                        rs.next();
                        first = rs.getTimestamp(1);
                    }
                }
                update(c, "DELETE FROM ticket_finding WHERE source = ? AND ticket_id = ?", source, id);
                {
                    PreparedStatement i = prepare(
                            c,
                            "INSERT INTO ticket_finding (source, ticket_id, ord, signature, cause, confidence, culprit) VALUES (?,?,?,?,?,?,?)");
                    int ord = 0;
                    for (Finding f : findings) {
                        i.setString(1, source);
                        i.setString(2, id);
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
                recordSignatures(c, source, id, signatures, first, now);
                c.commit();
            } catch (SQLException e) {
                throw undo(c, e);
            }
            c.setAutoCommit(true);
        }
    }

    /** Keeps ticket_signature and the per-set counts in step with the findings just written (same transaction). */
    private void recordSignatures(
            Connection c, String source, String id, SortedSet<String> signatures, Timestamp first, Timestamp now)
            throws SQLException {
        SortedSet<String> old = new TreeSet<>();
        PreparedStatement q = prepare(c, "SELECT signature FROM ticket_signature WHERE source = ? AND ticket_id = ?");
        bind(q, source, id);
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                old.add(rs.getString(1));
            }
        }
        if (old.equals(signatures)) {
            update(
                    c,
                    "UPDATE ticket_signature SET last_enriched = ? WHERE source = ? AND ticket_id = ?",
                    now,
                    source,
                    id);
            return;
        }
        if (!old.isEmpty()) {
            String key = setKey(old);
            update(c, "UPDATE signature_set SET tickets = tickets - 1 WHERE set_key = ?", key);
            update(c, "DELETE FROM signature_set WHERE set_key = ? AND tickets <= 0", key);
            update(c, "DELETE FROM ticket_signature WHERE source = ? AND ticket_id = ?", source, id);
        }
        if (signatures.isEmpty()) {
            return;
        }
        String key = setKey(signatures);
        if (update(c, "UPDATE signature_set SET tickets = tickets + 1 WHERE set_key = ?", key) == 0) {
            update(c, "INSERT INTO signature_set (set_key, tickets) VALUES (?, 1)", key);
            PreparedStatement i = prepare(c, "INSERT INTO signature_set_member (signature, set_key) VALUES (?, ?)");
            for (String s : signatures) {
                bind(i, s, key);
                i.addBatch();
            }
            i.executeBatch();
        }
        int resolved;
        PreparedStatement r = prepare(
                c,
                "SELECT COUNT(*) FROM ticket_resolution WHERE source = ? AND ticket_id = ? AND (kb_id IS NOT NULL OR note IS NOT NULL)");
        bind(r, source, id);
        try (ResultSet rs = r.executeQuery()) {
            rs.next();
            resolved = rs.getInt(1) > 0 ? 1 : 0;
        }
        PreparedStatement i = prepare(
                c,
                "INSERT INTO ticket_signature (source, ticket_id, signature, first_enriched, last_enriched, resolved) VALUES (?,?,?,?,?,?)");
        for (String s : signatures) {
            bind(i, source, id, s, first, now, resolved);
            i.addBatch();
        }
        i.executeBatch();
    }

    /** Runs a kept statement with these parameters and returns its update count. */
    private int update(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = prepare(c, sql);
        bind(ps, args);
        return ps.executeUpdate();
    }

    /** Sets the parameters in order: strings (a null one as a NULL string), timestamps and ints. */
    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int k = 0; k < args.length; k++) {
            Object a = args[k];
            if (a == null) {
                ps.setNull(k + 1, java.sql.Types.VARCHAR);
            } else if (a instanceof Timestamp ts) {
                ps.setTimestamp(k + 1, ts);
            } else if (a instanceof Integer n) {
                ps.setInt(k + 1, n);
            } else {
                ps.setString(k + 1, (String) a);
            }
        }
    }

    /** Lower-case hex SHA-256 of the sorted signatures joined by ','; V7 computes the same in SQL. */
    static String setKey(SortedSet<String> signatures) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of()
                    .formatHex(sha.digest(String.join(",", signatures).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** How many other tickets share any of the signatures, when first and last seen, and a bounded list of them. */
    public record SeenSummary(int count, Instant firstSeen, Instant lastSeen, List<Seen> tickets) {}

    /**
     * Other tickets with any of {@code signatures}: the totals over all of them, and at most
     * {@code limit} listed, resolved ones first (they carry the fix), then the most recent. A help
     * desk that has seen a deadlock a thousand times still gets a note of readable size. Reads only
     * the per-set counts and, per signature, the first rows of an index: the cost does not grow
     * with the history.
     */
    public SeenSummary seenSummary(List<String> signatures, Ticket except, int limit) throws SQLException {
        List<String> sigs = new ArrayList<>(new TreeSet<>(signatures));
        if (sigs.isEmpty()) {
            return new SeenSummary(0, null, null, List.of());
        }
        String exceptSource = except == null ? "" : except.source().id();
        String exceptId = except == null ? "" : except.id();
        int n = Math.max(1, limit);
        String in = String.join(",", java.util.Collections.nCopies(sigs.size(), "?"));
        return link.call(c -> {
            int count;
            {
                PreparedStatement ps = prepare(
                        c,
                        "SELECT COALESCE(SUM(s.tickets), 0) FROM signature_set s WHERE s.set_key IN"
                                + " (SELECT m.set_key FROM signature_set_member m WHERE m.signature IN (" + in + "))");
                for (int i = 0; i < sigs.size(); i++) {
                    ps.setString(i + 1, sigs.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    count = rs.getInt(1);
                }
            }
            {
                PreparedStatement ps = prepare(
                        c,
                        "SELECT COUNT(*) FROM ticket_signature WHERE source = ? AND ticket_id = ? AND signature IN ("
                                + in + ")");
                ps.setString(1, exceptSource);
                ps.setString(2, exceptId);
                for (int i = 0; i < sigs.size(); i++) {
                    ps.setString(i + 3, sigs.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        count--;
                    }
                }
            }
            if (count <= 0) {
                return new SeenSummary(0, null, null, List.of());
            }
            Instant first = null;
            Instant last = null;
            // one row per other ticket: the first of its asked signatures, as the old GROUP BY's MIN
            Map<String, Seen> tickets = new LinkedHashMap<>();
            Map<String, Boolean> resolvedOf = new HashMap<>();
            for (String sig : sigs) {
                {
                    PreparedStatement ps = prepare(
                            c,
                            "SELECT first_enriched FROM ticket_signature WHERE signature = ? AND NOT (source = ? AND ticket_id = ?)"
                                    // the constant columns in ORDER BY too: H2 reads an index in order only for a
                                    // prefix of
                                    // it
                                    + " ORDER BY signature, first_enriched FETCH FIRST 1 ROWS ONLY");
                    ps.setString(1, sig);
                    ps.setString(2, exceptSource);
                    ps.setString(3, exceptId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            Instant f = rs.getTimestamp(1).toInstant();
                            first = first == null || f.isBefore(first) ? f : first;
                        }
                    }
                }
                for (int resolved = 1; resolved >= 0; resolved--) {
                    PreparedStatement ps = prepare(
                            c,
                            "SELECT source, ticket_id, first_enriched, last_enriched FROM ticket_signature"
                                    + " WHERE signature = ? AND resolved = ? AND NOT (source = ? AND ticket_id = ?)"
                                    + " ORDER BY signature, resolved, last_enriched DESC, ticket_id FETCH FIRST "
                                    + n
                                    + " ROWS ONLY");
                    ps.setString(1, sig);
                    ps.setInt(2, resolved);
                    ps.setString(3, exceptSource);
                    ps.setString(4, exceptId);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Seen s = new Seen(
                                    rs.getString(1),
                                    rs.getString(2),
                                    sig,
                                    rs.getTimestamp(3).toInstant(),
                                    rs.getTimestamp(4).toInstant(),
                                    null,
                                    null);
                            last = last == null || s.lastSeen().isAfter(last) ? s.lastSeen() : last;
                            String k = s.source() + '\0' + s.ticketId();
                            tickets.putIfAbsent(k, s); // signatures come sorted: the first is the least
                            resolvedOf.put(k, resolved == 1);
                        }
                    }
                }
            }
            List<String> order = new ArrayList<>(tickets.keySet());
            order.sort(Comparator.<String, Boolean>comparing(k -> !resolvedOf.get(k))
                    .thenComparing(k -> tickets.get(k).lastSeen(), Comparator.reverseOrder())
                    .thenComparing(k -> tickets.get(k).ticketId())
                    .thenComparing(k -> tickets.get(k).source()));
            List<Seen> list = new ArrayList<>();
            for (String k : order.subList(0, Math.min(n, order.size()))) {
                Seen s = tickets.get(k);
                if (resolvedOf.get(k)) {
                    PreparedStatement ps =
                            prepare(c, "SELECT kb_id, note FROM ticket_resolution WHERE source = ? AND ticket_id = ?");
                    ps.setString(1, s.source());
                    ps.setString(2, s.ticketId());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            s = new Seen(
                                    s.source(),
                                    s.ticketId(),
                                    s.signature(),
                                    s.firstSeen(),
                                    s.lastSeen(),
                                    rs.getString(1),
                                    rs.getString(2));
                        }
                    }
                }
                list.add(s);
            }
            return new SeenSummary(count, first, last, list);
        });
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
                    try (PreparedStatement u = c.prepareStatement(
                            "UPDATE ticket_signature SET resolved = ? WHERE source = ? AND ticket_id = ?")) {
                        u.setInt(1, kbId != null || note != null ? 1 : 0);
                        u.setString(2, s);
                        u.setString(3, ticketId);
                        u.executeUpdate();
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

    /** A kept statement for {@code sql} on {@code c}; only called inside {@code link.call}, which serialises them. */
    private PreparedStatement prepare(Connection c, String sql) throws SQLException {
        if (c != statementsOf) {
            // a retry reconnected: the old connection's statements are gone with it
            statements.values().forEach(History::closeQuietly);
            statements.clear();
            statementsOf = c;
        }
        PreparedStatement ps = statements.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = c.prepareStatement(sql);
            ps.setQueryTimeout(Database.STATEMENT_SECONDS); // a database that stops answering fails the ticket
            statements.put(sql, ps);
        } else {
            ps.clearBatch(); // a batch a failed call left behind must not go out with the next ticket
        }
        return ps;
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException ignored) {
            // its connection is broken or closed: nothing to release
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    @Override
    public void close() throws SQLException {
        // not through link.call: a database closed by a full disk must not be reopened only to be closed
        synchronized (link) {
            statements.values().forEach(History::closeQuietly);
            statements.clear();
        }
        link.close();
    }
}
