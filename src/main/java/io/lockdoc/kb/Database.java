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

    /** Where H2's AUTO_SERVER listens: loopback only, so no other machine can reach the database. */
    static final String BIND_ADDRESS = "127.0.0.1";

    /** Seconds a connection may take to be made and to log in, and a statement or a socket read to answer. */
    static final int CONNECT_SECONDS = 5;

    public static final int STATEMENT_SECONDS = 30;

    static {
        // H2 reads h2.bindAddress once, when its classes load; unset, AUTO_SERVER listens on every interface
        System.setProperty("h2.bindAddress", BIND_ADDRESS);
    }

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

    /**
     * Bounds for every connection: PostgreSQL gets connect, login and socket timeouts, H2 over TCP
     * (a tcp: URL, or AUTO_SERVER's clients) a socket timeout; a setting the URL gives is kept.
     */
    static String bounded(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            String u = url;
            for (String[] p : new String[][] {
                {"connectTimeout", String.valueOf(CONNECT_SECONDS)},
                {"loginTimeout", String.valueOf(CONNECT_SECONDS)},
                {"socketTimeout", String.valueOf(2 * STATEMENT_SECONDS)}
            }) {
                if (!u.matches("(?s).*[?&]" + p[0] + "=.*")) {
                    u += (u.contains("?") ? "&" : "?") + p[0] + "=" + p[1];
                }
            }
            return u;
        }
        String up = url.toUpperCase(java.util.Locale.ROOT);
        boolean remote =
                up.startsWith("JDBC:H2:TCP:") || up.startsWith("JDBC:H2:SSL:") || up.contains(";AUTO_SERVER=TRUE");
        if (up.startsWith("JDBC:H2:") && remote && !up.contains(";NETWORK_TIMEOUT=")) {
            return url + ";NETWORK_TIMEOUT=" + 2000 * STATEMENT_SECONDS;
        }
        return url;
    }

    /** A URL and the user and password to log in with. */
    record Login(String url, String user, String password) {
        /** H2's USER and PASSWORD settings come out of the URL; without them, H2's default admin {@code sa}. */
        static Login of(String url) {
            if (!url.startsWith("jdbc:h2:")) {
                return new Login(url, "sa", "");
            }
            String user = "sa";
            String password = "";
            StringBuilder rest = new StringBuilder();
            for (String part : url.split(";", -1)) {
                String key = part.contains("=")
                        ? part.substring(0, part.indexOf('=')).strip().toUpperCase(java.util.Locale.ROOT)
                        : "";
                if (rest.length() > 0 && key.equals("USER")) {
                    user = part.substring(part.indexOf('=') + 1);
                } else if (rest.length() > 0 && key.equals("PASSWORD")) {
                    password = part.substring(part.indexOf('=') + 1);
                } else {
                    rest.append(rest.length() == 0 ? "" : ";").append(part);
                }
            }
            return new Login(rest.toString(), user, password);
        }

        /** As opened: durable writes and bounded waits. */
        String opened() {
            return bounded(durable(url));
        }
    }

    /** A shared H2 file would be served on every interface if H2 was loaded before {@link #BIND_ADDRESS} was set. */
    private static void checkLoopback(String url) throws SQLException {
        if (url.toUpperCase(java.util.Locale.ROOT).contains(";AUTO_SERVER=TRUE")
                && !BIND_ADDRESS.equals(org.h2.engine.SysProperties.BIND_ADDRESS)) {
            throw new SQLException(
                    "H2 was loaded before lockdoc could bind its server to " + BIND_ADDRESS + " (h2.bindAddress is "
                            + org.h2.engine.SysProperties.BIND_ADDRESS + "): not sharing the database");
        }
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
        Login login = Login.of(url);
        // by time, as connect is: many processes starting at once can lose several rounds of H2's lock-file protocol
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(OPEN_SECONDS);
        for (int attempt = 0; ; attempt++) {
            try {
                Flyway.configure()
                        .dataSource(login.opened(), login.user(), login.password())
                        .locations(locations(url))
                        .loggers("slf4j")
                        .load()
                        .migrate();
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline || !retryable(url, e) || lockedForGood(url, rootSql(e))) {
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
                    // H2's lock-file protocol losing a race with another process opening the file
                    || m.contains("Another process was faster")
                    || m.contains("\"Concurrent update\" [8000-")
                    // the serving process closing a client's transaction as it exits (seen in the 8-writer test)
                    || m.contains("Transaction was illegally transitioned")
                    // H2's client session closed under a call by AUTO_RECONNECT as the server changes hands
                    || m.contains("\"this.transferList\" is null")
                    || m.matches("(?s).*Transaction \\d+ is closed.*")
                    || m.matches("(?s).*Transaction \\d+ has status \\w+, not OPEN.*")
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
        checkLoopback(url);
        // by time, not count: with many processes opening at once H2's lock-file protocol can lose several rounds
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(OPEN_SECONDS);
        for (int attempt = 0; ; attempt++) {
            try {
                Connection c = login(url);
                PrivateHome.tighten(url);
                return c;
            } catch (SQLException e) {
                if (!retryable(url, e) || lockedForGood(url, e) || System.nanoTime() > deadline) {
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    /** How long an H2 file shared through AUTO_SERVER may take to open while other processes hand it over. */
    static final int OPEN_SECONDS = 60;

    private static Connection login(String url) throws SQLException {
        Login login = Login.of(url);
        try {
            return DriverManager.getConnection(login.opened(), login.user(), login.password());
        } catch (SQLException e) {
            if (e.getErrorCode() != WRONG_PASSWORD || !PrivateHome.owns(url)) {
                throw e;
            }
            setPassword(login);
            return DriverManager.getConnection(login.opened(), login.user(), login.password());
        }
    }

    private static final int WRONG_PASSWORD = 28000;

    /**
     * A database lockdoc created before it had a password (admin {@code sa}, empty password) gets
     * the one from {@code db.password}; another process may have just done so, then nothing is left to do.
     */
    private static void setPassword(Login login) throws SQLException {
        try (Connection old = DriverManager.getConnection(login.opened(), login.user(), "");
                var st = old.createStatement()) {
            st.execute("ALTER USER \"" + login.user().toUpperCase(java.util.Locale.ROOT) + "\" SET PASSWORD '"
                    + login.password().replace("'", "''") + "'");
        } catch (SQLException e) {
            if (e.getErrorCode() != WRONG_PASSWORD) {
                throw e;
            }
        }
    }

    /**
     * Worth another attempt: an H2 file shared through AUTO_SERVER changing hands (a PostgreSQL
     * server or an H2 server that does not answer is not helped by waiting again).
     */
    static boolean retryable(String url, Throwable e) {
        return url.startsWith("jdbc:h2:") && transientCause(e) && !timedOut(e);
    }

    /**
     * Another writer inserted the same key between this call's update-or-insert steps (two tickets
     * with one new signature set): the call is one transaction, so running it again finds the row.
     */
    static boolean concurrentInsert(Throwable t) {
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static boolean timedOut(Throwable t) {
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** A database call that may be retried: it runs in one transaction or only reads. */
    @FunctionalInterface
    public interface Call<T> {
        T run(Connection c) throws SQLException;
    }

    /** A connection that survives another process taking over the shared H2 file: transient failures reconnect and retry the call. */
    public static final class Link implements AutoCloseable {
        /** The open links by URL: the knowledge base and the history of one process share one session. */
        private static final java.util.Map<String, Link> OPEN = new java.util.HashMap<>();

        private final String url;
        private Connection c;
        private int users = 1;

        /** Failed writes that closed the database since the last write that stood, and the first one's error. */
        private int outages;

        private int refused;
        private SQLException outage;

        private Link(String url) throws SQLException {
            this.url = url;
            this.c = connect(url);
        }

        /**
         * The process's link to {@code url}, opened on first use: one session, so that after H2 closed
         * the database on a failed write there is one reopen, not one per user racing the others' dead sessions.
         */
        public static Link open(String url) throws SQLException {
            synchronized (OPEN) {
                Link l = OPEN.get(url);
                if (l != null) {
                    synchronized (l) {
                        l.users++;
                    }
                    return l;
                }
                l = new Link(url);
                OPEN.put(url, l);
                return l;
            }
        }

        /** A write committed and read back: the disk takes writes again, so reopening is no longer rationed. */
        public synchronized void wrote() {
            outages = 0;
            refused = 0;
            outage = null;
        }

        /** The connection now in use (a retry may have replaced it): for code running inside {@link #call}. */
        public synchronized Connection current() {
            return c;
        }

        public synchronized <T> T call(Call<T> call) throws SQLException {
            if (c.isClosed()) {
                reopenIfDue();
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
                        outages++;
                        refused = 0;
                        if (outage == null || closedEarlier(outage) && !closedEarlier(e)) {
                            outage = e; // the write's own failure says why (the disk is full), not "closed"
                        }
                        if (!closedEarlier(e)) {
                            throw e; // this call's own write failed: report it (rolled back); a later call reopens
                        }
                        reopenIfDue(); // closed under an earlier call: open again (when due) and run this one
                        continue;
                    }
                    if (attempt + 1 >= ATTEMPTS || !(retryable(url, e) || concurrentInsert(e))) {
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
                    c = login(url);
                    PrivateHome.tighten(url);
                    return;
                } catch (SQLException e) {
                    if (attempt + 1 >= 3) {
                        throw e;
                    }
                    backOff(attempt);
                }
            }
        }

        /**
         * After failed writes closed the database (full disk), it is opened again at once, then after
         * 1, 3, 7 ... calls refused with the first failure's error: a batch on a disk that stays full costs
         * a few opens, not one per ticket, and one freed again is used from the next call on.
         */
        private void reopenIfDue() throws SQLException {
            if (outages > 0 && refused < (1 << Math.min(outages - 1, 20)) - 1) {
                refused++;
                throw new SQLException(outage.getMessage(), outage.getSQLState(), outage.getErrorCode(), outage);
            }
            refused = 0;
            try {
                reopen();
            } catch (SQLException e) {
                outages++;
                throw e;
            }
        }

        @Override
        public void close() throws SQLException {
            synchronized (OPEN) {
                synchronized (this) {
                    if (--users > 0) {
                        return;
                    }
                }
                OPEN.remove(url, this);
            }
            synchronized (this) {
                closeQuietly(c);
            }
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

    /**
     * H2 "connection broken" / "server not reachable" while another process hands over its server,
     * or a transaction that waited too long for another one's lock (it was rolled back whole).
     */
    static boolean transientFailure(SQLException e) {
        return e.getErrorCode() == 90067
                || e.getErrorCode() == 50200
                || e.getErrorCode() == 40001
                || e.getErrorCode() == 90028
                || e.getErrorCode() == 90121
                || e.getErrorCode() == 90020
                || e.getErrorCode() == 90046
                || "08001".equals(e.getSQLState());
    }

    static void backOff(int attempt) {
        try {
            // jittered: processes that failed together must not all try again at the same moment
            long wait = Math.min(100L << Math.min(attempt, 5), 3000L);
            Thread.sleep(
                    wait / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(wait / 2 + 1));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }
}
