package io.lockdoc.shell;

import io.lockdoc.kb.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Shell sessions in the lockdoc database (tables from {@code V4__shell_sessions.sql}). */
final class SessionStore implements AutoCloseable {
    private final Database.Link link; // as the knowledge base and the history: durable writes, retried hand-overs

    /** The schema must exist: open the knowledge base on the same URL first (it runs Flyway). */
    SessionStore(String jdbcUrl) throws SQLException {
        this.link = Database.Link.open(jdbcUrl);
    }

    /** A saved session as {@code sessions} lists it. */
    record Summary(long id, Instant updated, String label, int inputs, int answers, int steps) {}

    /** Writes the whole state in one transaction; gives the state an id on its first save. */
    long save(SessionState s, String label) throws SQLException {
        Long before = s.id;
        return link.call(c -> {
            s.id = before; // a retried attempt starts from the state as it was
            return save(c, s, label);
        });
    }

    private static long save(Connection c, SessionState s, String label) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            Timestamp now = Timestamp.from(Instant.now());
            if (s.id == null) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO shell_session (created_at, updated_at, focus, label) VALUES (?,?,?,?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    ps.setTimestamp(1, now);
                    ps.setTimestamp(2, now);
                    ps.setInt(3, s.focus);
                    ps.setString(4, label);
                    ps.executeUpdate();
                    try (ResultSet rs = ps.getGeneratedKeys()) {
                        rs.next();
                        s.id = rs.getLong(1);
                    }
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE shell_session SET updated_at = ?, focus = ?, label = ? WHERE id = ?")) {
                    ps.setTimestamp(1, now);
                    ps.setInt(2, s.focus);
                    ps.setString(3, label);
                    ps.setLong(4, s.id);
                    if (ps.executeUpdate() == 0) {
                        throw new SQLException("session " + s.id + " no longer exists");
                    }
                }
                for (String t : List.of("shell_input", "shell_answer", "shell_step", "shell_finding")) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t + " WHERE session_id = ?")) {
                        ps.setLong(1, s.id);
                        ps.executeUpdate();
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO shell_input (session_id, ord, kind, name, path, content, question) VALUES (?,?,?,?,?,?,?)")) {
                int ord = 0;
                for (SessionState.Input in : s.inputs) {
                    ps.setLong(1, s.id);
                    ps.setInt(2, ++ord);
                    ps.setString(3, in.kind());
                    ps.setString(4, in.name());
                    ps.setString(5, in.path());
                    ps.setString(6, in.content());
                    ps.setString(7, in.question());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO shell_answer (session_id, ord, question, answer) VALUES (?,?,?,?)")) {
                int ord = 0;
                for (SessionState.AnswerRec a : s.answers) {
                    ps.setLong(1, s.id);
                    ps.setInt(2, ++ord);
                    ps.setString(3, a.question());
                    ps.setString(4, a.value());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO shell_step (session_id, ord, article, step, title, outcome, note) VALUES (?,?,?,?,?,?,?)")) {
                int ord = 0;
                for (SessionState.StepRec r : s.steps) {
                    ps.setLong(1, s.id);
                    ps.setInt(2, ++ord);
                    ps.setString(3, r.article());
                    ps.setInt(4, r.step());
                    ps.setString(5, r.title());
                    ps.setString(6, r.outcome());
                    ps.setString(7, r.note());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO shell_finding (session_id, ord, cause, confidence, signature, summary) VALUES (?,?,?,?,?,?)")) {
                int ord = 0;
                for (SessionState.FindingRec f : s.findings) {
                    ps.setLong(1, s.id);
                    ps.setInt(2, ++ord);
                    ps.setString(3, f.cause());
                    ps.setDouble(4, f.confidence());
                    ps.setString(5, f.signature());
                    ps.setString(6, f.summary());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
            return s.id;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    Optional<SessionState> load(long id) throws SQLException {
        return link.call(c -> load(c, id));
    }

    private static Optional<SessionState> load(Connection c, long id) throws SQLException {
        SessionState s = new SessionState();
        try (PreparedStatement ps = c.prepareStatement("SELECT focus FROM shell_session WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                s.id = id;
                s.focus = rs.getInt(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT kind, name, path, content, question FROM shell_input WHERE session_id = ? ORDER BY ord")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    s.inputs.add(new SessionState.Input(
                            rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
        try (PreparedStatement ps =
                c.prepareStatement("SELECT question, answer FROM shell_answer WHERE session_id = ? ORDER BY ord")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    s.answers.add(new SessionState.AnswerRec(rs.getString(1), rs.getString(2)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT article, step, title, outcome, note FROM shell_step WHERE session_id = ? ORDER BY ord")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    s.steps.add(new SessionState.StepRec(
                            rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT cause, confidence, signature, summary FROM shell_finding WHERE session_id = ? ORDER BY ord")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    s.findings.add(new SessionState.FindingRec(
                            rs.getString(1), rs.getDouble(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return Optional.of(s);
    }

    List<Summary> list() throws SQLException {
        return link.call(SessionStore::list);
    }

    private static List<Summary> list(Connection c) throws SQLException {
        List<Summary> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT s.id, s.updated_at, s.label,"
                        + " (SELECT COUNT(*) FROM shell_input i WHERE i.session_id = s.id),"
                        + " (SELECT COUNT(*) FROM shell_answer a WHERE a.session_id = s.id),"
                        + " (SELECT COUNT(*) FROM shell_step t WHERE t.session_id = s.id)"
                        + " FROM shell_session s ORDER BY s.id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Summary(
                        rs.getLong(1),
                        rs.getTimestamp(2).toInstant(),
                        rs.getString(3),
                        rs.getInt(4),
                        rs.getInt(5),
                        rs.getInt(6)));
            }
        }
        return out;
    }

    @Override
    public void close() throws SQLException {
        link.close();
    }
}
