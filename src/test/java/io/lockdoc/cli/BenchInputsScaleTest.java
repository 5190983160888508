package io.lockdoc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.lockdoc.Fixtures;
import io.lockdoc.engine.graph.UserspaceGraphs;
import io.lockdoc.model.Fact;
import io.lockdoc.model.userspace.WaitChain;
import io.lockdoc.parse.linux.proc.JstackParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's generated inputs at full size: work and memory in proportion to the input. */
class BenchInputsScaleTest {
    @Test
    void aWaitChainOfOneHundredThousandThreadsCitesEachEdgeOnce(@TempDir Path dir) throws Exception {
        Path dump = dir.resolve("jstack-chain.txt");
        BenchCommand.BenchInputs.jstackChain(dump, 100_000);
        List<Fact> facts;
        try (var in = Files.newInputStream(dump)) {
            facts = Fixtures.parse(new JstackParser(), "jstack-chain.txt", in).facts();
        }

        // one walk per waiter to the head was 5 * 10^9 steps and an OutOfMemoryError at 5.7 GB
        List<Fact> derived = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> UserspaceGraphs.derive(facts));

        assertThat(derived)
                .filteredOn(WaitChain.class::isInstance)
                .singleElement()
                .satisfies(f -> {
                    WaitChain c = (WaitChain) f;
                    assertThat(c.getHeadTid()).isEqualTo(1000 + 99_999); // the nid of worker-99999
                    assertThat(c.getWaiters()).hasSize(99_999);
                    assertThat(c.getLocks()).hasSize(1);
                    assertThat(c.getAllEvidence()).hasSize(2 * 99_999);
                });
    }
}
