package io.lockdoc.parse.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.model.KernelReport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Skipping undecoded lines outside reports changes no fact, problem or line number. */
class KernelLogPrefilterTest {

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources/fixtures"))) {
            return files.filter(Files::isRegularFile).toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyFixtureParsesTheSameWithAndWithoutThePrefilter(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertSame(bytes);
    }

    /** Banners at buffer boundaries, after rulers, broken by control bytes, NULs and ANSI escapes. */
    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n"})
    void hostileLayoutsParseTheSame(String eol) throws IOException {
        String report = String.join(
                eol,
                "[  240.100000] INFO: task kworker/0:1:42 blocked for more than 120 seconds.",
                "[  240.100001]       Not tainted 6.18.0 #1",
                "[  240.100002] task:kworker/0:1     state:D stack:0     pid:42    ppid:2      flags:0x00004000",
                "[  240.100003] Call Trace:",
                "[  240.100004]  <TASK>",
                "[  240.100005]  __schedule+0x2b0/0x6f0",
                "[  240.100006]  schedule+0x33/0xa0",
                "[  240.100007]  mutex_lock+0x2e/0x40",
                "[  240.100008]  </TASK>",
                "");
        String[] oddities = {
            "[  1.000000] ------------[ cut here ]------------" + eol,
            "[  1.000000] ======================================================" + eol,
            "=" + eol,
            "[  1.000000] BU\u0001G: soft lockup - CPU#1 stuck for 23s! [a:1]" + eol,
            "[  1.000000] BU\u0000G: soft lockup - CPU#1 stuck for 23s! [a:1]" + eol,
            "[  1.000000] \u001B[31mBUG\u001B[0m: soft lockup - CPU#1 stuck for 23s! [a:1]" + eol,
            "[  1.000000] blo\rcked" + eol,
            "[  1.000000] caf\u00e9 \uFFFD \u0080" + eol,
            "x".repeat(70_000) + eol,
            "[  1.000000] INFO: task a:1 blocked for more than 5 seconds." + "y".repeat(70_000) + eol,
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = 0;
        for (int i = 0; out.size() < 1_200_000; i++) {
            String noise = "[  " + (100 + i) + ".000000] eth0: link up, 1000Mbps, full-duplex, lpa 0x" + i + eol;
            out.writeBytes(noise.getBytes(StandardCharsets.UTF_8));
            if (i % 997 == 0) {
                out.writeBytes(oddities[n % oddities.length].getBytes(StandardCharsets.UTF_8));
                // a task of its own each time: re-reports of one task fold into two (KernelLogParser.Repeats)
                String task = report.replace("kworker/0:1:42 ", "kworker/0:1:" + (42 + n) + " ")
                        .replace("pid:42 ", "pid:" + (42 + n) + " ");
                out.writeBytes(task.getBytes(StandardCharsets.UTF_8));
                n++;
            }
        }
        out.writeBytes("[  9.9] INFO: task last:9 blocked for more than 9 seconds.".getBytes(StandardCharsets.UTF_8));
        Fixtures.Parsed parsed = assertSame(out.toByteArray());
        assertThat(parsed.of(KernelReport.class)).hasSizeGreaterThan(n);
    }

    private static Fixtures.Parsed assertSame(byte[] bytes) {
        Fixtures.Parsed fast = Fixtures.parse(new KernelLogParser(true), "log", new ByteArrayInputStream(bytes));
        Fixtures.Parsed all = Fixtures.parse(new KernelLogParser(false), "log", new ByteArrayInputStream(bytes));
        assertThat(fast.facts()).usingRecursiveComparison().isEqualTo(all.facts());
        assertThat(fast.problems()).usingRecursiveComparison().isEqualTo(all.problems());
        return fast;
    }

    @org.junit.jupiter.api.Test
    void aFilterThatRulesEverythingOutLeavesTheLastLineBeforeEachHit() throws IOException {
        byte[] text = "a\nb\nINFO: task x:1 blocked for more than 1 seconds.\nc\n".getBytes(StandardCharsets.UTF_8);
        try (io.lockdoc.ingest.BoundedLineReader r =
                new io.lockdoc.ingest.BoundedLineReader(new ByteArrayInputStream(text))) {
            assertThat(r.skipLines(KernelBanners.PREFILTER)).isEqualTo(1);
            assertThat(r.readLine()).isEqualTo("b");
            assertThat(r.lineNumber()).isEqualTo(2);
            assertThat(r.skipLines(KernelBanners.PREFILTER)).isZero();
            assertThat(r.readLine()).startsWith("INFO: task");
            assertThat(r.skipLines(KernelBanners.PREFILTER)).isZero();
            assertThat(r.readLine()).isEqualTo("c");
            assertThat(r.readLine()).isNull();
            assertThat(r.lineNumber()).isEqualTo(4);
        }
    }
}
