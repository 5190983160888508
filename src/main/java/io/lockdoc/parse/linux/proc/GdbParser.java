package io.lockdoc.parse.linux.proc;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.userspace.LockEdge;
import io.lockdoc.model.userspace.LockKind;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.Parser;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * gdb output: {@code thread apply all bt} (a thread blocked in {@code pthread_mutex_lock (mutex=0x...
 * <sym>)} or {@code __lll_lock_wait (futex=0x...)} waits for that mutex) and printed pthread
 * mutexes ({@code $1 = (pthread_mutex_t *) 0x... <lock1>} then {@code __owner = TID}: the holder).
 */
public final class GdbParser implements Parser {
    private static final Pattern THREAD =
            Pattern.compile("^Thread \\d+ \\(Thread 0x[0-9a-f]+ \\(LWP (\\d+)\\)(?: \"([^\"]*)\")?\\)");
    private static final Pattern LWP_THREAD = Pattern.compile("^Thread \\d+ \\(LWP (\\d+)\\)");
    private static final Pattern FRAME = Pattern.compile("^#(\\d+)\\s+(?:0x[0-9a-f]+ in )?(\\S+) \\((.*)");
    private static final Pattern LOCK_FN = Pattern.compile(
            "^_*(?:GI_)*_*(?:pthread_mutex_(?:timed|clock)?lock\\w*|pthread_rwlock_(?:timed|clock)?(?:rd|wr)lock\\w*|lll_mutex_lock\\w*|lll_lock_wait\\w*|mutex_lock_full)$");
    private static final Pattern LOCK_ARG =
            Pattern.compile("\\b(?:mutex|rwlock|futex)=(?:\\w+@entry=)?(0x[0-9a-f]+)(?: <([^>]+)>)?");
    private static final Pattern PROCESS = Pattern.compile("\\(process (\\d+)\\)|Attaching to process (\\d+)");
    private static final Pattern MUTEX_PTR =
            Pattern.compile("^\\$\\d+ = \\(pthread_mutex_t \\*\\) (0x[0-9a-f]+)(?: <([^>]+)>)?");
    private static final Pattern OWNER = Pattern.compile("__owner = (\\d+)");
    private static final Pattern LOCK_WORD = Pattern.compile("__lock = (\\d+)");

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        Integer process = null;
        Integer tid = null;
        String name = null;
        boolean waitingFound = false;
        String mutexAddr = null;
        String mutexSym = null;
        String line;
        java.util.List<LockEdge> pending = new java.util.ArrayList<>();
        while ((line = lines.readLine()) != null) {
            try {
                int n = lines.lineNumber();
                Matcher m = PROCESS.matcher(line);
                if (m.find()) {
                    process = Integer.valueOf(m.group(1) != null ? m.group(1) : m.group(2));
                }
                m = THREAD.matcher(line);
                Matcher lm = LWP_THREAD.matcher(line);
                if (m.find()) {
                    tid = Integer.valueOf(m.group(1));
                    name = m.group(2);
                    waitingFound = false;
                    continue;
                }
                if (lm.find()) {
                    tid = Integer.valueOf(lm.group(1));
                    name = null;
                    waitingFound = false;
                    continue;
                }
                m = FRAME.matcher(line);
                if (m.find() && tid != null) {
                    int depth = Integer.parseInt(m.group(1));
                    String fn = m.group(2);
                    if (!waitingFound && depth <= 8 && LOCK_FN.matcher(fn).matches()) {
                        Matcher a = LOCK_ARG.matcher(m.group(3));
                        if (a.find()) {
                            waitingFound = true;
                            pending.add(new LockEdge(
                                    artifact + "#" + n,
                                    LockEdge.Relation.WAITS,
                                    process,
                                    tid,
                                    name,
                                    LockKind.FUTEX,
                                    Lines.hex(a.group(1)),
                                    a.group(2),
                                    "gdb: " + fn,
                                    Lines.at(artifact, n, line)));
                        }
                    }
                    continue;
                }
                m = MUTEX_PTR.matcher(line);
                if (m.find()) {
                    mutexAddr = Lines.hex(m.group(1));
                    mutexSym = m.group(2);
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
        // the process is often named only at the end ("[Inferior 1 (process N) detached]")
        for (LockEdge e : pending) {
            sink.fact(
                    e.getPid() != null || process == null
                            ? e
                            : new LockEdge(
                                    e.getId(),
                                    e.getRelation(),
                                    process,
                                    e.getTid(),
                                    e.getThread(),
                                    e.getKind(),
                                    e.getAddress(),
                                    e.getLabel(),
                                    e.getVia(),
                                    e.getEvidence()));
        }
    }
}
