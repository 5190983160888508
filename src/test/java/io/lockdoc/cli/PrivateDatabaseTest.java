package io.lockdoc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lockdoc.kb.PrivateHome;
import io.lockdoc.ticket.History;
import io.lockdoc.ticket.Ticket;
import io.lockdoc.ticket.TicketShape;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default database in {@code ~/.lockdoc} is its owner's alone: private folder and files, a
 * random password, a server that listens on loopback only; a database from before the password
 * keeps working.
 */
class PrivateDatabaseTest {
    @TempDir
    Path dir;

    private String before;
    private Path lockdoc;

    @BeforeEach
    void home() throws Exception {
        assumeTrue(System.getenv(CommandSetup.DB_ENV) == null, "LOCKDOC_DB set: the home is not used");
        // a home others may enter, as most are (0755)
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        before = System.getProperty("user.home");
        System.setProperty("user.home", dir.toString());
        lockdoc = dir.resolve(".lockdoc");
    }

    @AfterEach
    void restore() {
        if (before != null) {
            System.setProperty("user.home", before);
        }
    }

    private static String url() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String url = CommandSetup.databaseUrl(null, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        return url;
    }

    private static Ticket ticket(String id) {
        return new Ticket(id, TicketShape.GENERIC, "t", null, null, List.of());
    }

    private static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    /** The lock file's properties: where the serving process listens and the key that names the database there. */
    private Properties lock() throws Exception {
        Properties p = new Properties();
        try (var in = Files.newInputStream(lockdoc.resolve("lockdoc.lock.db"))) {
            p.load(in);
        }
        return p;
    }

    private static SQLException login(String server, String key, String password) {
        try (var c = DriverManager.getConnection("jdbc:h2:tcp://" + server + "/" + key, "sa", password)) {
            throw new AssertionError("logged in with password '" + password + "'");
        } catch (SQLException e) {
            return e;
        }
    }

