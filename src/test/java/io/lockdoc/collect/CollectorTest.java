package io.lockdoc.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectorTest {
    @TempDir
    Path tmp;

    private final List<ChildJvm> children = new ArrayList<>();
    private Path fifo;

    @AfterEach
    void cleanUp() throws Exception {
        for (ChildJvm c : children) {
            c.kill();
        }
        if (fifo != null) {
            // a worker still blocked opening the FIFO gets a writer and EOF, so it ends
            Thread t = new Thread(() -> {
                try (FileOutputStream w = new FileOutputStream(fifo.toFile())) {
                    w.flush();
                } catch (IOException ignored) {
                    // nobody reading: nothing to release
                }
            });
            t.setDaemon(true);
            t.start();
            t.join(2000);
        }
    }

    @Test
    void aPidThatDoesNotExistIsOneLineAndTheRestIsCollected() throws Exception {
        assumeLinux();
        int pid = 4_194_305; // PID_MAX_LIMIT + 1: no kernel hands it out
        Path out = tmp.resolve("b.tar.gz");

        Collector.Report r = new Collector(Collector.Options.of(List.of(pid), false, false)
                        .withRoots(Path.of("/proc"), Path.of("/sys/fs/cgroup"), false))
                .collect(out);

        assertThat(r.misses()).contains(new Collector.Miss("pid " + pid, "no such process"));
        assertThat(entries(out)).containsKeys("proc-locks.txt", "proc-stat.txt", "ps-from-proc.txt", "collect-log.txt");
        assertThat(entries(out).get("collect-log.txt")).contains("pid " + pid + ": no such process");
    }

    @Test
    void aPidThatExitsMidCollectionIsOneLineAndWhatWasReadIsKept() throws Exception {
        assumeLinux();
        ChildJvm child = new ChildJvm(FileLockChild.class);
        children.add(child);
        child.await("ready"::equals, Duration.ofSeconds(15));
        int pid = child.pid();
        Path out = tmp.resolve("b.tar.gz");
        Collector.Options opt = Collector.Options.of(List.of(pid), false, false)
                .withRoots(Path.of("/proc"), Path.of("/sys/fs/cgroup"), false)
                .onItem(item -> {
                    if (item.equals("proc/" + pid + "/task/")) {
                        try {
                            child.kill();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });

        Collector.Report r = new Collector(opt).collect(out);

        assertThat(r.misses())
                .filteredOn(m -> m.item().equals("pid " + pid))
                .singleElement()
                .satisfies(m -> assertThat(m.reason())
                        .isEqualTo(
                                "exited during collection (at proc/" + pid + "/task/); what was read before is kept"));
        assertThat(r.misses()).noneMatch(m -> m.item().startsWith("proc/" + pid + "/"));
        assertThat(entries(out)).containsKey("proc/" + pid + "/status");
        assertThat(entries(out).keySet()).noneMatch(n -> n.startsWith("proc/" + pid + "/task/"));
    }

    @Test
    void anUnreadableFileAndAReadThatBlocksAreEachOneLineAndNothingElseIsLost() throws Exception {
        Path proc = tmp.resolve("proc");
        Path task = Files.createDirectories(proc.resolve("4242/task/4242"));
        Files.writeString(proc.resolve("4242/status"), "Name:\tfake\nState:\tD (disk sleep)\n");
        Files.createDirectories(proc.resolve("4242/cgroup")); // a folder where a file belongs: cannot be read
        Files.createDirectories(proc.resolve("4242/fd"));
        Files.writeString(task.resolve("stat"), "4242 (fake) D 1 4242 4242 0 -1\n");
        Files.writeString(task.resolve("status"), "Name:\tfake\nState:\tD (disk sleep)\n");
        Files.writeString(task.resolve("wchan"), "fuse_wait_answer\n");
        fifo = task.resolve("stack");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        Assumptions.assumeTrue(mk.waitFor() == 0, "needs mkfifo to make a read that blocks");
        Files.writeString(proc.resolve("locks"), "1: FLOCK  ADVISORY  WRITE 4242 00:2e:19 0 EOF\n");
        Files.createDirectories(proc.resolve("sys/kernel"));
        Files.writeString(proc.resolve("sys/kernel/tainted"), "0\n");
        Path out = tmp.resolve("b.tar.gz");
        Collector.Options opt = Collector.Options.of(List.of(4242), false, false)
                .withRoots(proc, tmp.resolve("cgroup"), false)
                .withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(5));

        long t0 = System.nanoTime();
        Collector.Report r = new Collector(opt).collect(out);
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(r.misses())
                .contains(new Collector.Miss("proc/4242/cgroup", "is a directory"))
                .contains(
                        new Collector.Miss(
                                "proc/4242/task/4242/stack",
                                "timed out after 0.3 s (the read blocked in the kernel; the task may hold what the read needs)"))
                .contains(new Collector.Miss("proc-stat.txt", "not present"));
        assertThat(ms).isLessThan(5_000);
        Map<String, String> e = entries(out);
        assertThat(e.get("proc/4242/task/4242/wchan")).isEqualTo("fuse_wait_answer\n");
        assertThat(e.get("proc/4242/task/4242/status")).contains("State:\tD");
        assertThat(e.get("proc-locks.txt")).contains("FLOCK");
        assertThat(e.get("ps-from-proc.txt")).contains("   4242    4242       1 D    fake");
        assertThat(e.get("proc/sys/kernel/tainted")).isEqualTo("0\n");
    }

    @Test
    void holdersAndWaitersOfAContendedFileLockAreReadWithTheirCgroupsFreezeState() throws Exception {
        Path proc = tmp.resolve("proc");
        for (int pid : new int[] {4343, 4344, 4345}) {
            Path t = Files.createDirectories(proc.resolve(pid + "/task/" + pid));
            Files.createDirectories(proc.resolve(pid + "/fd"));
            Files.writeString(t.resolve("stat"), pid + " (worker) S 1 " + pid + "\n");
            Files.writeString(proc.resolve(pid + "/cgroup"), "0::/deadlock-frozen-" + pid + "\n");
        }
        Files.writeString(
                proc.resolve("locks"),
                "1: FLOCK  ADVISORY  WRITE 4343 00:2e:19 0 EOF\n"
                        + "1: -> FLOCK  ADVISORY  WRITE 4344 00:2e:19 0 EOF\n"
                        + "2: FLOCK  ADVISORY  WRITE 4345 00:2e:20 0 EOF\n");
        Path cg = Files.createDirectories(tmp.resolve("cgroup/deadlock-frozen-4343"));
        Files.writeString(cg.resolve("cgroup.freeze"), "1\n");
        Files.writeString(cg.resolve("cgroup.events"), "populated 1\nfrozen 1\n");
        Path out = tmp.resolve("b.tar.gz");

        Collector.Report r = new Collector(
                        Collector.Options.of(List.of(), false, false).withRoots(proc, tmp.resolve("cgroup"), false))
                .collect(out);

        Map<String, String> e = entries(out);
        assertThat(e).containsKeys("proc/4343/cgroup", "proc/4344/cgroup").doesNotContainKey("proc/4345/cgroup");
        assertThat(e.get("sys/fs/cgroup/deadlock-frozen-4343/cgroup.freeze")).isEqualTo("1\n");
        assertThat(e.get("sys/fs/cgroup/deadlock-frozen-4343/cgroup.events")).contains("frozen 1");
        assertThat(e.get("collect-log.txt"))
                .contains("4343: on a contended file lock")
                .contains("4344: on a contended file lock");
        assertThat(r.misses())
                .contains(new Collector.Miss("sys/fs/cgroup/deadlock-frozen-4344/cgroup.freeze", "not present"));
    }

    @Test
    void reasonsAreTheWordsAUserKnows() {
        assertThat(SafeIo.why(new AccessDeniedException("/proc/1/fdinfo/3"))).isEqualTo("permission denied");
        assertThat(SafeIo.why(new IOException("Cannot run program \"gdb\": error=2, No such file or directory")))
                .isEqualTo("no such file or directory");
    }

    @Test
    void dStateRowsComeFromTheHeaderAndKmsgRecordsReadLikeDmesg() {
        String ps = "    PID     TID    PPID STAT WCHAN    COMMAND\n"
                + "     10      10       1 S    do_wait  bash\n"
                + "     20      21       1 D+   fuse_wait_answer cat some file\n";
        assertThat(ProcTable.dStateRows(ps)).containsExactly(new int[] {20, 21});
        assertThat(Kmsg.dmesgLine("3,1234,5678901,-;INFO: task cat:21 blocked for more than 120 seconds.\n"))
                .isEqualTo("[    5.678901] INFO: task cat:21 blocked for more than 120 seconds.\n");
    }

    @Test
    void manyFailuresOfOneKindInOneProcessAreOneLineWithACount() {
        List<Collector.Miss> m = Collector.coalesce(List.of(
                new Collector.Miss("proc/1/fdinfo/3", "permission denied"),
                new Collector.Miss("proc/1/fdinfo/4", "permission denied"),
                new Collector.Miss("proc/1/task/7/stack", "operation not permitted")));
        assertThat(m)
                .containsExactly(
                        new Collector.Miss("proc/1/fdinfo/*", "permission denied (2 files)"),
                        new Collector.Miss("proc/1/task/7/stack", "operation not permitted"));
    }

    private static void assumeLinux() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs a Linux /proc");
    }

    /** The bundle's files by their name below the top folder. */
    static Map<String, String> entries(Path archive) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(archive);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String n = e.getName();
                out.put(n.substring(n.indexOf('/') + 1), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
