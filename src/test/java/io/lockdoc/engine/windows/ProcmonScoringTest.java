package io.lockdoc.engine.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.engine.Engine;
import io.lockdoc.model.Adjustment;
import io.lockdoc.model.Fact;
import io.lockdoc.model.Finding;
import io.lockdoc.parse.windows.WindowsFixtures;
import io.lockdoc.rulebase.RuleBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A Procmon thread stuck in one long operation corroborates an application hang or a file conflict. */
class ProcmonScoringTest {
    private static final String RULE = "score: a thread of the process is stuck in one long operation (Procmon)";
    private static Engine engine;

    @BeforeAll
    static void rules() {
        engine = new Engine(RuleBase.packaged());
    }

    private static Finding only(String... fixtures) {
        List<Fact> facts = new ArrayList<>();
        for (String f : fixtures) {
            facts.addAll(WindowsFixtures.parse(f).facts());
        }
        List<Finding> findings = engine.diagnose(facts);
        assertThat(findings).hasSize(1);
        return findings.get(0);
    }

    @Test
    void hungApplicationWithAThreadStuckInOneReadIsCorroborated() {
        Finding f = only("eventlog-xml_apphang-1002-named.xml", "procmon-csv_allcols-thread-stuck-read.csv");

        assertThat(f.getCause().id()).isEqualTo("application-hang");
        assertThat(f.getConfidence()).isEqualTo(0.85);
        assertThat(f.getReasons()).singleElement().satisfies(r -> {
            assertThat(r.direction()).isEqualTo(Adjustment.Direction.FOR);
            assertThat(r.rule()).isEqualTo(RULE);
            assertThat(r.text())
                    .isEqualTo(
                            "Process Monitor: thread Ledger.exe/8000/8004 was in ReadFile \\\\fs01\\books\\ledger.dat"
                                    + " (SUCCESS) that took 14.2 s");
            assertThat(r.evidence().getArtifact()).isEqualTo("procmon-csv_allcols-thread-stuck-read.csv");
            assertThat(r.evidence().getFirstLine()).isEqualTo(3);
        });
    }

    @Test
    void pendingNotifyBenignStatusesAndOtherProcessesDoNotCorroborate() {
        // Ledger's 38 s NotifyChangeDirectory and 3.5 s readers-only mapping are no stall; backup.exe is another
        // process
        Finding f = only("eventlog-xml_apphang-1002-named.xml", "procmon-csv_allcols-notify-pending.csv");

        assertThat(f.getCause().id()).isEqualTo("application-hang");
        assertThat(f.getConfidence()).isEqualTo(0.8);
        assertThat(f.getReasons()).isEmpty();
    }

    @Test
    void holderStuckBetweenEventsCorroboratesTheConflictByTheGap() {
        Finding f = only("procmon-csv_default-holder-gap.csv");

        assertThat(f.getCause().id()).isEqualTo("file-lock-conflict");
        assertThat(f.getConfidence()).isEqualTo(0.83);
        assertThat(f.getReasons()).singleElement().satisfies(r -> assertThat(r.text())
                .isEqualTo("Process Monitor: thread setup.exe/3120 was in WriteFile C:\\ProgramData\\Vendor\\app.db"
                        + " (SUCCESS) followed by no event of that thread for 8.1 s"));
    }

    @Test
    void holderThreadStuckInAWriteCorroboratesTheXmlConflict() {
        Finding f = only("procmon-xml_thread-stuck-lock.xml");

        assertThat(f.getCause().id()).isEqualTo("file-lock-conflict");
        assertThat(f.getConfidence()).isEqualTo(0.85);
        assertThat(f.getReasons()).singleElement().satisfies(r -> assertThat(r.text())
                .startsWith("Process Monitor: thread ledger.exe/6400/6408 was in WriteFile"));
    }

    @Test
    void shortGapsDoNotCorroborate() {
        // setup.exe's only event cannot be measured; updater.exe retries every half second
        Finding f = only("procmon-csv_default-sharing-violation.csv");

        assertThat(f.getConfidence()).isEqualTo(0.8);
        assertThat(f.getReasons()).isEmpty();
    }
}
