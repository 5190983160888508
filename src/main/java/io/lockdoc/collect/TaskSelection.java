package io.lockdoc.collect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which processes get their {@code /proc} details read, and why: tasks in D state, holders and
 * waiters of contended file locks, threads asleep in a file-lock wait, processes whose threads all
 * sleep on futexes (a pthread deadlock looks like that), JVMs whose worker threads are all parked,
 * and the pids asked for. For the user-space waits it also says which gdb/jstack run would prove
 * or rule out a cycle: only an attach shows who holds a futex.
 */
final class TaskSelection {
    /** At most this many processes are read for a user-space wait (an idle host has many futex sleepers). */
    static final int MAX_USERSPACE = 32;

    static final Pattern FUTEX_WAIT =
            Pattern.compile("^(?:futex_wait_queue(?:_me)?|futex_do_wait|__futex_wait|futex_wait\\w*)$");
    static final Pattern FILE_LOCK_WAIT =
            Pattern.compile("^(?:fcntl_setlk\\w*|locks_lock_inode_wait|locks_lock_file_wait|flock_lock_inode_wait\\w*"
                    + "|posix_lock_\\w+|__posix_lock_file|do_lock_file_wait|flock_lock_file_wait|__do_sys_flock)$");
    /** Thread names the JVM gives its own threads (as ps shows them: 15 characters). */
    private static final Pattern JVM_THREAD = Pattern.compile(
            "^(?:java|VM Thread|VM Periodic Tas|GC Thread#\\d+|G1 .*|Reference Handl|Finalizer|Signal Dispatch"
                    + "|Service Thread|Monitor Deflati|C[12] CompilerThre|Sweeper thread|Common-Cleaner|Notification Th"
                    + "|Attach Listener|process reaper|VM Operation|ZDirector|Z\\w+|Shenandoah.*|Parallel GC.*"
                    + "|JVMCI.*|Thread-\\d+ reaper)$");

    /** A task waiting for its FUSE daemon's reply (S before the request is sent on, D while interrupted). */
    static final Pattern FUSE_WAIT =
            Pattern.compile("^(?:request_wait_answer|fuse_wait_answer|__fuse_simple_request)$");

    private static final Pattern LOCK_LINE =
            Pattern.compile("^(\\d+): (?: *-> )?[A-Z]+\\s+\\S+\\s+\\S+\\s+(-?\\d+)\\s+(\\S+)");

    /** One thread row of {@code ps -eLo pid,tid,ppid,stat,wchan:32,comm,args}. */
    record Row(int pid, int tid, String stat, String wchan, String comm) {}

    /** pid -> the threads to read (null: all). */
    final Map<Integer, Set<Integer>> tasks = new LinkedHashMap<>();

    final Map<Integer, String> reasons = new LinkedHashMap<>();
    /** Which run would prove a user-space wait, one line per process. */
    final List<String> suggestions = new ArrayList<>();

    private final int self;
    /** A task waits for a FUSE reply: the daemons (processes holding /dev/fuse) are read too. */
    boolean fuseWaiters;

    TaskSelection(int self) {
        this.self = self;
    }

    void dState(String ps) {
        for (int[] row : ProcTable.dStateRows(ps)) {
            tasks.computeIfAbsent(row[0], k -> new TreeSet<>()).add(row[1]);
            reasons.putIfAbsent(row[0], "in D state");
        }
    }

    /** Tasks waiting for a FUSE reply: the daemon serving their mount is found from their files. */
    void fuseWaits(String ps) {
        for (Row r : rows(ps)) {
            if (FUSE_WAIT.matcher(r.wchan()).matches() && r.pid() != self) {
                select(r.pid(), new TreeSet<>(Set.of(r.tid())), "waiting for a FUSE reply (" + r.wchan() + ")");
                fuseWaiters = true;
            }
        }
    }