    @Test
    void theFolderFilesAndPasswordAreTheOwnersAndTheServerListensOnLoopbackOnly() throws Exception {
        Files.createDirectories(lockdoc);
        Files.setPosixFilePermissions(lockdoc, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (History h = History.open(url(), Clock.systemUTC())) {
            h.record(ticket("P-1"), List.of());

            assertThat(perms(lockdoc)).isEqualTo("rwx------");
            assertThat(perms(lockdoc.resolve(PrivateHome.PASSWORD_FILE))).isEqualTo("rw-------");
            assertThat(perms(lockdoc.resolve("lockdoc.mv.db"))).isEqualTo("rw-------");
            assertThat(perms(lockdoc.resolve("lockdoc.lock.db"))).isEqualTo("rw-------");
            assertThat(Files.readString(lockdoc.resolve(PrivateHome.PASSWORD_FILE)))
                    .matches("[0-9a-f]{64}\n");

            String server = lock().getProperty("server");
            assertThat(server.substring(0, server.indexOf(':'))).isIn("127.0.0.1", "localhost");
            int port = Integer.parseInt(server.substring(server.indexOf(':') + 1));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000); // it does listen, there
            }
            List<InetAddress> others = new ArrayList<>();
            for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                Collections.list(n.getInetAddresses()).stream()
                        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                        .forEach(others::add);
            }
            assumeTrue(!others.isEmpty(), "no network interface but loopback to try");
            for (InetAddress a : others) {
                assertThatThrownBy(() -> {
                            try (Socket s = new Socket()) {
                                s.connect(new InetSocketAddress(a, port), 2000);
                            }
                        })
                        .as("port %d on %s", port, a)
                        .isInstanceOf(ConnectException.class);
            }
            // even with the key from the lock file, the admin's old empty password is refused
            String key = lock().getProperty("id");
            assertThat(login(server, key, "").getErrorCode()).isEqualTo(28000);
            assertThat(login(server, key, "sa").getErrorCode()).isEqualTo(28000);
        }
    }

    @Test
    void aDatabaseMadeWithTheEmptyPasswordGetsThePasswordOnFirstOpenAndKeepsItsRows() throws Exception {
        String old = "jdbc:h2:file:" + lockdoc.resolve("lockdoc") + ";AUTO_SERVER=TRUE;AUTO_RECONNECT=TRUE";
        try (History h = History.open(old, Clock.systemUTC())) {
            h.record(ticket("OLD-1"), List.of());
        }

        try (History h = History.open(url(), Clock.systemUTC())) {
            assertThat(h.ticketCount()).isEqualTo(1);
            h.record(ticket("NEW-1"), List.of());
        }

        String file = "jdbc:h2:file:" + lockdoc.resolve("lockdoc");
        assertThatThrownBy(() -> DriverManager.getConnection(file, "sa", "").close())
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(28000));
        String password =
                Files.readString(lockdoc.resolve(PrivateHome.PASSWORD_FILE)).strip();
        try (var c = DriverManager.getConnection(file, "sa", password);
                var rs = c.createStatement().executeQuery("SELECT ticket_id FROM ticket ORDER BY ticket_id")) {
            List<String> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            assertThat(ids).containsExactly("NEW-1", "OLD-1");
        }
    }

    @Test
    void anExplicitUrlIsUsedAsGiven() {
        assertThat(CommandSetup.databaseUrl("jdbc:h2:file:/srv/x;AUTO_SERVER=TRUE", System.err))
                .isEqualTo("jdbc:h2:file:/srv/x;AUTO_SERVER=TRUE");
        assertThat(lockdoc).doesNotExist();
    }

    /**
     * Another local user ({@code nobody}, a child process) can read neither the password nor the
     * lock file, and cannot log in to the server with {@code sa} and an empty or guessed password
     * even when handed the key.
     */
    @Test
    void anotherUserCanReadNothingAndCannotLogIn() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "not root: cannot run a child as another user");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "no setpriv to run a child as nobody");
        Path probeDir = Files.createDirectory(dir.resolve("probe"));
        Path h2 = Path.of(org.h2.Driver.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Files.copy(h2, probeDir.resolve("h2.jar"));
        Path probe = Files.writeString(
                probeDir.resolve("Probe.java"),
                """
                import java.nio.file.*;
                public class Probe {
                    public static void main(String[] a) throws Exception {
                        for (String f : new String[] {a[0], a[1]}) {
                            try { Files.readAllBytes(Path.of(f)); System.out.println("read " + f); }
                            catch (java.io.IOException e) { System.out.println("refused " + Path.of(f).getFileName()); }
                        }
                        for (String pw : new String[] {"", "sa", "password", "lockdoc"}) {
                            try (var c = java.sql.DriverManager.getConnection("jdbc:h2:tcp://" + a[2] + "/" + a[3], "sa", pw)) {
                                System.out.println("logged in with '" + pw + "'");
                            } catch (java.sql.SQLException e) { System.out.println("login refused " + e.getErrorCode()); }
                        }
                    }
                }
                """);
        for (Path p : List.of(probeDir, probe, probeDir.resolve("h2.jar"))) {
            Files.setPosixFilePermissions(
                    p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        }
        try (History h = History.open(url(), Clock.systemUTC())) {
            h.record(ticket("P-1"), List.of());
            Properties lock = lock();
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(
                            "/usr/bin/setpriv",
                            "--reuid=65534",
                            "--regid=65534",
                            "--clear-groups",
                            java,
                            "-cp",
                            probeDir.resolve("h2.jar").toString(),
                            probe.toString(),
                            lockdoc.resolve(PrivateHome.PASSWORD_FILE).toString(),
                            lockdoc.resolve("lockdoc.lock.db").toString(),
                            lock.getProperty("server"),
                            lock.getProperty("id"))
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(out)
                    .isEqualTo(String.join(
                            "\n",
                            "refused db.password",
                            "refused lockdoc.lock.db",
                            "login refused 28000",
                            "login refused 28000",
                            "login refused 28000",
                            "login refused 28000",
                            ""));
        }
    }
}
