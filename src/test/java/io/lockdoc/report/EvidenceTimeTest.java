package io.lockdoc.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code findings[].id} and {@code findings[].timestamp} in the JSON report. */
class EvidenceTimeTest {

    @Test
    void printedTimesAreReadAsBootOrWallClock() {
        assertThat(EvidenceTime.read("112.462016"))
                .containsEntry("clock", "boot")
                .containsEntry("sinceBootSeconds", 112.462016)
                .containsEntry("iso", null);
        assertThat(EvidenceTime.read("[  42.000001]")).containsEntry("sinceBootSeconds", 42.000001);
        assertThat(EvidenceTime.read("Tue Mar  4 10:12:31 2025"))
                .containsEntry("clock", "wall")
                .containsEntry("iso", "2025-03-04T10:12:31");
        assertThat(EvidenceTime.read("2025-03-04T10:12:31.250+0100"))
                .containsEntry("iso", "2025-03-04T10:12:31.250+01:00");
        assertThat(EvidenceTime.read("2025-03-04 10:12:31,5")).containsEntry("iso", "2025-03-04T10:12:31.500");
        // syslog prints no year: the time stays as printed
        assertThat(EvidenceTime.read("Dec 14 06:35:48.545439"))
                .containsEntry("clock", "wall")
                .containsEntry("printed", "Dec 14 06:35:48.545439")
                .containsEntry("iso", null);
    }

    private static JsonNode firstFinding(String fixture) throws Exception {
        return JsonMapper.builder()
                .build()
                .readTree(ReportFixtures.render(new JsonRenderer(), ReportFixtures.analyze(fixture), null))
                .get("findings")
                .get(0);
    }

    @Test
    void aLockdepReportCarriesItsBannerTimeSinceBootAndAStableId() throws Exception {
        JsonNode f = firstFinding("linux/dmesg_lockdep-circular-seed-mymod.log");
        assertThat(f.get("timestamp").get("printed").asString()).isEqualTo("112.462016");
        assertThat(f.get("timestamp").get("sinceBootSeconds").asDouble()).isEqualTo(112.462016);
        assertThat(f.get("id").asString())
                .matches("ld-[0-9a-f]{16}")
                .isEqualTo(firstFinding("linux/dmesg_lockdep-circular-seed-mymod.log")
                        .get("id")
                        .asString());
        assertThat(f.propertyNames().iterator().next()).isEqualTo("id");
    }

    @Test
    void dmesgMinusTGivesTheWallTime() throws Exception {
        JsonNode ts = firstFinding("shell/dmesg_T-hung-task-mutex.txt").get("timestamp");
        assertThat(ts.get("clock").asString()).isEqualTo("wall");
        assertThat(ts.get("iso").asString()).isEqualTo("2025-03-04T10:12:31");
    }

    @Test
    void aFindingWithoutAKernelReportHasNoTimestamp() throws Exception {
        JsonNode f = firstFinding("windows/windbg_locks-cs-cycle.txt");
        assertThat(f.get("timestamp").isNull()).isTrue();
        assertThat(f.get("id").asString()).matches("ld-[0-9a-f]{16}");
    }
}
