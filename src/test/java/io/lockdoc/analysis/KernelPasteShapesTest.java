package io.lockdoc.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.engine.Engine;
import io.lockdoc.ingest.Inputs;
import io.lockdoc.model.Finding;
import io.lockdoc.rulebase.RuleBase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Kernel reports in shapes that arrive in pastes: other architectures, router syslogs, no timestamps. */
class KernelPasteShapesTest {
    private static Analyzer analyzer;

    @BeforeAll
    static void setUp() {
        analyzer = new Analyzer(new Engine(RuleBase.packaged()), null);
    }

    private static List<Finding> findings(String fixture) {
        byte[] text = Fixtures.text("paste/" + fixture).getBytes(StandardCharsets.UTF_8);
        return analyzer.analyze(List.of(Inputs.bytes("paste.txt", text))).findings().stream()
                .map(AnalysisResult.Diagnosed::finding)
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "dmesg_hard-lockup-powerpc.log, hard-lockup, 2",
        "logread_irq-inversion-openwrt.log, irq-lock-inversion, 3",
        "dmesg_non-static-key-bare.log, lock-misuse, 2",
        "journal_short-precise-no-host.log, lock-order-inversion, 1",
        "syslog_localised-month.log, sleep-in-atomic, 1",
        "syslog_kmsg-records.log, workqueue-lockup, 1",
        "console_terminal-stamps-arm.log, sleep-in-atomic, 1",
        "syslog_rcu-sched-state-old.log, rcu-stall, 1",
    })
    void theReportIsDiagnosedWhereThePasteHasIt(String fixture, String cause, int firstLine) {
        Finding f = findings(fixture).get(0);

        assertThat(f.getCause().id()).isEqualTo(cause);
        assertThat(f.getEvidence().get(0).getFirstLine()).isEqualTo(firstLine);
    }

    @Test
    void thePowerpcWatchdogNamesTheStuckCpusTask() {
        assertThat(findings("dmesg_hard-lockup-powerpc.log").get(0).getCulprit().process())
                .isEqualTo("demo-poll/5120");
    }

    @Test
    void armFramesWithoutABacktraceLineBehindTerminalStampsGiveTheCulpritAndItsModule() {
        Finding f = findings("console_terminal-stamps-arm.log").get(0);

        assertThat(f.getCulprit().function()).isEqualTo("demo_rx_poll");
        assertThat(f.getCulprit().module()).isEqualTo("demo_uart");
    }

    @Test
    void nearMissAWatchdogStatusLineIsNoFinding() {
        assertThat(findings("dmesg_hard-lockup-lookalike.log")).isEmpty();
    }
}
