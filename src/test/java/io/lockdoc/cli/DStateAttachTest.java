package io.lockdoc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.collect.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code collect --gdb} on a real task in D (the vfork scenario's parent, a killable wait) leaves
 * nothing stopped: gdb is not attached to the task in D, and the paused child, which may be
 * attached, runs afterwards. Needs root, gcc and gdb; skipped with the reason otherwise.
 */
class DStateAttachTest {
    @TempDir
    Path tmp;

    @Test
    void gdbIsNotAttachedToATaskInDAndNoProcessIsLeftStopped() throws Exception {
        Scenarios.assumeRootWith("gcc", "gdb", "setsid", "kill");
        try (Scenarios s = new Scenarios(tmp)) {
            Path prog = s.compile("vfork_hang.c");
            int parent = (int) s.start(tmp.resolve("app.log"), prog.toString()).pid();
            assertThat(Scenarios.waitUntil(Duration.ofSeconds(10), () -> Scenarios.child(parent, "vfork-child") > 0))
                    .as("vfork child started")
                    .isTrue();
            int child = Scenarios.child(parent, "vfork-child");
            assertThat(Scenarios.waitUntil(Duration.ofSeconds(10), () -> Scenarios.state(parent, parent) == 'D'))
                    .as("parent in D")
                    .isTrue();
            Path bundle = tmp.resolve("b.tar.gz");

            CliTest.Run c = CliTest.run(
                    "collect",
                    "--pid",
                    Integer.toString(parent),
                    "--pid",
                    Integer.toString(child),
                    "--gdb",
                    "--command-timeout",
                    "10",
                    "-o",
                    bundle.toString());

            assertThat(c.exit()).as(c.err()).isZero();
            assertThat(c.err())
                    .contains("gdb-" + parent + ".txt: not run: thread " + parent + " of pid " + parent + " is in D")
                    .contains("read /proc/" + parent + "/task/*/stack instead");
            assertThat(Scenarios.stoppedThread(parent)).isNull();
            assertThat(Scenarios.stoppedThread(child)).isNull();
            assertThat(Scenarios.state(parent, parent)).isEqualTo('D');
            var e = io.lockdoc.collect.CollectorTestAccess.entries(bundle);
            assertThat(e).containsKey("gdb-" + child + ".txt").doesNotContainKey("gdb-" + parent + ".txt");
            assertThat(e.get("collect-log.txt"))
                    .contains("gdb pid " + parent + ": not run: thread " + parent + " of pid " + parent
                            + " is in D (wchan ")
                    .contains("gdb pid " + child + ": ran; pid " + child
                            + " is not stopped and has no stop signal pending");
            assertThat(e.get("proc/" + parent + "/task/" + parent + "/stack")).contains("vfork");
            // the proof that nothing is left stopped: once the child is gone the parent runs to its end
            ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
            assertThat(Scenarios.waitUntil(
                            Duration.ofSeconds(10),
                            () -> ProcessHandle.of(parent).isEmpty()
                                    || Scenarios.state(parent, parent) == 'Z'
                                    || Scenarios.state(parent, parent) == '?'))
                    .as("parent ends after its vfork child is killed (not left stopped: "
                            + Scenarios.state(parent, parent) + ")")
                    .isTrue();
            assertThat(Files.readString(tmp.resolve("app.log"))).contains("released us");
        }
    }
}
