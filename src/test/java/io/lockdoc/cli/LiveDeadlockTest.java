package io.lockdoc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.collect.ChildJvm;
import io.lockdoc.collect.FileLockChild;
import io.lockdoc.collect.MonitorDeadlockChild;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real deadlocks made on this machine with the JDK only, then {@code collect} and {@code analyze}:
 * the bundle the collector writes must be enough for the diagnosis.
 */
class LiveDeadlockTest {
    private static final Duration LIMIT = Duration.ofSeconds(15);

    private final List<ChildJvm> children = new ArrayList<>();
    private FileChannel ownChannel;

    @TempDir
    Path tmp;

    @BeforeEach
    void linuxWithProc() {
        Assumptions.assumeTrue(
                System.getProperty("os.name").toLowerCase().contains("linux"),
                "needs a Linux host (collect reads /proc)");
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/locks")), "needs /proc/locks");
    }

    @AfterEach
    void killChildren() throws Exception {
        for (ChildJvm c : children) {
            c.kill();
        }
        if (ownChannel != null) {
            ownChannel.close();
        }
    }

    @Test
    void twoJvmThreadsOnTwoMonitorsAreAJavaMonitorDeadlockOfBothThreads() throws Exception {
        Path jstack = Path.of(System.getProperty("java.home"), "bin", "jstack");
        Assumptions.assumeTrue(Files.isExecutable(jstack), "needs jstack in this JDK (" + jstack + ")");
        ChildJvm child = start(MonitorDeadlockChild.class);
        assertThat(child.await(l -> l.equals("deadlocked") || l.equals("no-deadlock"), LIMIT))
                .isEqualTo("deadlocked");
        int tidA = tidNamed(child.pid(), "worker-A");
        int tidB = tidNamed(child.pid(), "worker-B");
        Path bundle = tmp.resolve("monitor.tar.gz");

        CliTest.Run c =
                CliTest.run("collect", "--pid", Integer.toString(child.pid()), "--jstack", "-o", bundle.toString());

        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.err()).doesNotContain("jstack-" + child.pid());
        JsonNode first = primary(bundle);
        assertThat(first.get("cause").asString()).isEqualTo("java-monitor-deadlock");
        assertThat(taskNames(first)).containsExactlyInAnyOrder("worker-A/" + tidA, "worker-B/" + tidB);
    }

    /** The same deadlock made twice (fresh pids, tids and object addresses) has one signature. */
    @Test
    void theSameMonitorDeadlockCapturedTwiceHasTheSameSignature() throws Exception {
        Path jstack = Path.of(System.getProperty("java.home"), "bin", "jstack");
        Assumptions.assumeTrue(Files.isExecutable(jstack), "needs jstack in this JDK (" + jstack + ")");
        List<JsonNode> findings = new ArrayList<>();
        for (int run = 1; run <= 2; run++) {
            ChildJvm child = start(MonitorDeadlockChild.class);
            assertThat(child.await(l -> l.equals("deadlocked") || l.equals("no-deadlock"), LIMIT))
                    .isEqualTo("deadlocked");
            Path bundle = tmp.resolve("monitor-" + run + ".tar.gz");
            CliTest.Run c =
                    CliTest.run("collect", "--pid", Integer.toString(child.pid()), "--jstack", "-o", bundle.toString());
            assertThat(c.exit()).as(c.err()).isZero();
            findings.add(primary(bundle));
        }

        assertThat(taskNames(findings.get(0))).isNotEqualTo(taskNames(findings.get(1)));
        assertThat(findings.get(0).get("signature").asString())
                .startsWith("v1:java-monitor-deadlock:")
                .isEqualTo(findings.get(1).get("signature").asString());
    }

    /**
     * A holds accounts.db and waits for ledger.db; B holds ledger.db and waits for accounts.db.
     * Linux refuses the request that closes a POSIX-lock cycle with EDEADLK, but its check follows
     * only one wait per lock owner (the newest): A's second thread, blocked on a third file this
     * test holds, hides A's first wait, so the cycle forms, as it can in any multi-threaded
     * process that uses record locks.
     */
    @Test
    void twoJvmProcessesWithFileLocksInOppositeOrderAreAFileLockDeadlockOfBothPids() throws Exception {
        Path accounts = file("accounts.db");
        Path ledger = file("ledger.db");
        Path journal = file("journal.db");
        ownChannel = FileChannel.open(journal, StandardOpenOption.WRITE);
        FileLock held = ownChannel.lock();
        assertThat(held.isValid()).isTrue();
        ChildJvm a = start(FileLockChild.class);
        ChildJvm b = start(FileLockChild.class);
        a.await("ready"::equals, LIMIT);
        b.await("ready"::equals, LIMIT);
        a.send("hold " + accounts);
        a.await(("held " + accounts)::equals, LIMIT);
        b.send("hold " + ledger);
        b.await(("held " + ledger)::equals, LIMIT);
        a.send("wait " + ledger);
        until(() -> waits(a.pid(), ledger), "pid " + a.pid() + " waiting for " + ledger + " in /proc/locks");
        a.send("wait " + journal);
        until(() -> waits(a.pid(), journal), "pid " + a.pid() + " waiting for " + journal + " in /proc/locks");
        b.send("wait " + accounts);
        until(
                () -> waits(b.pid(), accounts),
                "pid " + b.pid() + " waiting for " + accounts
                        + " in /proc/locks (if the kernel refused it with EDEADLK, its check saw the cycle)");
        Path bundle = tmp.resolve("filelock.tar.gz");

        CliTest.Run c = CliTest.run("collect", "-o", bundle.toString());

        assertThat(c.exit()).as(c.err()).isZero();
        JsonNode first = primary(bundle);
        assertThat(first.get("cause").asString()).isEqualTo("file-lock-deadlock");
        assertThat(taskNames(first)).hasSize(2).allSatisfy(n -> assertThat(n)
                .matches(".*/(" + a.pid() + "|" + b.pid() + ")"));
        assertThat(String.join(" ", taskNames(first))).contains("/" + a.pid()).contains("/" + b.pid());
    }

    private ChildJvm start(Class<?> main) throws Exception {
        ChildJvm c = new ChildJvm(main);
        children.add(c);
        return c;
    }

    private Path file(String name) throws IOException {
        return Files.writeString(tmp.resolve(name), name + "\n");
    }

    private static JsonNode primary(Path bundle) {
        CliTest.Run r = CliTest.run("analyze", bundle.toString(), "--format", "json");
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.FINDINGS.code());
        JsonNode findings = JsonMapper.builder().build().readTree(r.out()).get("findings");
        assertThat(findings.size()).as(r.out()).isPositive();
        return findings.get(0);
    }

    private static List<String> taskNames(JsonNode finding) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : finding.get("participants")) {
            if (p.get("kind").asString().equals("task")) {
                out.add(p.get("name").asString());
            }
        }
        return out;
    }

    private static int tidNamed(int pid, String comm) throws IOException {
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                if (Files.readString(t.resolve("comm"), StandardCharsets.UTF_8)
                        .strip()
                        .equals(comm)) {
                    return Integer.parseInt(t.getFileName().toString());
                }
            }
        }
        throw new AssertionError("no thread " + comm + " in pid " + pid);
    }

    /** True when /proc/locks has a waiter line of {@code pid} on the file's inode. */
    private static boolean waits(int pid, Path file) {
        try {
            long ino = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
            for (String l : Files.readAllLines(Path.of("/proc/locks"))) {
                String[] t = l.trim().split("\\s+");
                if (t.length >= 7
                        && t[1].equals("->")
                        && t[5].equals(Integer.toString(pid))
                        && t[6].endsWith(":" + ino)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Polls observable state until it holds, at most {@link #LIMIT}. */
    private static void until(BooleanSupplier state, String what) {
        long end = System.nanoTime() + LIMIT.toNanos();
        while (!state.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not seen within " + LIMIT + ": " + what);
            }
            LockSupport.parkNanos(5_000_000); // poll interval
        }
    }
}
