package io.lockdoc.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.engine.Engine;
import io.lockdoc.ingest.Inputs;
import io.lockdoc.model.Problem;
import io.lockdoc.rulebase.RuleBase;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines and sizes nobody should send: bounded memory and time, a clear message, every other finding kept. */
class HostileInputTest {
    private static Analyzer analyzer;
    private static final String LOCKDEP = Fixtures.text("linux/dmesg_lockdep-circular-seed-mymod.log");
    private static final String SOFT_LOCKUP = Fixtures.text("linux/kinds/dmesg_soft-lockup.log");

    @BeforeAll
    static void setUp() {
        analyzer = new Analyzer(new Engine(RuleBase.packaged()), null);
    }

    private static List<String> causes(AnalysisResult r) {
        return r.findings().stream()
                .map(d -> d.finding().getCause().id())
                .sorted()
                .toList();
    }

    /** {@code n} bytes of {@code b}, generated as they are read, never held. */
    private static InputStream repeat(byte b, long n) {
        return new InputStream() {
            long left = n;

            @Override
            public int read() {
                return left-- > 0 ? b & 0xff : -1;
            }

            @Override
            public int read(byte[] buf, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int k = (int) Math.min(len, left);
                java.util.Arrays.fill(buf, off, off + k, b);
                left -= k;
                return k;
            }
        };
    }

    private static InputStream text(String s) {
        return new java.io.ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aLineOfHundredsOfMegabytesIsCutAndTheReportsAroundItAreKept() throws Exception {
        // 256 MiB in one line between two reports, streamed through stdin (the 1 GiB case: see the README)
        InputStream in = new SequenceInputStream(Collections.enumeration(
                List.of(text(LOCKDEP), repeat((byte) 'x', 256L << 20), text("\n" + SOFT_LOCKUP))));
        Runtime rt = Runtime.getRuntime();
        long before = rt.totalMemory() - rt.freeMemory();

        AnalysisResult r = analyzer.analyze(Inputs.resolve("-", in));

        assertThat(causes(r)).containsExactly("lock-order-inversion", "soft-lockup");
        assertThat(r.problems())
                .filteredOn(p -> p.id() == Problem.ErrorId.LINE_TOO_LONG)
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("1 line(s) longer than 65536 characters were cut"));
        // nowhere near the 256 MiB the line would take as a string
        assertThat(rt.totalMemory() - rt.freeMemory() - before).isLessThan(128L << 20);
    }

    @Test
    void anEndlessStdinStopsAtTheConfiguredBoundWithAMessage() throws Exception {
        InputStream endless = new SequenceInputStream(text(LOCKDEP), repeat((byte) '\n', Long.MAX_VALUE));

        AnalysisResult r = analyzer.analyze(Inputs.resolve("-", endless, 1L << 20));

        assertThat(causes(r)).containsExactly("lock-order-inversion");
        assertThat(r.problems())
                .filteredOn(p -> p.id() == Problem.ErrorId.LIMIT_EXCEEDED)
                .singleElement()
                .satisfies(p -> assertThat(p.describe())
                        .isEqualTo(
                                "-: the input passed 1 MiB (LOCKDOC_MAX_STDIN_MB); the rest was not read [LD-E007]"));
    }

    @Test
    void devZeroOnStdinIsSkippedAsBinaryAfterItsHead() throws Exception {
        AnalysisResult r = analyzer.analyze(Inputs.resolve("-", repeat((byte) 0, Long.MAX_VALUE), 1L << 40));

        assertThat(r.findings()).isEmpty();
        assertThat(r.inputs()).singleElement().satisfies(i -> assertThat(i.skipReason())
                .isEqualTo("binary data, not a text log"));
    }

    @Test
    void binaryGarbageNulRunsUtf16AndMixedLineEndingsInOneFolder(@TempDir Path dir) throws Exception {
        byte[] garbage = new byte[64 * 1024];
        new Random(42).nextBytes(garbage);
        Files.write(dir.resolve("dmesg-garbage.log"), garbage);
        // a log after an unclean shutdown: a block of NULs, then the rest of the log
        try (OutputStream o = Files.newOutputStream(dir.resolve("messages"))) {
            o.write(new byte[4096]);
            o.write(LOCKDEP.getBytes(StandardCharsets.UTF_8));
        }
        Files.write(dir.resolve("kern.log"), SOFT_LOCKUP.getBytes(StandardCharsets.UTF_16LE));
        Files.write(
                dir.resolve("console.log"),
                Fixtures.text("linux/kinds/dmesg_rcu-stall.log")
                        .replace("\n", "\r\n")
                        .replaceFirst("\r\n", "\n")
                        .getBytes(StandardCharsets.UTF_8));

        AnalysisResult r = analyzer.analyze(Inputs.resolve(dir.toString(), InputStream.nullInputStream()));

        assertThat(causes(r)).containsExactly("lock-order-inversion", "rcu-stall", "soft-lockup");
        assertThat(r.inputs())
                .filteredOn(i -> i.name().equals("dmesg-garbage.log"))
                .singleElement()
                .satisfies(i -> assertThat(i.skipReason()).isEqualTo("binary data, not a text log"));
    }
}
