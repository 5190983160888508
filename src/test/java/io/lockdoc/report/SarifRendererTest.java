package io.lockdoc.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.Finding;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code --format sarif} against the official SARIF 2.1.0 schema, for every kind of finding (with the wait-for graph where the finding has one, else from participants). */
class SarifRendererTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Schema schema;

    @BeforeAll
    static void loadSchema() throws Exception {
        try (InputStream in =
                SarifRendererTest.class.getClassLoader().getResourceAsStream("sarif/sarif-schema-2.1.0.json")) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                    .getSchema(in);
        }
    }

    private static JsonNode sarif(AnalysisResult result) {
        JsonNode log = JSON.readTree(ReportFixtures.render(new SarifRenderer(), result, null));
        assertThat(schema.validate(log)).isEmpty();
        return log;
    }

    @ParameterizedTest
    @CsvSource({
        "linux/dmesg_lockdep-circular-seed-mymod.log, lock-order-inversion, true",
        "linux/kinds/dmesg_hung-task-blocker-chain.log, hung-task, true",
        "linux/kinds/dmesg_hung-task-held-locks-cycle.log, hung-task, true",
        "linux/kinds/dmesg_soft-lockup.log, soft-lockup, false",
        "userspace/gdb_bt-mutex-abba.txt, userspace-mutex-deadlock, true",
        "userspace/jstack_monitor-abba.txt, java-monitor-deadlock, true",
        "userspace/bundle-flock-abba, file-lock-deadlock, true",
        "windows/windbg_locks-cs-cycle.txt, critical-section-deadlock, true",
        "windows/procmon-csv_default-sharing-violation.csv, file-lock-conflict, false"
    })
    void everyFindingIsAValidResultWithItsEvidenceFlowsAndSignature(String fixture, String cause, boolean graph)
            throws Exception {
        AnalysisResult result = ReportFixtures.analyze(fixture);
        JsonNode run = sarif(result).get("runs").get(0);
        assertThat(result.findings()).isNotEmpty();
        Finding primary = result.findings().get(0).finding();
        assertThat(primary.getCause().id()).isEqualTo(cause);
        assertThat(primary.getGraph().isEmpty()).isEqualTo(!graph);

        JsonNode results = run.get("results");
        assertThat(results.size()).isEqualTo(result.findings().size());
        JsonNode rules = run.get("tool").get("driver").get("rules");
        for (int i = 0; i < results.size(); i++) {
            Finding f = result.findings().get(i).finding();
            JsonNode r = results.get(i);
            assertThat(r.get("ruleId").asString()).isEqualTo(f.getCause().id());
            JsonNode rule = rules.get(r.get("ruleIndex").asInt());
            assertThat(rule.get("id").asString()).isEqualTo(f.getCause().id());
            assertThat(rule.get("helpUri").asString()).startsWith("urn:lockdoc:kb:");
            assertThat(rule.get("help").get("markdown").asString()).startsWith("## ");
            assertThat(r.get("level").asString()).isEqualTo(SarifRenderer.level(f.getConfidence()));
            assertThat(r.get("message").get("text").asString()).startsWith(f.getSummary());
            assertThat(r.get("partialFingerprints").get("lockdocSignature/v1").asString())
                    .isEqualTo(f.getSignature());
            assertThat(r.get("properties").get("confidence").asDouble())
                    .isEqualTo(Math.round(f.getConfidence() * 100) / 100.0);
            assertThat(r.get("properties").get("signature").asString()).isEqualTo(f.getSignature());
            if (f.getCulprit() != null) {
                JsonNode fn = r.get("properties").get("culprit").get("function");
                assertThat(fn.isNull() ? null : fn.asString())
                        .isEqualTo(f.getCulprit().function());
            }
            List<Evidence> ev = f.getEvidence();
            assertThat(r.get("locations").size()).isEqualTo(ev.size());
            for (int e = 0; e < ev.size(); e++) {
                JsonNode pl = r.get("locations").get(e).get("physicalLocation");
                assertThat(pl.get("artifactLocation").get("uri").asString())
                        .isEqualTo(SarifLocations.uri(ev.get(e).getArtifact()));
                assertThat(pl.get("region").get("startLine").asInt())
                        .isEqualTo(ev.get(e).getFirstLine());
                assertThat(pl.get("region").get("endLine").asInt())
                        .isEqualTo(ev.get(e).getLastLine());
            }
            JsonNode flows = r.get("codeFlows").get(0).get("threadFlows");
            assertThat(flows.size()).isPositive();
            for (JsonNode tf : flows) {
                assertThat(tf.get("locations").size()).isPositive();
            }
        }
    }

    @Test
    void theLockdepCycleIsTwoThreadFlowsOfHeldThenWantedLocksAtTheLinesNamingThem() throws Exception {
        JsonNode r = sarif(ReportFixtures.analyze("linux/dmesg_lockdep-circular-seed-mymod.log"))
                .get("runs")
                .get(0)
                .get("results")
                .get(0);
        assertThat(r.get("level").asString()).isEqualTo("error"); // confidence 0.95
        JsonNode flows = r.get("codeFlows").get(0).get("threadFlows");
        assertThat(flows.size()).isEqualTo(2);
        List<String> steps = new ArrayList<>();
        for (JsonNode tf : flows) {
            for (JsonNode l : tf.get("locations")) {
                steps.add(l.get("location").get("message").get("text").asString() + " @"
                        + l.get("location")
                                .get("physicalLocation")
                                .get("region")
                                .get("startLine")
                                .asInt());
            }
        }
        assertThat(steps)
                .containsExactly(
                        "earlier path (in bad_function) holds lock1 @7",
                        "earlier path (in bad_function) waits for lock2 @10",
                        "insmod/2817 (in another_function) holds lock2 @10",
                        "insmod/2817 (in another_function) waits for lock1 @7");
        assertThat(flows.get(1).get("locations").get(0).get("kinds").toString()).isEqualTo("[\"lock\",\"acquire\"]");
    }

    @Test
    void aUserSpaceCulpritWithASourceLineIsARelatedLocationAndEndsItsThreadFlow() throws Exception {
        JsonNode r = sarif(ReportFixtures.analyze("userspace/jstack_monitor-abba.txt"))
                .get("runs")
                .get(0)
                .get("results")
                .get(0);
        JsonNode related = r.get("relatedLocations").get(0).get("physicalLocation");
        assertThat(related.get("artifactLocation").get("uri").asString()).isEqualTo("Shop.java");
        assertThat(related.get("region").get("startLine").asInt()).isEqualTo(30);
        JsonNode first = r.get("codeFlows").get(0).get("threadFlows").get(0).get("locations");
        List<String> texts = new ArrayList<>();
        first.forEach(
                l -> texts.add(l.get("location").get("message").get("text").asString()));
        assertThat(texts)
                .containsExactly(
                        "pay-1/1010 (in Shop.pay at Shop.java:30) holds monitor <0x0000000700000300> (a Shop$Stock)",
                        "pay-1/1010 (in Shop.pay at Shop.java:30) waits for monitor <0x0000000700000200> (a Shop$Till)",
                        "culprit Shop.pay at Shop.java:30");
    }

    @Test
    void nothingFoundIsAValidLogWithNoResults() throws Exception {
        JsonNode run = sarif(ReportFixtures.analyze("linux/dmesg_kasan-not-a-lock.log"))
                .get("runs")
                .get(0);
        assertThat(run.get("results").size()).isZero();
        assertThat(run.get("tool").get("driver").get("rules").size()).isZero();
    }

    @Test
    void aReportCutOffIsValidAndItsInputProblemIsARunNotification() throws Exception {
        AnalysisResult result = ReportFixtures.analyze("linux/dmesg_lockdep-circular-truncated.log");
        JsonNode run = sarif(result).get("runs").get(0);
        JsonNode notes = run.get("invocations").get(0).get("toolExecutionNotifications");
        assertThat(notes.size()).isEqualTo(result.problems().size());
        if (!result.problems().isEmpty()) {
            assertThat(notes.get(0).get("descriptor").get("id").asString())
                    .isEqualTo("lockdoc/input-problem/"
                            + result.problems().get(0).id().code());
        }
    }

    @Test
    void resultsBeyondTheSizeBudgetAreLeftOutAndTheRunSaysSo() throws Exception {
        AnalysisResult one = ReportFixtures.analyze("linux/dmesg_lockdep-circular-seed-mymod.log");
        List<AnalysisResult.Diagnosed> many = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            many.add(one.findings().get(0));
        }
        AnalysisResult five = new AnalysisResult(one.inputs(), List.of(), many, one.factCount(), List.of());
        JsonNode log = JSON.readTree(ReportFixtures.render(new SarifRenderer(1), five, null));
        assertThat(schema.validate(log)).isEmpty();
        JsonNode run = log.get("runs").get(0);
        assertThat(run.get("results").size()).isEqualTo(1);
        assertThat(run.get("invocations")
                        .get(0)
                        .get("toolExecutionNotifications")
                        .get(0)
                        .get("message")
                        .get("text")
                        .asString())
                .startsWith("4 finding(s) left out: GitHub code scanning takes at most 25000 results per run");
    }

    @Test
    void confidenceMapsToLevels() {
        assertThat(SarifRenderer.level(0.95)).isEqualTo("error");
        assertThat(SarifRenderer.level(0.8)).isEqualTo("error");
        assertThat(SarifRenderer.level(0.79)).isEqualTo("warning");
        assertThat(SarifRenderer.level(0.5)).isEqualTo("warning");
        assertThat(SarifRenderer.level(0.49)).isEqualTo("note");
    }

    @Test
    void theSchemaRejectsAResultWithoutAMessage() throws Exception {
        JsonNode bad = JSON.readTree(
                """
                {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"lockdoc"}},"results":[{"ruleId":"x"}]}]}
                """);
        assertThat(schema.validate(bad)).isNotEmpty();
    }
}
