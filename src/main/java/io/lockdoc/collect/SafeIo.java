package io.lockdoc.collect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Reads, listings, link reads and commands that cannot hang the collector: each runs with a
 * deadline. A read of {@code /proc/<pid>/cmdline} or {@code stack} can block in the kernel behind
 * the very lock that is stuck, so file work happens on daemon worker threads that are abandoned
 * (not waited for) when their deadline passes; commands are killed. Nothing here follows a link
 * or stats a path outside {@code /proc} and {@code /sys}.
 */
final class SafeIo implements AutoCloseable {
    /** After this many abandoned reads the kernel is not answering: further reads are not tried. */
    static final int MAX_STUCK = 8;

    /** A value, or why there is none. */
    record Result<T>(T value, String failure) {
        boolean ok() {
            return failure == null;
        }

        static <T> Result<T> of(T v) {
            return new Result<>(v, null);
        }

        static <T> Result<T> fail(String why) {
            return new Result<>(null, why);
        }
    }

    /** A command's output and, when it did not end well, why (the output is kept either way). */
    record Output(byte[] stdout, String failure) {}

    private final Duration readTimeout;
    private final ExecutorService pool;
    private final AtomicInteger stuck = new AtomicInteger();
    private final AtomicInteger threads = new AtomicInteger();

    SafeIo(Duration readTimeout) {
        this.readTimeout = readTimeout;
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lockdoc-collect-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** At most {@code max} bytes of a file; a longer file is cut (and says so). */
    Result<byte[]> read(Path file, int max) {
        return bounded(() -> {
            try (InputStream in = Files.newInputStream(file)) {
                return in.readNBytes(max);
            }
        });
    }

    /** The names in a folder, sorted, at most {@code max}. */
    Result<List<String>> list(Path dir, int max) {
        return bounded(() -> {
            try (Stream<Path> s = Files.list(dir)) {
                List<String> names = new ArrayList<>(
                        s.limit(max).map(p -> p.getFileName().toString()).toList());
                names.sort(SafeIo::numericFirst);
                return names;
            }
        });
    }

    /** The target of a link as a string: the link is not followed, its target never touched. */
    Result<String> readLink(Path link) {
        return bounded(() -> Files.readSymbolicLink(link).toString());
    }

    /** Runs {@code work} on a worker and waits at most the read timeout. */
    <T> Result<T> bounded(Callable<T> work) {
        if (stuck.get() >= MAX_STUCK) {
            return Result.fail("not tried: " + MAX_STUCK + " earlier reads hung (the kernel is not answering)");
        }
        Future<T> f = pool.submit(work);
        try {
            return Result.of(f.get(readTimeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            f.cancel(true);
            stuck.incrementAndGet();
            return Result.fail("timed out after " + seconds(readTimeout)
                    + " (the read blocked in the kernel; the task may hold what the read needs)");
        } catch (ExecutionException e) {
            return Result.fail(why(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            return Result.fail("interrupted");
        }
    }

    /**
     * Runs a command with a deadline; stdout goes to a temporary file (a full pipe cannot block
     * the child), at most {@code max} bytes are kept. A command that overruns is killed.
     */
    Output run(List<String> command, Duration timeout, int max) {
        return run(command, timeout, max, false);
    }

    /**
     * The same, the command in its own session ({@code setsid}) when {@code group}: on a timeout
     * the whole process group is killed, so no helper of the tool keeps a target attached.
     */
    Output run(List<String> command, Duration timeout, int max, boolean group) {
        if (group && SETSID != null) {
            List<String> c = new ArrayList<>(command.size() + 1);
            c.add(SETSID);
            c.add("-w");
            c.addAll(command);
            command = c;
        }
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("lockdoc-collect", ".out");
            err = Files.createTempFile("lockdoc-collect", ".err");
            Process p;
            try {
                p = new ProcessBuilder(command)
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
            } catch (IOException e) {
                return new Output(new byte[0], "tool missing: " + command.get(0) + " (" + why(e) + ")");
            }
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            String failure = null;
            if (!done) {
                if (group && SETSID != null) {
                    killGroup(p.pid());
                }
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                // reaped before the caller looks at the target: a dead tracer has detached
                p.waitFor(2, TimeUnit.SECONDS);
                failure = "timed out after " + seconds(timeout)
                        + (group && SETSID != null ? " (killed with its process group)" : " (killed)");
            } else if (p.exitValue() != 0) {
                failure = "exit " + p.exitValue() + firstLine(head(err, 2048));
            }
            byte[] data = head(out, max);
            return new Output(data, failure);
        } catch (IOException e) {
            return new Output(new byte[0], why(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Output(new byte[0], "interrupted");
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** setsid(1) of util-linux, when present. */
    private static final String SETSID = java.util.stream.Stream.of("/usr/bin/setsid", "/bin/setsid")
            .filter(f -> Files.isExecutable(Path.of(f)))
            .findFirst()
            .orElse(null);

    private static void killGroup(long pgid) {
        try {
            Process k = new ProcessBuilder("kill", "-KILL", "--", "-" + pgid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!k.waitFor(2, TimeUnit.SECONDS)) {
                k.destroyForcibly();
            }
        } catch (IOException e) {
            // no kill(1): the tool itself is still killed by its handle
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] head(Path f, int max) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            return in.readNBytes(max);
        }
    }

    private static String firstLine(byte[] err) {
        String s = new String(err, java.nio.charset.StandardCharsets.UTF_8).strip();
        int nl = s.indexOf('\n');
        s = nl < 0 ? s : s.substring(0, nl);
        return s.isEmpty() ? "" : ": " + s;
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temporary file left behind is harmless
            }
        }
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** The reason of a failed file operation, in the words a user knows. */
    static String why(Throwable e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "not present";
        }
        String msg = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.getMessage();
        if (msg == null || msg.isBlank()) {
            return e.getClass().getSimpleName();
        }
        String m = msg.strip();
        // the JDK reports errno text ("Permission denied", "No such process") with a path in front
        int colon = m.lastIndexOf(": ");
        String tail = colon >= 0 && colon + 2 < m.length() ? m.substring(colon + 2) : m;
        if (tail.startsWith("error=") && tail.contains(", ")) {
            tail = tail.substring(tail.indexOf(", ") + 2);
        }
        return tail.substring(0, 1).toLowerCase(Locale.ROOT) + tail.substring(1);
    }

    private static int numericFirst(String a, String b) {
        boolean na = a.chars().allMatch(Character::isDigit) && !a.isEmpty() && a.length() < 10;
        boolean nb = b.chars().allMatch(Character::isDigit) && !b.isEmpty() && b.length() < 10;
        if (na && nb) {
            return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
        }
        return na ? -1 : nb ? 1 : a.compareTo(b);
    }

    @Override
    public void close() {
        // stuck workers are daemons blocked in the kernel: do not wait for them
        pool.shutdownNow();
    }
}
