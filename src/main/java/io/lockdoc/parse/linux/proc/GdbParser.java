package io.lockdoc.parse.linux.proc;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.userspace.GdbLockWaits;
import io.lockdoc.model.userspace.LockEdge;
import io.lockdoc.model.userspace.LockKind;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.Parser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * gdb output: {@code thread apply all bt} (a thread blocked in {@code pthread_mutex_lock (mutex=0x...
 * <sym>)} or {@code __lll_lock_wait (futex=0x...)} waits for that mutex), {@code info threads}
 * listings (a row whose frame is a lock wait), an interactive session's {@code thread N} switches,
 * and printed pthread mutexes ({@code $1 = (pthread_mutex_t *) 0x... <lock1>} or {@code p
 * *(pthread_mutex_t*)0x...}, then {@code __owner = TID}: the holder). Every lock-waiting thread is
 * kept with the first frame of the program's own code above the lock call, in one {@link
 * GdbLockWaits} per listing.
 */
public final class GdbParser implements Parser {
    private static final Pattern THREAD =
            Pattern.compile("^Thread (\\d+) \\(Thread 0x[0-9a-f]+ \\(LWP (\\d+)\\)(?: \"([^\"]*)\")?\\)");
    private static final Pattern LWP_THREAD = Pattern.compile("^Thread (\\d+) \\(LWP (\\d+)(?: \"([^\"]*)\")?\\)");
    private static final Pattern SWITCHING =
            Pattern.compile("^\\[Switching to thread (\\d+) \\(Thread 0x[0-9a-f]+ \\(LWP (\\d+)\\)\\)\\]");
    private static final Pattern INFO_ROW = Pattern.compile(
            "^\\*?\\s*(\\d+)\\s+Thread (?:0x[0-9a-f]+ \\(LWP (\\d+)\\)|(\\d+))\\s*(?:\"([^\"]*)\")?\\s*(?:(?:0x[0-9a-f]+ in )?([^\\s(]+)(?: ?\\(.*)?)?$");
    private static final Pattern FRAME = Pattern.compile("^#(\\d+)\\s+(?:0x[0-9a-f]+ in )?(\\S+) \\((.*)");
    private static final Pattern LOCK_FN = Pattern.compile(
            "^_*(?:GI_)*_*(?:pthread_mutex_(?:timed|clock)?lock\\w*|pthread_rwlock_(?:timed|clock)?(?:rd|wr)lock\\w*|lll_mutex_lock\\w*|lll_lock_wait\\w*|mutex_lock_full)$");
    /** Frames between the wait and the program's own code: libc, libpthread and libstdc++ lock machinery. */
    private static final Pattern MACHINERY = Pattern.compile(
            "^(?:_*(?:GI_)*_*(?:pthread_\\w+|lll_\\w+|futex_\\w+|__futex\\w*|gthread_\\w+|syscall)|std::(?:mutex|recursive_mutex|timed_mutex|shared_mutex|shared_timed_mutex|lock_guard|unique_lock|scoped_lock|shared_lock|lock)\\b.*|_ZNSt\\w+|__GI_\\w+|__\\w*lock\\w*)$");

    private static final Pattern AT_FILE = Pattern.compile("\\) at (\\S+:\\d+)\\s*$");
    private static final Pattern LOCK_ARG =
            Pattern.compile("\\b(?:mutex|rwlock|futex|__mutex|this|__m)=(?:\\w+@entry=)?(0x[0-9a-f]+)(?: <([^>]+)>)?");
    private static final Pattern PROCESS = Pattern.compile("\\(process (\\d+)\\)|Attaching to process (\\d+)");
    private static final Pattern MUTEX_PTR =
            Pattern.compile("^\\$\\d+ = \\(pthread_mutex_t \\*\\) (0x[0-9a-f]+)(?: <([^>]+)>)?");
    private static final Pattern PRINT_MUTEX =
            Pattern.compile("^\\(gdb\\) p(?:rint)?\\s+\\*\\s*\\(pthread_mutex_t\\s*\\*\\)\\s*(0x[0-9a-f]+)");
    private static final Pattern OWNER = Pattern.compile("__owner = (\\d+)");
    private static final Pattern LOCK_WORD = Pattern.compile("__lock = (\\d+)");
    /** Frames deeper than this are the thread's own work, not the wait it is in. */
    private static final int WAIT_DEPTH = 8;

    /** The thread whose frames are being read. */
    private static final class Current {
        final int tid;
        final String name;
        String waitFunction;
        String address;
        String symbol;
        String ownFunction;
        String ownLocation;
        io.lockdoc.model.Evidence evidence;

