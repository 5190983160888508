package io.lockdoc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lockdoc.Fixtures;
import io.lockdoc.kb.FullDiskFilePath;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The database in trouble: a full disk during a batch, a home that cannot hold the database, a
 * read-only database, a file locked by another holder. Each says so in one line and leaves the
 * history with whole tickets only.
 */
class HostileDatabaseTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LOG = "linux/dmesg_lockdep-circular-seed-mymod.log";

    record Run(int exit, String out, String err) {
        List<JsonNode> lines() {
            List<JsonNode> l = new ArrayList<>();
            out.lines().forEach(x -> l.add(JSON.readTree(x)));
            return l;
        }
    }

    private static Run run(InputStream stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.run(
                new Streams(
                        stdin,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)),
                args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static byte[] ticket(String id) {
        return (JSON.writeValueAsString(Map.of("id", id, "title", "t", "description", Fixtures.text(LOG))) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** ticket id -> number of its finding rows, for every ticket row in the database. */
    private static Map<String, Integer> rows(String url) throws Exception {
        Map<String, Integer> rows = new java.util.TreeMap<>();
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT t.ticket_id, (SELECT COUNT(*) FROM ticket_finding f"
                                + " WHERE f.source = t.source AND f.ticket_id = t.ticket_id) FROM ticket t")) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getInt(2));
            }
        }
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                ResultSet rs = c.createStatement()
                        .executeQuery(
                                "SELECT COUNT(*) FROM ticket_finding f WHERE NOT EXISTS"
                                        + " (SELECT 1 FROM ticket t WHERE t.source = f.source AND t.ticket_id = f.ticket_id)")) {
            rs.next();
            assertThat(rs.getInt(1)).as("finding rows without their ticket").isZero();
        }
        return rows;
    }

    /**
     * Stdin that hands out one NDJSON line per read and sets the disk's remaining space as it
     * starts each ticket (the reader does not read ahead: {@code available()} is 0).
     */
    private static InputStream tickets(List<byte[]> lines, long[] spaceBefore) {
        return new InputStream() {
            private int next;

            @Override
            public int read() {
                throw new UnsupportedOperationException("read by blocks");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (next >= lines.size()) {
                    return -1;
                }
                FullDiskFilePath.allow(spaceBefore[next]);
                byte[] l = lines.get(next++);
                assertThat(l.length).isLessThanOrEqualTo(len);
                System.arraycopy(l, 0, b, off, l.length);
                return l.length;
            }
        };
    }

    @ParameterizedTest(name = "disk freed again before ticket 3: {0}")
    @ValueSource(booleans = {true, false})
    void aFullDiskFailsOnlyTheTicketWhoseWriteMetItAndLeavesNoPartOfIt(boolean freed, @TempDir Path dir)
            throws Exception {
        FullDiskFilePath.install();
        Path file = dir.resolve("history").toAbsolutePath();
        String url = "jdbc:h2:fulldisk:" + file;
        long[] space = {Long.MAX_VALUE, 0, freed ? Long.MAX_VALUE : 0};
        Run r;
        try {
            r = run(
                    tickets(List.of(ticket("T-1"), ticket("T-2"), ticket("T-3")), space),
                    "enrich",
                    "--batch",
                    "--db",
                    url);
        } finally {
            FullDiskFilePath.install();
        }

        String full =
                "history database " + file + ".mv.db: the disk is full: No space left on device (ticket not recorded)";
        List<JsonNode> out = r.lines();
        assertThat(r.exit()).isEqualTo(ExitCode.FINDINGS.code());
        assertThat(r.err()).isEmpty();
        assertThat(out).hasSize(3);
        assertThat(out.get(0).get("lockdoc").get("ticket").get("id").asString()).isEqualTo("T-1");
        assertThat(out.get(1).toString())
                .isEqualTo("{\"error\":{\"line\":2,\"message\":" + JSON.writeValueAsString(full) + "}}");
        if (freed) {
            assertThat(out.get(2).get("lockdoc").get("ticket").get("id").asString())
                    .isEqualTo("T-3");
            assertThat(rows("jdbc:h2:file:" + file)).isEqualTo(Map.of("T-1", 1, "T-3", 1));
        } else {
            assertThat(out.get(2).toString())
                    .isEqualTo("{\"error\":{\"line\":3,\"message\":" + JSON.writeValueAsString(full) + "}}");
            assertThat(rows("jdbc:h2:file:" + file)).isEqualTo(Map.of("T-1", 1));
        }
    }

    /**
     * A batch that goes on while the disk stays full: each ticket gets the one-line error, and H2 is
     * not opened again for every ticket (that cost seconds each) but on a doubling schedule.
     */
    @Test
    void aBatchOnADiskThatStaysFullDoesNotReopenTheDatabaseForEveryTicket(@TempDir Path dir) throws Exception {
        FullDiskFilePath.install();
        Path file = dir.resolve("history").toAbsolutePath();
        int n = 40;
        List<byte[]> lines = new ArrayList<>();
        long[] space = new long[n];
        for (int i = 0; i < n; i++) {
            lines.add(ticket("F-" + (i + 1)));
            space[i] = i == 0 ? Long.MAX_VALUE : 0;
        }
        Run r;
        int opens;
        try {
            r = run(tickets(lines, space), "enrich", "--batch", "--db", "jdbc:h2:fulldisk:" + file);
            opens = FullDiskFilePath.storeOpens();
        } finally {
            FullDiskFilePath.install();
        }

        String full = "{\"error\":{\"line\":%d,\"message\":"
                + JSON.writeValueAsString("history database " + file
                        + ".mv.db: the disk is full: No space left on device (ticket not recorded)")
                + "}}";
        List<JsonNode> out = r.lines();
        assertThat(out).hasSize(n);
        assertThat(out.get(0).get("lockdoc").get("ticket").get("id").asString()).isEqualTo("F-1");
        for (int i = 1; i < n; i++) {
            assertThat(out.get(i).toString()).isEqualTo(full.formatted(i + 1));
        }
        assertThat(r.err()).isEmpty();
        // the first open, then (each reopen failing again) at tickets 3, 5, 9, 17 and 33: was one per ticket, 40
        assertThat(opens).isEqualTo(6);
        assertThat(rows("jdbc:h2:file:" + file)).isEqualTo(Map.of("F-1", 1));
    }

    @Test
    void historyAndResolveStopWhenTheHomeCannotHoldTheDatabase(@TempDir Path dir) throws Exception {
        assumeTrue(System.getenv(CommandSetup.DB_ENV) == null, "LOCKDOC_DB set: the home is not used");
        Path home = Files.writeString(dir.resolve("home"), "not a folder").toAbsolutePath();
        String before = System.getProperty("user.home");
        Run history;
        Run resolve;
        try {
            System.setProperty("user.home", home.toString());
            history = run(new ByteArrayInputStream(new byte[0]), "history", "--ticket", "H-1");
            resolve = run(new ByteArrayInputStream(new byte[0]), "resolve", "H-1", "--note", "rebooted");
        } finally {
            System.setProperty("user.home", before);
        }

        String line = "lockdoc: no history to read: cannot use " + home + "/.lockdoc (" + home
                + " is a file, not a folder); give the database with --db or LOCKDOC_DB" + System.lineSeparator();
        assertThat(history.err()).isEqualTo(line);
        assertThat(history.exit()).isEqualTo(ExitCode.INTERNAL.code());
        assertThat(history.out()).isEmpty();
        assertThat(resolve.err()).isEqualTo(line);
        assertThat(resolve.exit()).isEqualTo(ExitCode.INTERNAL.code());
        assertThat(Files.readString(home)).isEqualTo("not a folder");
    }

    @Test
    void aHomeThatCannotHoldTheDatabaseKeepsTheDiagnosisAndSaysTheHistoryIsNotKept(@TempDir Path dir) throws Exception {
        assumeTrue(System.getenv(CommandSetup.DB_ENV) == null, "LOCKDOC_DB set: the home is not used");
        // a home whose path runs through a regular file cannot be created, for root as for anyone
        Path home = Files.writeString(dir.resolve("home"), "not a folder").toAbsolutePath();
        String before = System.getProperty("user.home");
        Run analyze;
        Run enrich;
        try {
            System.setProperty("user.home", home.toString());
            analyze = run(
                    new ByteArrayInputStream(new byte[0]),
                    "analyze",
                    Fixtures.path(LOG).toString());
            enrich = run(new ByteArrayInputStream(ticket("H-1")), "enrich", "--batch");
        } finally {
            System.setProperty("user.home", before);
        }

        String line = "lockdoc: cannot keep the database in " + home + "/.lockdoc (" + home
                + " is a file, not a folder); using an in-memory one, so no history is kept"
                + " (choose a place with --db or LOCKDOC_DB)" + System.lineSeparator();
        assertThat(analyze.err()).isEqualTo(line);
        assertThat(analyze.exit()).isEqualTo(ExitCode.FINDINGS.code());
        assertThat(analyze.out()).contains("Finding 1 [primary]: lock-order-inversion");
        assertThat(enrich.err()).isEqualTo(line);
        assertThat(enrich.exit()).isEqualTo(ExitCode.NO_FINDING.code());
        assertThat(enrich.lines()).singleElement().satisfies(j -> assertThat(
                        j.get("lockdoc").get("findings").get(0).get("cause").asString())
                .isEqualTo("lock-order-inversion"));
        assertThat(Files.readString(home)).isEqualTo("not a folder");
    }

    @Test
    void aReadOnlyDatabaseStillAnalysesButRefusesToEnrichAndKeepsItsRows(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ro").toAbsolutePath();
        String url = "jdbc:h2:file:" + file;
        Run first = run(new ByteArrayInputStream(ticket("R-1")), "enrich", "--batch", "--db", url);
        assertThat(first.exit()).as(first.err()).isZero();
        // H2's read-only mode stands in for a read-only mount: file permissions do not stop root
        String readOnly = url + ";ACCESS_MODE_DATA=r";

        Run analyze = run(
                new ByteArrayInputStream(new byte[0]),
                "analyze",
                Fixtures.path(LOG).toString(),
                "--db",
                readOnly);
        Run enrich = run(new ByteArrayInputStream(ticket("R-2")), "enrich", "--db", readOnly);

        assertThat(analyze.err()).isEmpty();
        assertThat(analyze.out()).contains("Finding 1 [primary]: lock-order-inversion");
        String message = "history database " + file
                + ".mv.db: the database is read-only: The database is read only (ticket not recorded)";
        assertThat(enrich.exit()).isEqualTo(ExitCode.FINDINGS.code());
        assertThat(enrich.err()).isEqualTo("lockdoc: " + message + System.lineSeparator());
        assertThat(rows(url)).isEqualTo(Map.of("R-1", 1));
    }

    @Test
    void aFileLockedByAnotherHolderIsNamedWithWhatToDo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("locked").toAbsolutePath();
        String url = "jdbc:h2:file:" + file;
        Run first = run(new ByteArrayInputStream(ticket("L-1")), "enrich", "--batch", "--db", url);
        assertThat(first.exit()).as(first.err()).isZero();

        Run analyze;
        Run enrich;
        // the lock H2 takes on its file, held here as another process without AUTO_SERVER would hold it
        try (FileChannel ch =
                        FileChannel.open(Path.of(file + ".mv.db"), StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock held = ch.lock()) {
            analyze = run(
                    new ByteArrayInputStream(new byte[0]),
                    "analyze",
                    Fixtures.path(LOG).toString(),
                    "--db",
                    url);
            enrich = run(new ByteArrayInputStream(ticket("L-2")), "enrich", "--batch", "--db", url);
        }

        String why = "the database file is in use by another process (close that program, or add ;AUTO_SERVER=TRUE"
                + " to the URL of both so they share it): Database may be already in use: \"" + file + ".mv.db\"";
        assertThat(analyze.err())
                .isEqualTo("lockdoc: database " + file + ".mv.db: " + why
                        + "; using an in-memory knowledge base (no history kept)" + System.lineSeparator());
        assertThat(analyze.out()).contains("Finding 1 [primary]: lock-order-inversion");
        assertThat(enrich.exit()).isEqualTo(ExitCode.INTERNAL.code());
        assertThat(enrich.err())
                .isEqualTo("lockdoc: database error: " + why + " (choose another with --db or LOCKDOC_DB)"
                        + System.lineSeparator());
        assertThat(enrich.out()).isEmpty();
        assertThat(rows(url)).isEqualTo(Map.of("L-1", 1));
    }
}
