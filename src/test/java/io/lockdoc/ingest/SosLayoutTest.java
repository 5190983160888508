package io.lockdoc.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.analysis.Analyzer;
import io.lockdoc.engine.Engine;
import io.lockdoc.rulebase.RuleBase;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sosreport is read through its known paths; its look-alike names are no kernel logs. */
class SosLayoutTest {
    private static AnalysisResult analyze() throws Exception {
        List<Inputs.Entry> entries =
                Inputs.resolve(Fixtures.path("bundle/sos_decoy-names").toString(), InputStream.nullInputStream());
        return new Analyzer(new Engine(RuleBase.packaged()), null).analyze(entries);
    }

    @Test
    void knownPathsAreReadDecoysAreNotRecognisedAndTheSecondKernelLogIsSkipped() throws Exception {
        AnalysisResult r = analyze();

        assertThat(r.inputs())
                .filteredOn(i -> i.skipReason() == null)
                .extracting(i -> i.name() + " " + i.type() + " " + i.detectedBy())
                .containsExactly(
                        "sos_commands/kernel/dmesg dmesg known path and content",
                        "sos_commands/process/ps_auxwww ps known path and content");
        assertThat(r.inputs())
                .filteredOn(AnalysisResult.InputSummary::unrecognised)
                .extracting(AnalysisResult.InputSummary::name)
                .containsExactlyInAnyOrder(
                        "etc/hostname",
                        "etc/systemd/journald.conf",
                        "proc/sys/kernel/dmesg_restrict",
                        "sos_commands/logs/journalctl_--disk-usage",
                        "sos_commands/logs/journalctl_--list-boots",
                        "sos_logs/sos.log",
                        "usr/lib/systemd/system/console-getty.service");
        assertThat(r.inputs())
                .filteredOn(i -> i.name().equals("var/log/messages"))
                .extracting(AnalysisResult.InputSummary::skipReason)
                .containsExactly("kernel log already read from sos_commands/kernel/dmesg");
        assertThat(r.findings()).hasSize(1);
        assertThat(r.findings().get(0).finding().getCause().id()).isEqualTo("hung-task");
    }

    @Test
    void filesAtNoKnownPlaceOfASosreportAreOnlyGlancedAt() throws Exception {
        List<Inputs.Entry> entries =
                Inputs.resolve(Fixtures.path("bundle/sos_decoy-names").toString(), InputStream.nullInputStream());

        assertThat(entries)
                .filteredOn(e -> e.artifact() != null && e.artifact().glance())
                .extracting(Inputs.Entry::name)
                .contains("etc/systemd/journald.conf", "sos_logs/sos.log")
                .doesNotContain("sos_commands/kernel/dmesg", "sos_commands/process/ps_auxwww");
    }
}