    /** A task in a page fault that waits for its userfaultfd handler: it may hold a lock D tasks wait for. */
    static final Pattern FAULT_WAIT = Pattern.compile("^handle_userfault$");

    /** Tasks whose page fault waits for a userfaultfd handler (S or D), at most {@link #MAX_USERSPACE}. */
    void faultWaits(String ps) {
        int n = 0;
        for (Row r : rows(ps)) {
            if (FAULT_WAIT.matcher(r.wchan()).matches() && r.pid() != self && n++ < MAX_USERSPACE) {
                select(r.pid(), new TreeSet<>(Set.of(r.tid())), "in a page fault waiting for its userfaultfd handler");
            }
        }
    }

    /** A process holding /dev/fuse while a task waits for a FUSE reply: all its threads (which one is busy). */
    void fuseDaemon(int pid) {
        if (pid == self) {
            return;
        }
        tasks.put(pid, null);
        reasons.merge(pid, "holds /dev/fuse while a task waits for a FUSE reply", (a, b) -> a + ", " + b);
    }

    /** Holders and waiters of file locks that have waiters. */
    void contendedLocks(String locks) {
        Map<String, Set<Integer>> byId = new LinkedHashMap<>();
        Set<String> contended = new LinkedHashSet<>();
        for (String line : locks.split("\n")) {
            Matcher m = LOCK_LINE.matcher(line);
            if (!m.find()) {
                continue;
            }
            byId.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>()).add(Integer.parseInt(m.group(2)));
            if (line.contains("->")) {
                contended.add(m.group(1));
            }
        }
        for (String id : contended) {
            for (int pid : byId.get(id)) {
                if (pid > 0 && !tasks.containsKey(pid)) {
                    tasks.put(pid, null);
                    reasons.putIfAbsent(pid, "on a contended file lock");
                }
            }
        }
    }

    /** Threads asleep (S) in futex or file-lock waits, from a ps table with a WCHAN column. */
    void userspaceWaits(String ps) {
        Map<Integer, List<Row>> byPid = new LinkedHashMap<>();
        for (Row r : rows(ps)) {
            byPid.computeIfAbsent(r.pid(), k -> new ArrayList<>()).add(r);
        }
        int n = 0;
        int skipped = 0;
        for (var e : byPid.entrySet()) {
            int pid = e.getKey();
            if (pid == self || !candidate(e.getValue())) {
                continue;
            }
            if (n >= MAX_USERSPACE) {
                skipped++;
                continue;
            }
            n++;
            if (fileLockWait(pid, e.getValue()) == null) {
                futexWait(pid, e.getValue());
            }
        }
        if (skipped > 0) {
            suggestions.add("only the first " + MAX_USERSPACE + " processes in user-space waits were read (" + skipped
                    + " more)");
        }
    }

    private static boolean candidate(List<Row> threads) {
        return threads.stream()
                        .anyMatch(r -> r.stat().startsWith("S")
                                && FILE_LOCK_WAIT.matcher(r.wchan()).matches())
                || (isJvm(threads) ? allWorkersParked(threads) : allInFutex(threads));
    }

    private String fileLockWait(int pid, List<Row> threads) {
        Set<Integer> waiting = new TreeSet<>();
        String wchan = null;
        for (Row r : threads) {
            if (r.stat().startsWith("S") && FILE_LOCK_WAIT.matcher(r.wchan()).matches()) {
                waiting.add(r.tid());
                wchan = r.wchan();
            }
        }
        if (waiting.isEmpty()) {
            return null;
        }
        String why = "in a file-lock wait (" + wchan + ", thread " + join(waiting) + ")";
        select(pid, waiting, why);
        suggestions.add("pid " + pid + " (" + threads.get(0).comm() + ") " + why
                + ": /proc/locks names holders and waiters; lockdoc collect --pid " + pid
                + " --gdb shows where it took and waits for them");
        return why;
    }

    private String futexWait(int pid, List<Row> threads) {
        boolean jvm = isJvm(threads);
        if (jvm ? !allWorkersParked(threads) : !allInFutex(threads)) {
            return null;
        }
        Set<Integer> read = new TreeSet<>();
        List<String> names = new ArrayList<>();
        for (Row r : threads) {
            if (!jvm || !JVM_THREAD.matcher(r.comm()).matches()) {
                read.add(r.tid());
                names.add(r.comm() + ":" + r.tid());
            }
        }
        String wchan = threads.get(0).wchan();
        String why = jvm
                ? "a JVM whose worker threads are all parked (" + String.join(", ", names) + " in " + wchan + ")"
                : "all " + threads.size() + " threads asleep on futexes (" + String.join(", ", names) + " in " + wchan
                        + ")";
        select(pid, read, why);
        suggestions.add("pid " + pid + " (" + threads.get(0).comm() + "): " + why + "; a user-space deadlock is"
                + " proven or ruled out by: lockdoc collect --pid " + pid + (jvm ? " --jstack" : " --gdb"));
        return why;
    }

    private void select(int pid, Set<Integer> tids, String why) {
        if (tasks.containsKey(pid)) {
            Set<Integer> have = tasks.get(pid);
            if (have != null) {
                have.addAll(tids);
            }
        } else {
            tasks.put(pid, new TreeSet<>(tids));
        }
        reasons.merge(pid, why, (a, b) -> a.contains(b) ? a : a + ", " + b);
    }

    private static boolean allInFutex(List<Row> threads) {
        return threads.size() >= 2
                && threads.stream()
                        .allMatch(r -> r.stat().startsWith("S")
                                && FUTEX_WAIT.matcher(r.wchan()).matches());
    }

    private static boolean isJvm(List<Row> threads) {
        return threads.stream()
                .anyMatch(r -> r.comm().equals("VM Thread") || r.comm().equals("Signal Dispatch"));
    }

    private static boolean allWorkersParked(List<Row> threads) {
        List<Row> workers = threads.stream()
                .filter(r -> !JVM_THREAD.matcher(r.comm()).matches())
                .toList();
        return workers.size() >= 2
                && workers.stream()
                        .allMatch(r -> r.stat().startsWith("S")
                                && FUTEX_WAIT.matcher(r.wchan()).matches());
    }

    /** The rows of a ps table with PID, TID, STAT, WCHAN and COMMAND columns; none without WCHAN. */
    static List<Row> rows(String ps) {
        List<Row> out = new ArrayList<>();
        String[] lines = ps.split("\n");
        if (lines.length == 0) {
            return out;
        }
        String header = lines[0];
        List<String> cols = List.of(header.trim().split("\\s+"));
        int pid = cols.indexOf("PID");
        int tid = cols.indexOf("TID") >= 0 ? cols.indexOf("TID") : cols.indexOf("LWP");
        int stat = cols.indexOf("STAT");
        int wchan = cols.indexOf("WCHAN");
        int comm = cols.indexOf("COMMAND");
        // the fixed layout the collector asks ps for: comm comes right after wchan
        if (pid < 0 || tid < 0 || stat < 0 || wchan < 0 || comm != wchan + 1) {
            return out;
        }
        for (int i = 1; i < lines.length; i++) {
            String[] t = lines[i].trim().split("\\s+", comm + 1);
            if (t.length <= comm) {
                continue;
            }
            try {
                String rest = t[comm];
                // ps pads comm (at most 15 characters, spaces allowed) before the args column
                String c = rest.length() > 15 ? rest.substring(0, 15).strip() : rest.strip();
                out.add(new Row(Integer.parseInt(t[pid]), Integer.parseInt(t[tid]), t[stat], t[wchan], c));
            } catch (NumberFormatException e) {
                // a wrapped line: not a row
            }
        }
        return out;
    }

    private static String join(Set<Integer> s) {
        return String.join(",", s.stream().map(String::valueOf).toList());
    }
}
