package io.lockdoc.parse.linux.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.lockdoc.Fixtures;
import io.lockdoc.detect.ArtifactType;
import io.lockdoc.detect.FormatDetector;
import io.lockdoc.engine.Engine;
import io.lockdoc.model.Finding;
import io.lockdoc.model.userspace.LockEdge;
import io.lockdoc.rulebase.RuleBase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Actuator /threaddump and jcmd Thread.dump_to_file JSON give the same wait and hold edges as jstack. */
class ThreadDumpJsonParserTest {
    private static Fixtures.Parsed parse(String fixture) {
        String text = Fixtures.text("userspace/" + fixture);
        assertThat(new FormatDetector()
                        .detect("dump.json", text.getBytes(StandardCharsets.UTF_8))
                        .type())
                .isEqualTo(ArtifactType.THREAD_DUMP_JSON);
        return Fixtures.parse(new ThreadDumpJsonParser(), fixture, text);
    }

    @Test
    void actuatorThreadInfoGivesBlockedWaitsAndLockedMonitorsWithTheApplicationFrame() {
        Fixtures.Parsed p = parse("thread-dump-json_actuator-deadlock.json");

        assertThat(p.of(LockEdge.class))
                .extracting(
                        LockEdge::getRelation,
                        LockEdge::getTid,
                        LockEdge::getThread,
                        LockEdge::getAddress,
                        LockEdge::getSiteLocation)
                .containsExactly(
                        tuple(LockEdge.Relation.WAITS, 31, "transfer-A", "5e3c8041", "Bank.java:36"),
                        tuple(LockEdge.Relation.HOLDS, 31, "transfer-A", "3bbef881", null),
                        tuple(LockEdge.Relation.WAITS, 32, "transfer-B", "3bbef881", "Bank.java:36"),
                        tuple(LockEdge.Relation.HOLDS, 32, "transfer-B", "5e3c8041", null));
        // the thread waiting on a condition (WAITING, no owner) is no wait edge
        assertThat(p.of(LockEdge.class)).noneMatch(e -> e.getTid() == 40);
        LockEdge first = p.of(LockEdge.class).get(0);
        assertThat(first.getEvidence().getFirstLine()).isEqualTo(3);
        assertThat(first.getEvidence().getQuoted()).extracting(q -> q.number()).contains(4, 10);
        assertThat(p.problems()).isEmpty();
    }

    @Test
    void jcmdJsonCycleIsAJavaMonitorDeadlockNamedByTheApplicationFrames() {
        List<Finding> findings = new Engine(RuleBase.packaged())
                .diagnose(parse("thread-dump-json_jcmd-deadlock.json").facts());

        assertThat(findings).hasSize(1);
        Finding f = findings.get(0);
        assertThat(f.getCause().id()).isEqualTo("java-monitor-deadlock");
        assertThat(f.getCulprit().function()).isEqualTo("com.example.ledger.Ledger.post");
        assertThat(f.getCulprit().location()).isEqualTo("Ledger.java:88");
        assertThat(f.getSummary()).contains("ledger-writer/21", "ledger-indexer/22");
    }

    @Test
    void aJdk21DumpWithStacksOnlyProvesNothing() {
        // near miss: without blockedOn/monitorsOwned the JSON says where threads are, not what they hold
        Fixtures.Parsed p = parse("thread-dump-json_jcmd-stacks-only.json");

        assertThat(p.of(LockEdge.class)).isEmpty();
        assertThat(new Engine(RuleBase.packaged()).diagnose(p.facts())).isEmpty();
    }

    @Test
    void brokenJsonKeepsTheThreadsBeforeItAndSaysWhere() {
        String cut = Fixtures.text("userspace/thread-dump-json_actuator-deadlock.json")
                        .substring(0, 1900) + "}}}]]";

        Fixtures.Parsed p = Fixtures.parse(new ThreadDumpJsonParser(), "cut.json", cut);

        assertThat(p.of(LockEdge.class)).extracting(LockEdge::getTid).contains(31);
        assertThat(p.problems()).hasSize(1);
        assertThat(p.problems().get(0).message()).startsWith("expected a JSON thread dump: ");
    }
}
