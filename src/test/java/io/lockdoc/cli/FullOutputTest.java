package io.lockdoc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lockdoc.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A report that cannot be written is an error (exit 4, one line), never a silent success. */
class FullOutputTest {
    private static final AtomicInteger DB = new AtomicInteger();
    private static final String SEED =
            Fixtures.path("linux/dmesg_lockdep-circular-seed-mymod.log").toString();
    private static final Path DEV_FULL = Path.of("/dev/full");

    record Run(int exit, String err) {}

    /** Runs with a stdout that fails every write, as {@code > /dev/full} does. */
    private static Run run(byte[] stdin, OutputStream stdout, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--db");
        all.add("jdbc:h2:mem:full" + DB.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        int exit = Cli.run(
                new Streams(
                        new ByteArrayInputStream(stdin),
                        new PrintStream(stdout, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)),
                all.toArray(String[]::new));
        return new Run(exit, err.toString(StandardCharsets.UTF_8));
    }

    private static OutputStream full() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
    }

    @Test
    void analyzeToAFullStdoutExitsFourWithOneLine() {
        Run r = run(new byte[0], full(), "analyze", SEED);

        assertThat(r.exit()).isEqualTo(ExitCode.INTERNAL.code());
        assertThat(r.err()).isEqualTo("lockdoc: cannot write to standard output; the output is incomplete\n");
    }

    @Test
    void analyzeToAFullFileExitsFourNamingTheFileAndTheCause() {
        assumeTrue(Files.isWritable(DEV_FULL), "needs /dev/full");

        Run r = run(new byte[0], OutputStream.nullOutputStream(), "analyze", SEED, "-o", DEV_FULL.toString());

        assertThat(r.exit()).isEqualTo(ExitCode.INTERNAL.code());
        assertThat(r.err())
                .isEqualTo("lockdoc: cannot write to /dev/full: No space left on device; the output is incomplete\n");
    }

    @Test
    void enrichToAFullStdoutExitsFourWithOneLine() throws IOException {
        byte[] ticket = Files.readAllBytes(Fixtures.path("tickets/generic_pasted-dmesg.json"));

        Run r = run(ticket, full(), "enrich");

        assertThat(r.exit()).isEqualTo(ExitCode.INTERNAL.code());
        assertThat(r.err()).isEqualTo("lockdoc: cannot write to standard output; the output is incomplete\n");
    }

    @Test
    void enrichBatchStopsAtTheFirstTicketItCannotWrite() throws IOException {
        assumeTrue(Files.isWritable(DEV_FULL), "needs /dev/full");
        String one = new String(
                        Files.readAllBytes(Fixtures.path("tickets/generic_pasted-dmesg.json")), StandardCharsets.UTF_8)
                .replace("\n", " ");

        Run r = run(
                (one + "\n" + one + "\n").getBytes(StandardCharsets.UTF_8),
                OutputStream.nullOutputStream(),
                "enrich",
                "--batch",
                "-o",
                DEV_FULL.toString());

        assertThat(r.exit()).isEqualTo(ExitCode.INTERNAL.code());
        assertThat(r.err())
                .isEqualTo("lockdoc: cannot write to /dev/full: No space left on device; the output is incomplete\n");
    }
}
