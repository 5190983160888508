package io.lockdoc.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.engine.Engine;
import io.lockdoc.ingest.Inputs;
import io.lockdoc.model.Evidence;
import io.lockdoc.rulebase.RuleBase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A log behind leading NUL padding (preallocated, or blocks lost in a crash) is read; NULs alone are binary. */
class NulPaddingTest {
    private static Analyzer analyzer;

    @BeforeAll
    static void setUp() {
        analyzer = new Analyzer(new Engine(RuleBase.packaged()), null);
    }

    private static void padded(Path file, int nuls, String text, Charset cs) throws IOException {
        try (OutputStream o = Files.newOutputStream(file)) {
            o.write(new byte[nuls]);
            o.write(text.getBytes(cs));
        }
    }

    @Test
    void theTextAfterLeadingNulsIsDiagnosedWithItsOwnLineNumbers(@TempDir Path dir) throws Exception {
        padded(
                dir.resolve("messages"),
                16 * 1024,
                Fixtures.text("linux/dmesg_lockdep-circular-seed-mymod.log"),
                StandardCharsets.UTF_8);
        // more NULs than detection sniffs (256 KiB), and an odd count
        padded(
                dir.resolve("kern.log"),
                1024 * 1024 + 1,
                Fixtures.text("linux/kinds/dmesg_soft-lockup.log"),
                StandardCharsets.UTF_8);
        padded(
                dir.resolve("console.log"),
                300 * 1024,
                Fixtures.text("linux/kinds/dmesg_rcu-stall.log"),
                StandardCharsets.UTF_16BE);
        Files.write(dir.resolve("syslog"), new byte[128 * 1024]);

        AnalysisResult r = analyzer.analyze(Inputs.resolve(dir.toString(), InputStream.nullInputStream()));

        Map<String, String> causes = new TreeMap<>();
        r.findings()
                .forEach(d -> causes.put(
                        d.finding().getArtifact(), d.finding().getCause().id()));
        assertThat(causes)
                .containsExactlyEntriesOf(new TreeMap<>(Map.of(
                        "console.log", "rcu-stall",
                        "kern.log", "soft-lockup",
                        "messages", "lock-order-inversion")));
        assertThat(r.findings())
                .filteredOn(d -> d.finding().getArtifact().equals("messages"))
                .singleElement()
                .satisfies(d -> assertThat(d.finding().getEvidence())
                        .first()
                        .extracting(Evidence::getFirstLine)
                        .isEqualTo(2));
        assertThat(r.inputs())
                .filteredOn(i -> i.name().equals("syslog"))
                .singleElement()
                .satisfies(i -> assertThat(i.skipReason()).isEqualTo("binary data, not a text log"));
    }
}