        Current(int tid, String name) {
            this.tid = tid;
            this.name = name;
        }
    }

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        Integer process = null;
        String processName = null;
        Current cur = null;
        String mutexAddr = null;
        String mutexSym = null;
        int threadsShown = 0;
        List<GdbLockWaits.Waiter> waiters = new ArrayList<>();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        String line;
        List<LockEdge> pending = new ArrayList<>();
        while ((line = lines.readLine()) != null) {
            try {
                int n = lines.lineNumber();
                Matcher m = PROCESS.matcher(line);
                if (m.find()) {
                    process = Integer.valueOf(m.group(1) != null ? m.group(1) : m.group(2));
                }
                if ((m = THREAD.matcher(line)).find()
                        || (m = LWP_THREAD.matcher(line)).find()
                        || (m = SWITCHING.matcher(line)).find()) {
                    int tid = Integer.parseInt(m.group(2));
                    String name = m.groupCount() >= 3 ? m.group(3) : null;
                    finish(cur, waiters, process, pending);
                    cur = new Current(tid, name);
                    if (seen.add(tid)) {
                        threadsShown++;
                    }
                    // gdb's thread 1 is the main thread: it carries the program's name
                    processName = processName == null && "1".equals(m.group(1)) ? name : processName;
                    continue;
                }
                if ((m = INFO_ROW.matcher(line)).matches()) {
                    finish(cur, waiters, process, pending);
                    cur = null;
                    int rowTid = Integer.parseInt(m.group(2) != null ? m.group(2) : m.group(3));
                    if (seen.add(rowTid)) {
                        threadsShown++;
                    }
                    // every thread of a process shows the program's name unless it renamed itself
                    processName = processName == null ? m.group(4) : processName;
                    if (m.group(5) != null && LOCK_FN.matcher(m.group(5)).matches()) {
                        Current row = new Current(rowTid, m.group(4));
                        row.waitFunction = m.group(5);
                        row.evidence = Lines.at(artifact, n, line);
                        finish(row, waiters, process, pending);
                    }
                    continue;
                }
                m = FRAME.matcher(line);
                if (m.find() && cur != null) {
                    frame(artifact, n, line, m, cur);
                    continue;
                }
                if ((m = MUTEX_PTR.matcher(line)).find() || (m = PRINT_MUTEX.matcher(line)).find()) {
                    mutexAddr = Lines.hex(m.group(1));
                    mutexSym = m.groupCount() >= 2 ? m.group(2) : null;
                    continue;
                }
                m = OWNER.matcher(line);
                if (m.find() && mutexAddr != null && line.contains("__data")) {
                    int owner = Integer.parseInt(m.group(1));
                    Matcher w = LOCK_WORD.matcher(line);
                    boolean locked = !w.find() || !"0".equals(w.group(1));
                    if (owner > 0 && locked) {
                        pending.add(new LockEdge(
                                artifact + "#" + n,
                                LockEdge.Relation.HOLDS,
                                process,
                                owner,
                                null,
                                LockKind.FUTEX,
                                mutexAddr,
                                mutexSym,
                                "gdb: " + (mutexSym == null ? "mutex" : mutexSym) + ".__data.__owner",
                                Lines.at(artifact, n, line)));
                    }
                    mutexAddr = null;
                }
            } catch (NumberFormatException e) {
                sink.problem(io.lockdoc.parse.Numbers.outOfRange(artifact, lines.lineNumber(), e));
            }
        }
        finish(cur, waiters, process, pending);
        // the process is often named only at the end ("[Inferior 1 (process N) detached]")
        for (LockEdge e : pending) {
            sink.fact(e.getPid() != null || process == null ? e : e.withPid(process));
        }
        if (!waiters.isEmpty()) {
            sink.fact(new GdbLockWaits(artifact + "#lock-waits", process, processName, threadsShown, waiters));
        }
    }

    /** One frame of the current thread: its lock wait (with the lock, where printed) or, above it, its own code. */
    private static void frame(String artifact, int n, String line, Matcher m, Current cur) {
        int depth = Integer.parseInt(m.group(1));
        String fn = m.group(2);
        Matcher a = LOCK_ARG.matcher(m.group(3));
        boolean lockFrame = LOCK_FN.matcher(fn).matches();
        if (cur.waitFunction == null && depth <= WAIT_DEPTH && lockFrame) {
            cur.waitFunction = fn;
            cur.evidence = Lines.at(artifact, n, line);
            if (a.find()) {
                cur.address = Lines.hex(a.group(1));
                cur.symbol = a.group(2);
            }
            return;
        }
        if (cur.waitFunction == null || cur.ownFunction != null) {
            return;
        }
        if (MACHINERY.matcher(fn).matches() || line.contains(" from /lib") || line.contains("/usr/include/")) {
            // the mutex often shows first in a wrapper frame (std::mutex::lock (this=0x... <keys_mutex>))
            if (cur.address == null && a.find()) {
                cur.address = Lines.hex(a.group(1));
                cur.symbol = a.group(2);
            } else if (cur.symbol == null && a.find() && Lines.hex(a.group(1)).equals(cur.address)) {
                cur.symbol = a.group(2);
            }
            return;
        }
        cur.ownFunction = fn;
        Matcher at = AT_FILE.matcher(line);
        cur.ownLocation = at.find() ? at.group(1) : null;
    }

    /** Keeps a finished thread's lock wait, as a wait-for edge too when gdb printed the lock. */
    private static void finish(
            Current cur, List<GdbLockWaits.Waiter> waiters, Integer process, List<LockEdge> pending) {
        if (cur != null && cur.waitFunction != null) {
            if (cur.address != null) {
                pending.add(new LockEdge(
                        cur.evidence.getArtifact() + "#" + cur.evidence.getFirstLine(),
                        LockEdge.Relation.WAITS,
                        process,
                        cur.tid,
                        cur.name,
                        LockKind.FUTEX,
                        cur.address,
                        cur.symbol,
                        "gdb: " + cur.waitFunction,
                        cur.evidence,
                        cur.ownFunction,
                        cur.ownLocation));
            }
            waiters.add(new GdbLockWaits.Waiter(
                    cur.tid,
                    cur.name,
                    cur.waitFunction,
                    cur.address,
                    cur.symbol,
                    cur.ownFunction,
                    cur.ownLocation,
                    cur.evidence));
        }
    }
}
