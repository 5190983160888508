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

/** jcmd Thread.dump_to_file -format=text lists virtual threads; their monitors give the same edges as jstack. */
class ThreadDumpTextParserTest {
    private static Fixtures.Parsed parse(String fixture) {
        String text = Fixtures.text("userspace/" + fixture);
        assertThat(new FormatDetector()
                        .detect("threads.txt", text.getBytes(StandardCharsets.UTF_8))
                        .type())
                .isEqualTo(ArtifactType.THREAD_DUMP_TEXT);
        return Fixtures.parse(new ThreadDumpTextParser(), fixture, text);
    }

    @Test
    void virtualThreadsBlockedOnEachOthersMonitorsAreAJavaMonitorDeadlock() {
        // captured here: JDK 25, four virtual threads, two in a monitor cycle, two parked on ReentrantLocks
        Fixtures.Parsed p = parse("thread-dump-text_virtual-monitor-cycle.txt");

        assertThat(p.of(LockEdge.class))
                .filteredOn(e -> e.getKind() == io.lockdoc.model.userspace.LockKind.JAVA_MONITOR)
                .extracting(LockEdge::getRelation, LockEdge::getTid, LockEdge::getThread, LockEdge::getAddress)
                .contains(
                        tuple(LockEdge.Relation.WAITS, 26, "vt-C", "1ed8eae8"),
                        tuple(LockEdge.Relation.HOLDS, 26, "vt-C", "161a035e"),
                        tuple(LockEdge.Relation.WAITS, 28, "vt-D", "161a035e"),
                        tuple(LockEdge.Relation.HOLDS, 28, "vt-D", "1ed8eae8"));
        // a monitor released in Object.wait() is not held
        assertThat(p.of(LockEdge.class)).noneMatch(e -> e.getThread().equals("Finalizer"));

        List<Finding> findings = new Engine(RuleBase.packaged()).diagnose(p.facts());
        Finding f = findings.get(0);
        assertThat(f.getCause().id()).isEqualTo("java-monitor-deadlock");
        assertThat(f.getCulprit().function()).isEqualTo("VtDeadlock.move");
        assertThat(f.getCulprit().location()).isEqualTo("VtDeadlock.java:24");
        assertThat(f.getSummary()).contains("vt-C/26", "vt-D/28");
        assertThat(f.getEvidence().get(0).getQuoted())
                .extracting(q -> q.text())
                .anyMatch(t -> t.startsWith("#26 \"vt-C\" virtual BLOCKED"));
    }

    @Test
    void parkedThreadsWithoutOwnersAreWaitsButNoCycle() {
        Fixtures.Parsed p = parse("thread-dump-text_virtual-monitor-cycle.txt");

        assertThat(p.of(LockEdge.class))
                .filteredOn(
                        e -> e.getThread().startsWith("vt-A") || e.getThread().startsWith("vt-B"))
                .extracting(LockEdge::getRelation, LockEdge::getSiteLocation)
                .containsOnly(tuple(LockEdge.Relation.WAITS, "VtDeadlock.java:13"));
    }

    @Test
    void aJdk21DumpWithBareFramesProvesNothing() {
        // near miss: JDK 21's text dump names no lock, so it shows where threads are, not a deadlock
        Fixtures.Parsed p = parse("thread-dump-text_jdk21-bare-frames.txt");

        assertThat(p.of(LockEdge.class)).isEmpty();
        assertThat(new Engine(RuleBase.packaged()).diagnose(p.facts())).isEmpty();
        assertThat(p.problems()).isEmpty();
    }

    @Test
    void aGdbBacktraceIsNotAThreadDump() {
        String gdb =
                "#0  0x00007f3c in __lll_lock_wait () from /lib/libc.so.6\n#1  0x00007f3d in pthread_mutex_lock ()\n";
        assertThat(new FormatDetector()
                        .detect("bt.txt", gdb.getBytes(StandardCharsets.UTF_8))
                        .type())
                .isNotEqualTo(ArtifactType.THREAD_DUMP_TEXT);
    }
}
