package io.lockdoc.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.lockdoc.explain.Explainer;
import io.lockdoc.explain.Explanations;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON output validates against the schema file shipped in the repo. */
class JsonSchemaTest {

    private static Schema schema() throws Exception {
        try (InputStream in =
                JsonSchemaTest.class.getClassLoader().getResourceAsStream("lockdoc/schema/report-1.schema.json")) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(in);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "linux/dmesg_lockdep-circular-seed-mymod.log",
                "linux/dmesg_lockdep-circular-truncated.log",
                "linux/dmesg_kasan-not-a-lock.log",
                "bundle/collect_past-hung-task-live-dstate",
                "linux/kinds/dmesg_hung-task-uffd-pipe.log",
                "shell/dmesg_T-hung-task-mutex.txt",
                "paste/journal_short-precise-no-host.log",
                "windows/windbg_locks-cs-cycle.txt"
            })
    void outputValidates(String fixture) throws Exception {
        var result = ReportFixtures.analyze(fixture);
        Explainer explainer = new Explainer(ReportFixtures.RULES);
        var explanations = new Explanations(
                explainer.why(result), List.of(explainer.whyNot("hung-task", result, java.util.Optional.empty())));
        JsonNode json =
                JsonMapper.builder().build().readTree(ReportFixtures.render(new JsonRenderer(), result, explanations));

        assertThat(schema().validate(json)).isEmpty();
        assertThat(json.get("schema").asString()).isEqualTo(JsonRenderer.SCHEMA);
    }

    @org.junit.jupiter.api.Test
    void aPastFindingCarriesItsLivenessAndTheHeadCulpritItsVictim() throws Exception {
        var result = ReportFixtures.analyze("bundle/collect_past-hung-task-live-dstate");
        JsonNode findings = JsonMapper.builder()
                .build()
                .readTree(ReportFixtures.render(new JsonRenderer(), result, new Explanations(List.of(), List.of())))
                .get("findings");

        assertThat(findings.get(0).get("liveness").get("state").asString()).isEqualTo("live");
        JsonNode past = findings.get(1).get("liveness");
        assertThat(past.get("state").asString()).isEqualTo("past");
        assertThat(past.get("ageSeconds").asLong()).isEqualTo(3720L);
        assertThat(past.get("reason").asString())
                .isEqualTo("printed 1 h 02 min before the capture; task 25909 no longer exists");
        assertThat(findings.get(0).get("culprit").get("victim").asString()).isEqualTo("reader-2/4123");
    }

    @org.junit.jupiter.api.Test
    void theSchemaRejectsAFindingWithoutEvidence() throws Exception {
        JsonNode bad = JsonMapper.builder()
                .build()
                .readTree(
                        """
                {"schema":"lockdoc-report/1","inputs":[],"problems":[],"findings":[{"cause":"lock-order-inversion","confidence":0.9,
                "summary":"s","complete":true,"culprit":null,"participants":[],"evidence":[],"rule":"r","matchedFacts":[],
                "signature":"v1:lock-order-inversion:0123456789ab","signatureKey":"k","remediation":null}]}
                """);

        assertThat(schema().validate(bad)).isNotEmpty();
    }
}
