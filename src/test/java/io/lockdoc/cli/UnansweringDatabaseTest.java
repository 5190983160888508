package io.lockdoc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A database server that accepts connections and never answers: each command fails in bounded time, in one line. */
class UnansweringDatabaseTest {
    private static final String LOG = "linux/dmesg_lockdep-circular-seed-mymod.log";

    private ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    held.add(server.accept()); // kept open, never read or written
                }
            } catch (Exception closed) {
                // the test is over
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @AfterEach
    void close() throws Exception {
        server.close();
        for (Socket s : held) {
            s.close();
        }
    }

    private record Run(int exit, String out, String err, long millis) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int exit = Cli.run(
                new Streams(
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)),
                args);
        return new Run(
                exit,
                out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8),
                (System.nanoTime() - start) / 1_000_000);
    }

    private String url() {
        return "jdbc:postgresql://127.0.0.1:" + server.getLocalPort() + "/lockdoc?user=lockdoc";
    }

    @Test
    void analyzeGivesItsDiagnosisFromMemoryWithinBoundedTime() {
        Run r = run("analyze", Fixtures.path(LOG).toString(), "--db", url());

        assertThat(r.millis()).isLessThan(20_000);
        assertThat(r.err())
                .isEqualTo("lockdoc: database jdbc:postgresql://127.0.0.1:" + server.getLocalPort()
                        + "/lockdoc: the database cannot be used:"
                        + " Connection attempt timed out.; using an in-memory knowledge base (no history kept)"
                        + System.lineSeparator());
        assertThat(r.exit()).isEqualTo(ExitCode.FINDINGS.code());
        assertThat(r.out()).contains("Finding 1 [primary]: lock-order-inversion");
    }

    @Test
    void enrichStopsWithOneLineWithinBoundedTime() {
        Run r = run("enrich", "--db", url(), Fixtures.path(LOG).toString());

        assertThat(r.millis()).isLessThan(20_000);
        assertThat(r.err())
                .isEqualTo("lockdoc: database error: the database cannot be used: Connection attempt timed out."
                        + " (choose another with --db or LOCKDOC_DB)" + System.lineSeparator());
        assertThat(r.exit()).isEqualTo(ExitCode.INTERNAL.code());
        assertThat(r.out()).isEmpty();
    }
}
