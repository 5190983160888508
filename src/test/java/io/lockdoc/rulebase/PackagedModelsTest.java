package io.lockdoc.rulebase;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.engine.Engine;
import io.lockdoc.model.Finding;
import io.lockdoc.parse.linux.KernelLogParser;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fast start path (model classes in the jar) and the kjar it was unpacked from are the same rule base. */
class PackagedModelsTest {
    private static RuleBase fromKjar() throws Exception {
        try (InputStream in = RuleBase.class.getClassLoader().getResourceAsStream(RuleBase.PACKAGED_KJAR)) {
            return RuleBase.fromKjar(in.readAllBytes());
        }
    }

    @Test
    void theModelClassesHoldEveryRuleOfTheKjarWithItsMetadata() throws Exception {
        RuleBase models = RuleBase.packaged();
        RuleBase kjar = fromKjar();

        assertThat(RuleBase.class.getClassLoader().getResource(RuleBase.PACKAGED_MODELS))
                .as("mvn package unpacks the models")
                .isNotNull();
        assertThat(models.ruleCount()).isEqualTo(kjar.ruleCount()).isGreaterThan(60);
        assertThat(models.rules()).isEqualTo(kjar.rules());
    }

    @Test
    void bothGiveTheSameFindings() throws Exception {
        var facts = Fixtures.parse(
                        new KernelLogParser(),
                        "dmesg.log",
                        Fixtures.text("linux/dmesg_lockdep-circular-seed-mymod.log"))
                .facts();
        List<Finding> a = new Engine(RuleBase.packaged()).diagnose(facts);
        List<Finding> b = new Engine(fromKjar()).diagnose(facts);

        assertThat(a).hasSize(1);
        assertThat(a.stream().map(f -> f.getSignature() + " " + f.getSummary() + " " + f.getConfidence()))
                .isEqualTo(b.stream()
                        .map(f -> f.getSignature() + " " + f.getSummary() + " " + f.getConfidence())
                        .toList());
    }
}
