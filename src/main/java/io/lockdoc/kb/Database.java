package io.lockdoc.kb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/**
 * The one store (H2 file by default, PostgreSQL by URL): migrations and connections. Several
 * lockdoc processes may share an H2 file (AUTO_SERVER): the first serves the others; when it goes
 * away they reconnect, and a connection that races its start-up is retried a few times.
 */
public final class Database {
    static final int ATTEMPTS = 8;

    /**
     * Portable migrations in {@code common}; where H2 and PostgreSQL differ (large text: CLOB vs
     * TEXT) each has its own folder, and Flyway picks it by the database it talks to.
     */
    static String[] locations(String url) {
        String vendor = url.startsWith("jdbc:postgresql:") ? "postgresql" : "h2";
        return new String[] {"classpath:db/migration/common", "classpath:db/migration/" + vendor};
    }

    private Database() {}

    /**
     * The URL as opened: an H2 file commits to disk before COMMIT returns ({@code WRITE_DELAY=0}), so
     * a full disk fails the transaction that meets it instead of losing earlier ones at exit.
     */
    static String durable(String url) {
        String u = url.toUpperCase(java.util.Locale.ROOT);
        if (!u.startsWith("JDBC:H2:")
                || u.startsWith("JDBC:H2:MEM:")
                || u.startsWith("JDBC:H2:TCP:")
                || u.startsWith("JDBC:H2:SSL:")
                || u.contains(";WRITE_DELAY=")) {
            return url;
        }
        return url + ";WRITE_DELAY=0";
    }

    /** The database as a message should name it: the H2 file, else the URL without its parameters (no password). */
    public static String name(String url) {
        if (url.startsWith("jdbc:h2:")) {
            String rest = url.substring("jdbc:h2:".length());
            int semi = rest.indexOf(';');
            rest = semi < 0 ? rest : rest.substring(0, semi);
            if (rest.startsWith("mem:")) {
                return "in-memory database " + rest.substring(4);
            }
            if (rest.startsWith("tcp:") || rest.startsWith("ssl:")) {
                return rest;
            }
            // file:, nio:, split: ... name the file system, not the path (a drive letter is one character)
            while (rest.matches("^[A-Za-z]{2,}:.*")) {
                rest = rest.substring(rest.indexOf(':') + 1);
            }
            return rest + ".mv.db";
        }
        return url.replaceAll("[?;].*", "");
    }

    /** H2 without AUTO_SERVER: a file locked by another process stays locked, so waiting for it is pointless. */
    private static boolean lockedForGood(String url, Throwable e) {
        return !url.toUpperCase(java.util.Locale.ROOT).contains("AUTO_SERVER=TRUE")
                && e instanceof SQLException s
                && s.getErrorCode() == 90020;
    }

    public static void migrate(String url) {
        for (int attempt = 0; ; attempt++) {
            try {
                Flyway.configure()
                        .dataSource(durable(url), "sa", "")
                        .locations(locations(url))
                        .loggers("slf4j")
                        .load()
                        .migrate();
                return;
            } catch (RuntimeException e) {
                if (attempt + 1 >= ATTEMPTS || !transientCause(e) || lockedForGood(url, rootSql(e))) {
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    private static SQLException rootSql(Throwable t) {
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    /** Flyway wraps the driver's exception (sometimes only its text): look at the whole chain. */
    public static boolean transientCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s && transientFailure(s)) {
                return true;
            }
            String m = String.valueOf(c.getMessage());
            if (m.contains("Lock file recently modified")
                    || m.contains("Connection is broken")
                    || m.contains("[90067-")
                    || m.contains("[90020-")
                    || m.contains("[90028-")
                    || m.contains("[90121-")
                    || m.contains("Database may be already in use")) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    public static Connection connect(String url) throws SQLException {
        SQLException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                return DriverManager.getConnection(durable(url), "sa", "");
            } catch (SQLException e) {
                last = e;
                if (!transientCause(e) || lockedForGood(url, e)) {
                    throw e;
                }
                backOff(attempt);
            }
        }
        throw last;
    }

    /** A database call that may be retried: it runs in one transaction or only reads. */
    @FunctionalInterface
    public interface Call<T> {
        T run(Connection c) throws SQLException;
    }

    /** A connection that survives another process taking over the shared H2 file: transient failures reconnect and retry the call. */
    public static final class Link implements AutoCloseable {
        private final String url;
        private Connection c;

        public Link(String url) throws SQLException {
            this.url = url;
            this.c = connect(url);
        }

        /** The connection now in use (a retry may have replaced it): for code running inside {@link #call}. */
        public synchronized Connection current() {
            return c;
        }

        public synchronized <T> T call(Call<T> call) throws SQLException {
            if (c.isClosed()) {
                reopen();
            }
            for (int attempt = 0; ; attempt++) {
                try {
                    return call.run(c);
                } catch (SQLException e) {
                    if (attempt == 0 && !transientCause(e) && !alive()) {
                        // H2 closed the database after a failed write (full disk) and keeps its file open while
                        // any session does: let go of ours so that it can be opened again
                        try {
                            c.close();
                        } catch (SQLException closing) {
                            e.addSuppressed(closing);
                        }
                        if (!closedEarlier(e)) {
                            throw e; // this call's own write failed: report it (rolled back); the next call reopens
                        }
                        reopen(); // closed under an earlier call: open again and run this one
                        continue;
                    }
                    if (attempt + 1 >= ATTEMPTS || !transientCause(e)) {
                        throw e;
                    }
                    try {
                        c.close();
                    } catch (SQLException ignored) {
                        // the old connection is gone anyway
                    }
                    backOff(attempt);
                    c = connect(url);
                }
            }
        }

        /** Whether the database still answers ({@code isValid} says yes even after H2 closed it). */
        private boolean alive() {
            try (var st = c.createStatement()) {
                st.execute("SELECT 1");
                return true;
            } catch (SQLException e) {
                return false;
            }
        }

        /** H2 keeps a database it closed on a failed write registered (and its file locked) for a moment: try a few times. */
        private void reopen() throws SQLException {
            for (int attempt = 0; ; attempt++) {
                try {
                    c = connect(url);
                    return;
                } catch (SQLException e) {
                    if (attempt + 1 >= 3) {
                        throw e;
                    }
                    backOff(attempt);
                }
            }
        }

        @Override
        public synchronized void close() throws SQLException {
            closeQuietly(c);
        }
    }

    /**
     * Closes a connection whose work is committed: when the process serving a shared H2 file has
     * gone, closing fails with a broken connection, and that loses nothing.
     */
    public static void closeQuietly(Connection c) throws SQLException {
        try {
            c.close();
        } catch (SQLException e) {
            if (!transientCause(e) && !closedEarlier(e)) {
                throw e;
            }
        }
    }

    /** H2 closed the database after a write failed (full disk): what was committed is on disk, the rest rolled back. */
    static boolean closedEarlier(SQLException e) {
        return e.getErrorCode() == 90098;
    }

    /** H2 "connection broken" / "server not reachable" while another process hands over its server. */
    static boolean transientFailure(SQLException e) {
        return e.getErrorCode() == 90067
                || e.getErrorCode() == 90028
                || e.getErrorCode() == 90121
                || e.getErrorCode() == 90020
                || e.getErrorCode() == 90046
                || "08001".equals(e.getSQLState());
    }

    static void backOff(int attempt) {
        try {
            Thread.sleep(Math.min(100L << attempt, 3000L));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }
}
