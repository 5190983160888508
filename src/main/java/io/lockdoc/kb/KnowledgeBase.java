package io.lockdoc.kb;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The knowledge base in a database (H2 by default; any JDBC URL Flyway knows). Articles are
 * synchronised from their YAML on open, in one transaction, only when their content changed.
 */
public final class KnowledgeBase implements AutoCloseable {
    /** A private in-memory database, for tests and for when the home folder is not writable. */
    public static final String IN_MEMORY = "jdbc:h2:mem:lockdoc-kb;DB_CLOSE_DELAY=-1";

    private final Database.Link link;

    private KnowledgeBase(Database.Link link) {
        this.link = link;
    }

    public static KnowledgeBase open(String jdbcUrl, List<Article> articles) throws SQLException {
        // connect first: an in-memory database without DB_CLOSE_DELAY lives only while a connection does
        Database.Link c = Database.Link.open(jdbcUrl);
        try {
            migrate(jdbcUrl);
            KnowledgeBase kb = new KnowledgeBase(c);
            kb.sync(articles);
            return kb;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e instanceof RuntimeException r ? asSql(r) : (SQLException) e;
        }
    }

    /** Flyway's schema migration; its failures come back as the SQL error under them. */
    public static void migrate(String jdbcUrl) throws SQLException {
        try {
            Database.migrate(jdbcUrl);
        } catch (RuntimeException e) {
            throw asSql(e);
        }
    }

    private static SQLException asSql(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return new SQLException(e.getMessage(), e);
    }

    /**
     * One line for a database that cannot be used: in use by another process, read-only, full disk,
     * corrupt. H2's error codes say which, or a cause under them: a full disk surfaces as "database
     * closed" over the write's {@code IOException}, and that cause is the one quoted.
     */
    public static String describe(SQLException e) {
        Throwable quoted = e;
        String why = null;
        for (Throwable t = e; t != null && why == null; t = t.getCause() == t ? null : t.getCause()) {
            String low = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            int code = t instanceof SQLException s ? s.getErrorCode() : 0;
            quoted = t;
            if (code == 90020 || low.contains("locked by another process") || low.contains("file is locked")) {
                why = "the database file is in use by another process"
                        + " (close that program, or add ;AUTO_SERVER=TRUE to the URL of both so they share it)";
            } else if (low.contains("no space left") || low.contains("disk full") || low.contains("not enough space")) {
                why = "the disk is full";
            } else if (code == 90097 || low.contains("read only") || low.contains("read-only")) {
                why = "the database is read-only";
            } else if (code == 90030 || code == 90048 || low.contains("corrupt")) {
                why = "the database file is corrupt (move it away and lockdoc creates a new one)";
            }
        }
        if (why == null) {
            why = "the database cannot be used";
            quoted = e;
        }
        return why + ": " + firstLine(quoted.getMessage());
    }

