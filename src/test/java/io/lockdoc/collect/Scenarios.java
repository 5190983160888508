package io.lockdoc.collect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;

/**
 * The live scenarios of {@code ../shared/scenarios} driven from tests: their C sources compiled at
 * test time into a private folder (never copied into the project), their programs started in
 * their own session so that cleanup can kill the whole group, and /proc read to wait for states.
 */
public final class Scenarios implements AutoCloseable {
    public static final Path DIR =
            Path.of("..", "shared", "scenarios").toAbsolutePath().normalize();

    private final Path work;
    private final List<Process> started = new ArrayList<>();
    private final List<Runnable> cleanups = new ArrayList<>();

    public Scenarios(Path work) {
        this.work = work;
    }

    /** Skips the test (with the reason) unless we are root with gcc and the scenario sources. */
    public static void assumeRootWith(String... tools) {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs a Linux /proc");
        Assumptions.assumeTrue(uid() == 0, "needs root (live scenarios write /dev/kmsg, read /proc/PID/stack)");
        Assumptions.assumeTrue(Files.isDirectory(DIR), "needs the scenarios at " + DIR);
        for (String t : tools) {
            Assumptions.assumeTrue(onPath(t), "needs " + t + " on PATH");
        }
    }

    public static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    static int uid() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("Uid:")) {
                    return Integer.parseInt(l.substring(4).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Compiles {@code src} of the scenarios folder in the work folder, with a relative name as the scripts do. */
    public Path compile(String src, String... flags) throws Exception {
        Files.copy(DIR.resolve(src), work.resolve(src));
        List<String> cmd =
                new ArrayList<>(List.of("gcc", "-g", "-O0", "-Wall", "-o", src.replaceFirst("\\.c$", ""), src));
        cmd.addAll(List.of(flags));
        Process p = new ProcessBuilder(cmd)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("gcc " + src + " failed: " + out);
        }
        return work.resolve(src.replaceFirst("\\.c$", ""));
    }

    /** Starts a program in its own session (its pid is its process group), output to {@code log}. */
    public Process start(Path log, String... cmd) throws IOException {
        List<String> c = new ArrayList<>(List.of("setsid", "-w"));
        c.addAll(List.of(cmd));
        Process p = new ProcessBuilder(c)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        started.add(p);
        return p;
    }

    /** A command run to its end (at most 20 s). */
    public static String run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + ": did not end in 20 s");
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Runs at close, before the started programs are killed (e.g. a FUSE abort). */
    public void onClose(Runnable r) {
        cleanups.add(0, r);
    }

    public static boolean waitUntil(Duration limit, BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (cond.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return cond.getAsBoolean();
    }

    /** The state letter of a thread from its stat (what ps shows), or '?' when it is gone. */
    public static char state(int pid, int tid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/task/" + tid + "/stat"));
            return s.substring(s.lastIndexOf(')') + 2).charAt(0);
        } catch (IOException | RuntimeException e) {
            return '?';
        }
    }

    /** Every thread of {@code pid}: none stopped, none with a stop signal pending. Names the first that is. */
    public static String stoppedThread(int pid) throws IOException {
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                ProcStatus s;
                try {
                    s = ProcStatus.parse(Files.readAllBytes(t.resolve("status")));
                } catch (IOException e) {
                    continue; // the thread ended
                }
                if (s.stopped() || s.stopPending()) {
                    return t.getFileName() + ": " + s.describe();
                }
            }
        }
        return null;
    }

    /** The children of a process, from /proc (pid of the first child whose comm is {@code comm}). */
    public static int child(int parent, String comm) {
        return ProcessHandle.of(parent).stream()
                .flatMap(ProcessHandle::children)
                .filter(h -> {
                    try {
                        return Files.readString(Path.of("/proc/" + h.pid() + "/comm"))
                                .strip()
                                .equals(comm);
                    } catch (IOException e) {
                        return false;
                    }
                })
                .mapToInt(h -> (int) h.pid())
                .findFirst()
                .orElse(-1);
    }

    /** Cleanups first, then SIGKILL to every started program's process group and descendants, and wait. */
    @Override
    public void close() {
        for (Runnable r : cleanups) {
            try {
                r.run();
            } catch (RuntimeException e) {
                // the next cleanup still runs
            }
        }
        for (Process p : started) {
            List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
            try {
                new ProcessBuilder("kill", "-KILL", "--", "-" + p.pid())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start()
                        .waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                // kill(1) missing: the handles below still work
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            all.forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            // SIGCONT: a stopped process dies of SIGKILL anyway, but a pending stop must not survive a failed kill
            all.forEach(h -> cont(h.pid()));
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static void cont(long pid) {
        try {
            new ProcessBuilder("kill", "-CONT", Long.toString(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(2, TimeUnit.SECONDS);
        } catch (IOException e) {
            // nothing to do without kill(1)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
