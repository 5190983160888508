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

    public static void migrate(String url) {
        for (int attempt = 0; ; attempt++) {
            try {
                Flyway.configure()
                        .dataSource(url, "sa", "")
                        .locations(locations(url))
                        .loggers("slf4j")
                        .load()
                        .migrate();
                return;
            } catch (RuntimeException e) {
                if (attempt + 1 >= ATTEMPTS || !transientCause(e)) {
                    throw e;
                }
                backOff(attempt);
            }
        }
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
                return DriverManager.getConnection(url, "sa", "");
            } catch (SQLException e) {
                last = e;
                if (!transientCause(e)) {
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
            for (int attempt = 0; ; attempt++) {
                try {
                    return call.run(c);
                } catch (SQLException e) {
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
            if (!transientCause(e)) {
                throw e;
            }
        }
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