    /** H2's first line, without the statement, the advice that does not apply here and the error code. */
    private static String firstLine(String m) {
        String s = m == null ? "" : m;
        int nl = s.indexOf('\n');
        s = (nl < 0 ? s : s.substring(0, nl)).strip();
        s = s.replaceFirst("; SQL statement:$", "")
                .replaceFirst("\\. Possible solutions: .*$", "")
                .replaceFirst(" \\[\\d{5}-\\d+]$", "")
                .strip();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /**
     * Two processes opening a fresh database at once both load the articles; the later commit then
     * meets the earlier one's rows (a unique violation): roll back and look again, the hash now matches.
     */
    private void sync(List<Article> articles) throws SQLException {
        retrying(() -> {
            for (int attempt = 1; ; attempt++) {
                try {
                    syncOnce(articles);
                    return null;
                } catch (SQLException e) {
                    if (attempt >= 3 || !"23505".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
        });
    }

    private void syncOnce(List<Article> articles) throws SQLException {
        String hash = hash(articles);
        try (PreparedStatement ps =
                        connection().prepareStatement("SELECT meta_value FROM kb_meta WHERE meta_key = 'articles'");
                ResultSet rs = ps.executeQuery()) {
            if (rs.next() && hash.equals(rs.getString(1))) {
                return;
            }
        }
        boolean auto = connection().getAutoCommit();
        connection().setAutoCommit(false);
        try {
            try (var st = connection().createStatement()) {
                st.executeUpdate("DELETE FROM kb_collect");
                st.executeUpdate("DELETE FROM kb_reference");
                st.executeUpdate("DELETE FROM kb_step");
                st.executeUpdate("DELETE FROM kb_article");
                st.executeUpdate("DELETE FROM kb_meta WHERE meta_key = 'articles'");
            }
            try (PreparedStatement a = connection()
                            .prepareStatement(
                                    "INSERT INTO kb_article (id, cause, platform, title, symptom, reason, solution) VALUES (?,?,?,?,?,?,?)");
                    PreparedStatement s = connection()
                            .prepareStatement(
                                    "INSERT INTO kb_step (article_id, ord, title, command, expected, verification, rollback, safety, precondition) VALUES (?,?,?,?,?,?,?,?,?)");
                    PreparedStatement r = connection()
                            .prepareStatement(
                                    "INSERT INTO kb_reference (article_id, ord, title, ref) VALUES (?,?,?,?)");
                    PreparedStatement c = connection()
                            .prepareStatement(
                                    "INSERT INTO kb_collect (article_id, ord, what, command) VALUES (?,?,?,?)")) {
                for (Article art : articles) {
                    a.setString(1, art.id());
                    a.setString(2, art.cause());
                    a.setString(3, art.platform());
                    a.setString(4, art.title());
                    a.setString(5, art.symptom());
                    a.setString(6, art.reason());
                    a.setString(7, art.solution());
                    a.addBatch();
                    int ord = 0;
                    for (Article.Step step : art.steps()) {
                        s.setString(1, art.id());
                        s.setInt(2, ++ord);
                        s.setString(3, step.title());
                        s.setString(4, step.command());
                        s.setString(5, step.expected());
                        s.setString(6, step.verification());
                        s.setString(7, step.rollback());
                        s.setString(8, step.safety());
                        s.setString(9, step.when().isEmpty() ? null : String.join("\n", step.when()));
                        s.addBatch();
                    }
                    ord = 0;
                    for (Article.Reference ref : art.references()) {
                        r.setString(1, art.id());
                        r.setInt(2, ++ord);
                        r.setString(3, ref.title());
                        r.setString(4, ref.ref());
                        r.addBatch();
                    }
                    ord = 0;
                    for (Article.Collect col : art.collect()) {
                        c.setString(1, art.id());
                        c.setInt(2, ++ord);
                        c.setString(3, col.what());
                        c.setString(4, col.command());
                        c.addBatch();
                    }
                }
                a.executeBatch();
                s.executeBatch();
                r.executeBatch();
                c.executeBatch();
            }
            try (PreparedStatement m = connection()
                    .prepareStatement("INSERT INTO kb_meta (meta_key, meta_value) VALUES ('articles', ?)")) {
                m.setString(1, hash);
                m.executeUpdate();
            }
            connection().commit();
        } catch (SQLException e) {
            connection().rollback();
            throw e;
        } finally {
            connection().setAutoCommit(auto);
        }
    }

    /** The article for a cause id, if the knowledge base has one. */
    public Optional<Article> forCause(String cause) throws SQLException {
        return forCause(cause, null);
    }

    /**
     * The article for a cause on a platform: one written for that platform first, then one for
     * any platform, then the rest (recursive-locking has a Linux and a Windows article).
     */
    public Optional<Article> forCause(String cause, String platform) throws SQLException {
        return retrying(() -> {
            try (PreparedStatement ps = connection()
                    .prepareStatement("SELECT id FROM kb_article WHERE cause = ?"
                            + " ORDER BY CASE WHEN platform = ? THEN 0 WHEN platform = 'any' THEN 1 ELSE 2 END, id")) {
                ps.setString(1, cause);
                ps.setString(2, platform == null ? "" : platform.toLowerCase(java.util.Locale.ROOT));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? article(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    public Optional<Article> article(String id) throws SQLException {
        try (PreparedStatement ps = connection()
                .prepareStatement(
                        "SELECT id, cause, platform, title, symptom, reason, solution FROM kb_article WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Article(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        steps(id),
                        references(id),
                        collect(id)));
            }
        }
    }

    /** A search hit: the article and its score (higher is better). */
    public record Hit(String id, String title, String cause, double score) {}

    /**
     * Ranked search over titles, symptoms, reasons, solutions and steps: every word of the query
     * must appear somewhere in the article; a word in the title counts most, then symptom and
     * cause, then reason and solution, then steps.
     */
    public List<Hit> search(String query) throws SQLException {
        return retrying(() -> {
            List<String> words = java.util.Arrays.stream(
                            query.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}_-]+"))
                    .filter(w -> w.length() > 1)
                    .distinct()
                    .toList();
            List<Hit> hits = new ArrayList<>();
            if (words.isEmpty()) {
                return hits;
            }
            // on H2 its full-text index picks the candidates; the ranking below is the same on every database
            java.util.Set<String> candidates = fullTextCandidates(words);
            // plain SQL both H2 and PostgreSQL run; the steps are joined here rather than with LISTAGG/string_agg
            Map<String, StringBuilder> steps = new java.util.HashMap<>();
            try (PreparedStatement ps = connection()
                            .prepareStatement(
                                    "SELECT article_id, title, command, expected, verification FROM kb_step ORDER BY article_id, ord");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StringBuilder sb = steps.computeIfAbsent(rs.getString(1), k -> new StringBuilder());
                    for (int i = 2; i <= 5; i++) {
                        if (rs.getString(i) != null) {
                            sb.append(' ').append(rs.getString(i).toLowerCase(java.util.Locale.ROOT));
                        }
                    }
                }
            }
            try (PreparedStatement ps = connection()
                            .prepareStatement(
                                    "SELECT id, title, cause, symptom, reason, solution FROM kb_article ORDER BY id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (candidates != null && !candidates.contains(rs.getString(1))) {
                        continue;
                    }
                    String title = rs.getString(2).toLowerCase(java.util.Locale.ROOT);
                    String symptom = ((rs.getString(3) == null ? "" : rs.getString(3)) + " " + rs.getString(4))
                            .toLowerCase(java.util.Locale.ROOT);
                    String body = (rs.getString(5) + " " + rs.getString(6)).toLowerCase(java.util.Locale.ROOT);
                    String stepText = steps.getOrDefault(rs.getString(1), new StringBuilder())
                            .toString();
                    double score = 0;
                    boolean all = true;
                    for (String w : words) {
                        double s = 4 * occurrences(title, w)
                                + 2 * occurrences(symptom, w)
                                + occurrences(body, w)
                                + 0.5 * occurrences(stepText, w);
                        if (s == 0) {
                            all = false;
                            break;
                        }
                        score += Math.log1p(s);
                    }
                    if (all) {
                        hits.add(new Hit(rs.getString(1), rs.getString(2), rs.getString(3), score));
                    }
                }
            }
            hits.sort(
                    java.util.Comparator.comparingDouble(Hit::score).reversed().thenComparing(Hit::id));
            return hits;
        });
    }

    /**
     * Articles in which every word occurs (in the article or one of its steps), from H2's full-text
     * index; null where there is no such index (PostgreSQL), so that every article is ranked.
     */
    private java.util.Set<String> fullTextCandidates(List<String> words) throws SQLException {
        if (!connection().getMetaData().getDatabaseProductName().equals("H2")) {
            return null;
        }
        java.util.Set<String> all = null;
        for (String w : words) {
            java.util.Set<String> hit = new java.util.HashSet<>();
            try (PreparedStatement ps =
                    connection().prepareStatement("SELECT \"TABLE\", KEYS FROM FT_SEARCH_DATA(?, 0, 0)")) {
                ps.setString(1, w);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Object[] keys = (Object[]) rs.getArray(2).getArray();
                        hit.add(String.valueOf(keys[0]));
                    }
                }
            } catch (SQLException e) {
                if (e.getErrorCode() == 90022 || e.getErrorCode() == 42102) {
                    return null; // a database from before the index: rank every article instead
                }
                throw e;
            }
            if (all == null) {
                all = hit;
            } else {
                all.retainAll(hit);
            }
        }
        return all;
    }

    private static int occurrences(String text, String word) {
        if (text == null) {
            return 0;
        }
        int n = 0;
        for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + word.length())) {
            n++;
        }
        return n;
    }

