package io.lockdoc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.analysis.Analyzer;
import io.lockdoc.ingest.Inputs;
import io.lockdoc.model.Adjustment;
import io.lockdoc.model.Finding;
import io.lockdoc.rulebase.RuleBase;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evidence for and against a finding from a live capture taken beside the report. */
class LiveCaptureScoringTest {
    private static final Analyzer ANALYZER = new Analyzer(new Engine(RuleBase.packaged()), null);
    private static final String PS_HEADER =
            "  PID   TID  PPID STAT WCHAN                            COMMAND         COMMAND\n";

    private static Finding primary(Path dir) throws Exception {
        return ANALYZER.analyze(Inputs.resolve(dir.toString(), InputStream.nullInputStream()))
                .findings()
                .get(0)
                .finding();
    }

    private static void write(Path root, String rel, String text) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void aDStateTaskStuckInTheLockdepCulpritRaisesTheConfidence(@TempDir Path dir) throws Exception {
        write(dir, "dmesg.txt", Fixtures.text("linux/dmesg_lockdep-circular-seed-mymod.log"));
        write(
                dir,
                "ps-eLo.txt",
                PS_HEADER + " 3100  3100     1 D    __mutex_lock                     worker          ./worker\n");
        write(
                dir,
                "proc/3100/stack",
                "[<0>] __mutex_lock+0x4f3/0x920\n[<0>] another_function+0x2c/0x60 [mymod]\n[<0>] vfs_write+0x22f/0x450\n");

        Finding f = primary(dir);

        assertThat(f.getConfidence()).isEqualTo(0.99);
        assertThat(f.getReasons()).singleElement().satisfies(r -> {
            assertThat(r.direction()).isEqualTo(Adjustment.Direction.FOR);
            assertThat(r.text()).isEqualTo("task worker/3100 is in D state with another_function on its kernel stack");
            assertThat(r.evidence().getArtifact()).isEqualTo("proc/3100/stack");
        });
    }

    @Test
    void nearMissTheSameStackInASleepingTaskChangesNothing(@TempDir Path dir) throws Exception {
        write(dir, "dmesg.txt", Fixtures.text("linux/dmesg_lockdep-circular-seed-mymod.log"));
        write(
                dir,
                "ps-eLo.txt",
                PS_HEADER + " 3100  3100     1 S    __mutex_lock                     worker          ./worker\n");
        write(dir, "proc/3100/stack", "[<0>] __mutex_lock+0x4f3/0x920\n[<0>] another_function+0x2c/0x60 [mymod]\n");

        assertThat(primary(dir).getConfidence()).isEqualTo(0.95);
    }

    @Test
    void aRunningTaskOnTheCycleLowersTheDeadlock(@TempDir Path dir) throws Exception {
        Path src = Fixtures.path("userspace/bundle-flock-abba");
        try (Stream<Path> walk = Files.walk(src)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                Path to = dir.resolve(src.relativize(p).toString());
                Files.createDirectories(to.getParent());
                Files.copy(p, to);
            }
        }
        Finding before = primary(dir);
        Path ps = dir.resolve("ps-elfL.txt");
        Files.writeString(ps, Files.readString(ps).replace("0 S app          701", "0 R app          701"));

        Finding after = primary(dir);

        assertThat(before.getCause().id()).isEqualTo("file-lock-deadlock");
        assertThat(after.getCause()).isEqualTo(before.getCause());
        assertThat(after.getConfidence()).isEqualTo(0.55);
        assertThat(before.getConfidence()).isEqualTo(0.95);
        assertThat(after.getReasons()).singleElement().satisfies(r -> {
            assertThat(r.direction()).isEqualTo(Adjustment.Direction.AGAINST);
            assertThat(r.text()).isEqualTo("task importer/701 on the cycle is running (R), not waiting");
        });
    }
}
