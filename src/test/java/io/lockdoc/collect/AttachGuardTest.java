package io.lockdoc.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attach guard on a fake /proc: which states keep gdb and jstack away, and what the log says. */
class AttachGuardTest {
    @TempDir
    Path tmp;

    private Path proc;

    private void task(int pid, int tid, String state, String wchan, String extra) throws Exception {
        proc = tmp.resolve("proc");
        Path t = Files.createDirectories(proc.resolve(pid + "/task/" + tid));
        String status = "Name:\tfake\nState:\t" + state + "\nTracerPid:\t0\n" + extra
                + "SigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\n";
        Files.writeString(t.resolve("status"), status);
        Files.writeString(t.resolve("wchan"), wchan);
        Files.writeString(t.resolve("stat"), tid + " (fake) " + state.charAt(0) + " 1 " + pid + "\n");
        if (pid == tid) {
            Files.writeString(proc.resolve(pid + "/status"), status);
            Files.createDirectories(proc.resolve(pid + "/fd"));
        }
    }

    private AttachGuard guard(SafeIo io) {
        return new AttachGuard(io, proc);
    }

    @Test
    void aThreadInDKeepsGdbAwayAndSaysWhatToReadInstead() throws Exception {
        task(500, 500, "S (sleeping)", "do_wait", "");
        task(500, 501, "D (disk sleep)", "wait_for_vfork_done", "");
        try (SafeIo io = new SafeIo(Duration.ofSeconds(2))) {
            assertThat(guard(io).refusal(500, AttachGuard.Tool.GDB)).hasValueSatisfying(r -> assertThat(r)
                    .startsWith("not run: thread 501 of pid 500 is in D (wchan wait_for_vfork_done)")
                    .contains("leave a SIGSTOP pending")
                    .contains("read /proc/500/task/*/stack instead"));
            // jstack does not ptrace: a thread in D does not stop it
            assertThat(guard(io).refusal(500, AttachGuard.Tool.JSTACK)).isEmpty();
        }
    }

    @Test
    void stoppedTracedOrStopPendingKeepsBothToolsAway() throws Exception {
        task(600, 600, "T (stopped)", "do_signal_stop", "");
        task(700, 700, "S (sleeping)", "futex_wait_queue", "");
        Files.writeString(
                proc.resolve("700/status"),
                Files.readString(proc.resolve("700/status")).replace("TracerPid:\t0", "TracerPid:\t4242"));
        task(800, 800, "D (disk sleep)", "request_wait_answer", "");
        Files.writeString(
                proc.resolve("800/task/800/status"),
                Files.readString(proc.resolve("800/task/800/status"))
                        .replace("SigPnd:\t0000000000000000", "SigPnd:\t0000000000040000"));
        try (SafeIo io = new SafeIo(Duration.ofSeconds(2))) {
            AttachGuard g = guard(io);
            assertThat(g.refusal(600, AttachGuard.Tool.JSTACK))
                    .hasValueSatisfying(r -> assertThat(r).contains("is stopped (State T (stopped))"));
            assertThat(g.refusal(700, AttachGuard.Tool.GDB))
                    .hasValueSatisfying(r -> assertThat(r).contains("already traced by pid 4242"));
            assertThat(g.refusal(800, AttachGuard.Tool.JSTACK)).hasValueSatisfying(r -> assertThat(r)
                    .contains("has a stop signal pending (State D (disk sleep)," + " SigPnd 0x40000, ShdPnd 0x0)"));
        }
    }

    @Test
    void sleepingThreadsMayBeAttachedAndAreSettledWithoutASignal() throws Exception {
        task(900, 900, "S (sleeping)", "futex_wait_queue", "");
        task(900, 901, "S (sleeping)", "futex_wait_queue", "");
        try (SafeIo io = new SafeIo(Duration.ofSeconds(2))) {
            assertThat(guard(io).refusal(900, AttachGuard.Tool.GDB)).isEmpty();
            assertThat(guard(io).settle(900, false)).isEqualTo("pid 900 is not stopped and has no stop signal pending");
        }
    }

    @Test
    void anUnreadableStatusIsNoAttach() throws Exception {
        task(950, 950, "S (sleeping)", "futex_wait_queue", "");
        Files.delete(proc.resolve("950/task/950/status"));
        try (SafeIo io = new SafeIo(Duration.ofSeconds(2))) {
            assertThat(guard(io).refusal(950, AttachGuard.Tool.GDB)).hasValueSatisfying(r -> assertThat(r)
                    .isEqualTo("not run: /proc/950/task/950/status could not be read, so it is not known"
                            + " whether attaching is safe"));
        }
    }

    @Test
    void aRefusedGdbIsInTheLogAndTheMissesAndNoGdbFileIsWritten() throws Exception {
        task(510, 510, "D (disk sleep)", "kernel_clone", "");
        Path out = tmp.resolve("b.tar.gz");

        Collector.Report r = new Collector(
                        Collector.Options.of(List.of(510), true, false).withRoots(proc, tmp.resolve("cgroup"), false))
                .collect(out);

        var e = CollectorTest.entries(out);
        assertThat(e).doesNotContainKey("gdb-510.txt").containsKey("proc/510/task/510/wchan");
        assertThat(e.get("collect-log.txt"))
                .contains("attach guard:\n  gdb pid 510: not run: thread 510 of pid 510 is in D (wchan kernel_clone)");
        assertThat(r.misses())
                .filteredOn(m -> m.item().equals("gdb-510.txt"))
                .singleElement()
                .satisfies(m -> assertThat(m.reason()).startsWith("not run: thread 510 of pid 510 is in D"));
    }
}