    public List<String> ids() throws SQLException {
        return retrying(() -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = connection().prepareStatement("SELECT id FROM kb_article ORDER BY id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    private List<Article.Step> steps(String id) throws SQLException {
        List<Article.Step> out = new ArrayList<>();
        try (PreparedStatement ps = connection()
                .prepareStatement(
                        "SELECT title, command, expected, verification, rollback, safety, precondition FROM kb_step WHERE article_id = ? ORDER BY ord")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Article.Step(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7) == null
                                    ? List.of()
                                    : List.of(rs.getString(7).split("\n"))));
                }
            }
        }
        return out;
    }

    private List<Article.Reference> references(String id) throws SQLException {
        List<Article.Reference> out = new ArrayList<>();
        try (PreparedStatement ps = connection()
                .prepareStatement("SELECT title, ref FROM kb_reference WHERE article_id = ? ORDER BY ord")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Article.Reference(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return out;
    }

    private List<Article.Collect> collect(String id) throws SQLException {
        List<Article.Collect> out = new ArrayList<>();
        try (PreparedStatement ps = connection()
                .prepareStatement("SELECT what, command FROM kb_collect WHERE article_id = ? ORDER BY ord")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Article.Collect(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return out;
    }

    static String hash(List<Article> articles) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Article a : articles) {
                sha.update(a.toString().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    /** One call, retried on a fresh connection when another process hands over the shared H2 file. */
    private Connection connection() {
        return link.current();
    }

    private <T> T retrying(Work<T> work) throws SQLException {
        return link.call(c -> work.run());
    }

    @Override
    public void close() throws SQLException {
        link.close();
    }
}
