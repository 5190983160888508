package io.lockdoc.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a killed gdb leaves behind, made on purpose: a SIGSTOP pending on a real task in D (the
 * vfork parent). {@link AttachGuard#settle} finds it and clears it with SIGCONT, so the task runs
 * when its wait ends instead of stopping. Needs root and gcc; skipped with the reason otherwise.
 */
class SettleTest {
    @TempDir
    Path tmp;

    @Test
    void aStopPendingOnATaskInDIsClearedAndTheTaskRunsWhenItsWaitEnds() throws Exception {
        Scenarios.assumeRootWith("gcc", "setsid", "kill");
        try (Scenarios s = new Scenarios(tmp)) {
            Path prog = s.compile("vfork_hang.c");
            int parent = (int) s.start(tmp.resolve("app.log"), prog.toString()).pid();
            assertThat(Scenarios.waitUntil(Duration.ofSeconds(10), () -> Scenarios.child(parent, "vfork-child") > 0))
                    .isTrue();
            int child = Scenarios.child(parent, "vfork-child");
            assertThat(Scenarios.waitUntil(Duration.ofSeconds(10), () -> Scenarios.state(parent, parent) == 'D'))
                    .isTrue();
            Scenarios.run(tmp, "kill", "-STOP", Integer.toString(parent));
            assertThat(Scenarios.waitUntil(Duration.ofSeconds(2), () -> {
                        try {
                            return Scenarios.stoppedThread(parent) != null;
                        } catch (java.io.IOException e) {
                            return false;
                        }
                    }))
                    .as("SIGSTOP pending on the task in D")
                    .isTrue();
            assertThat(Scenarios.stoppedThread(parent)).contains("0x40000");

            String said;
            try (SafeIo io = new SafeIo(Duration.ofSeconds(2))) {
                said = new AttachGuard(io, Path.of("/proc")).settle(parent, true);
            }

            assertThat(said).startsWith("pid " + parent + " is not stopped and has no stop signal pending (after ");
            assertThat(Scenarios.stoppedThread(parent)).isNull();
            ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
            assertThat(Scenarios.waitUntil(
                            Duration.ofSeconds(10), () -> "Z?".indexOf(Scenarios.state(parent, parent)) >= 0))
                    .as("the parent runs to its end, it is not left in T")
                    .isTrue();
            assertThat(Files.readString(tmp.resolve("app.log"))).contains("released us");
        }
    }
}
