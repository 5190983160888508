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
import org.junit.jupiter.params.provider.ValueSource;

/** Hang reports as Windows users copy them: the General tab, Reliability Monitor, a .wer file, another language. */
class WindowsPasteShapesTest {
    private static Analyzer analyzer;

    @BeforeAll
    static void setUp() {
        analyzer = new Analyzer(new Engine(RuleBase.packaged()), null);
    }

    private static List<Finding> findings(String fixture) {
        byte[] text = Fixtures.text("windows/" + fixture).getBytes(StandardCharsets.UTF_8);
        return analyzer.analyze(List.of(Inputs.bytes("paste.txt", text))).findings().stream()
                .map(AnalysisResult.Diagnosed::finding)
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "eventlog-text_general-tab-only.txt",
                "eventlog-text_reliability-xproc.txt",
                "eventlog-text_wer-file.txt",
                "eventlog-text_localised-zh.txt"
            })
    void eachIsAnApplicationHangOfLedger(String fixture) {
        Finding f = findings(fixture).get(0);

        assertThat(f.getCause().id()).isEqualTo("application-hang");
        assertThat(f.getCulprit().function()).isEqualTo("Ledger.exe");
    }

    @Test
    void aCriticalSectionWaitUnderLdrpAcquireLoaderLockIsTheLoaderLock() {
        Finding f = findings("windbg_k-loader-lock-wait-no-owner.txt").get(0);

        assertThat(f.getCause().id()).isEqualTo("loader-lock-deadlock");
        assertThat(f.getParticipants()).anyMatch(p -> p.name().equals("ntdll!LdrpLoaderLock"));
    }

    @Test
    void nearMissAnOrdinaryCriticalSectionWaitStaysACriticalSection() {
        assertThat(findings("windbg_k-cs-wait-no-owner.txt").get(0).getCause().id())
                .isEqualTo("critical-section-deadlock");
    }

    @Test
    void nearMissACrashReportIsNoHang() {
        assertThat(findings("eventlog-text_wer-appcrash.txt")).isEmpty();
    }
}
