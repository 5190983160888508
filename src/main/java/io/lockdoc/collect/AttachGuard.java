package io.lockdoc.collect;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides before gdb or jstack touches a process whether it may, and makes sure afterwards that
 * the process is not left stopped. A ptrace attach sends SIGSTOP and waits for the thread to
 * stop; a thread in D (uninterruptible or killable wait) does not stop until its wait ends, so
 * gdb hangs to its deadline and, when killed, leaves the SIGSTOP pending: the task stops the
 * moment it wakes. A stopped or traced process cannot answer jstack's SIGQUIT either.
 */
final class AttachGuard {
    /** How often a SIGCONT is sent (and the state read again) before giving up. */
    static final int RESUME_TRIES = 5;

    static final Duration RESUME_PAUSE = Duration.ofMillis(200);

    enum Tool {
        GDB("gdb"),
        JSTACK("jstack");

        final String word;

        Tool(String word) {
            this.word = word;
        }
    }

    /** One thread's state as read from /proc. */
    record ThreadState(int tid, ProcStatus status, String wchan) {}

    private final SafeIo io;
    private final Path proc;

    AttachGuard(SafeIo io, Path proc) {
        this.io = io;
        this.proc = proc;
    }

    /** Why the tool must not run on {@code pid}, with what to do instead; empty when it may. */
    Optional<String> refusal(int pid, Tool tool) {
        var main = io.read(proc.resolve(pid + "/status"), 64 * 1024);
        if (!main.ok()) {
            return Optional.of("not run: /proc/" + pid + "/status could not be read (" + main.failure()
                    + "), so it is not known whether attaching is safe");
        }
        ProcStatus ps = ProcStatus.parse(main.value());
        if (ps.tracerPid() != 0) {
            return Optional.of("not run: pid " + pid + " is already traced by pid " + ps.tracerPid()
                    + " (TracerPid); " + tool.word + " would fail or disturb that tracer; ask its owner, or read /proc/"
                    + pid + "/task/*/stack");
        }
        List<ThreadState> threads = threads(pid);
        if (threads == null) {
            return Optional.of("not run: the threads of pid " + pid + " could not be listed, so it is not known"
                    + " whether attaching is safe");
        }
        for (ThreadState t : threads) {
            if (t.status() == null) {
                return Optional.of("not run: /proc/" + pid + "/task/" + t.tid()
                        + "/status could not be read, so it is not known whether attaching is safe");
            }
            char s = t.status().state();
            if (s == 'T' || s == 't') {
                return Optional.of("not run: thread " + t.tid() + " of pid " + pid + " is stopped (State "
                        + t.status().stateText() + "); " + tool.word + " would wait for it forever; resume it"
                        + " (kill -CONT " + pid + ") if it was not stopped on purpose, or read /proc/" + pid
                        + "/task/*/stack");
            }
            if (t.status().stopPending()) {
                return Optional.of("not run: thread " + t.tid() + " of pid " + pid + " has a stop signal pending ("
                        + t.status().describe() + "); it stops as soon as it runs; kill -CONT " + pid
                        + " clears it, then try again");
            }
            if (s == 'D' && tool == Tool.GDB) {
                return Optional.of("not run: thread " + t.tid() + " of pid " + pid + " is in D"
                        + (t.wchan() == null || t.wchan().isBlank() ? "" : " (wchan " + t.wchan() + ")")
                        + ", an uninterruptible or killable wait: a ptrace attach waits until that wait ends, so gdb"
                        + " would hang to its deadline and leave a SIGSTOP pending that stops the task when it"
                        + " wakes; read /proc/" + pid + "/task/*/stack instead (collected), or run gdb once the"
                        + " thread has left D");
            }
        }
        return Optional.empty();
    }

    /**
     * After the tool: a SIGCONT when it was killed or left a stop behind, until no thread is
     * stopped and no stop signal is pending; says what it found and did.
     */
    String settle(int pid, boolean killed) {
        int sent = 0;
        if (killed) {
            sent += cont(pid);
        }
        for (int i = 0; ; i++) {
            List<ThreadState> threads = threads(pid);
            if (threads == null) {
                return "pid " + pid + " is gone or its threads cannot be listed (SIGCONT sent " + sent + " times)";
            }
            List<String> bad = new ArrayList<>();
            for (ThreadState t : threads) {
                if (t.status() != null && (t.status().stopped() || t.status().stopPending())) {
                    bad.add("thread " + t.tid() + ": " + t.status().describe());
                }
            }
            if (bad.isEmpty()) {
                return "pid " + pid + " is not stopped and has no stop signal pending"
                        + (sent == 0 ? "" : " (after " + sent + " SIGCONT)");
            }
            if (i >= RESUME_TRIES) {
                return "pid " + pid + " is STILL STOPPED after " + sent + " SIGCONT (" + String.join("; ", bad)
                        + "): run kill -CONT " + pid;
            }
            sent += cont(pid);
            try {
                Thread.sleep(RESUME_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while resuming pid " + pid + ": check it with grep -E 'State|SigPnd|ShdPnd' /proc/"
                        + pid + "/status";
            }
        }
    }

    /** Each thread with its status and wait channel (null status: unreadable); null when not listable. */
    List<ThreadState> threads(int pid) {
        var names = io.list(proc.resolve(pid + "/task"), Collector.MAX_THREADS);
        if (!names.ok()) {
            return null;
        }
        List<ThreadState> out = new ArrayList<>();
        for (String n : names.value()) {
            if (n.isEmpty() || !n.chars().allMatch(Character::isDigit)) {
                continue;
            }
            Path t = proc.resolve(pid + "/task/" + n);
            var st = io.read(t.resolve("status"), 64 * 1024);
            var wc = io.read(t.resolve("wchan"), 256);
            out.add(new ThreadState(
                    Integer.parseInt(n),
                    st.ok() ? ProcStatus.parse(st.value()) : null,
                    wc.ok() ? new String(wc.value(), java.nio.charset.StandardCharsets.UTF_8).strip() : null));
        }
        return out;
    }

    private int cont(int pid) {
        SafeIo.Output o = io.run(List.of("kill", "-CONT", Integer.toString(pid)), Duration.ofSeconds(2), 4096);
        return o.failure() == null ? 1 : 0;
    }
}
