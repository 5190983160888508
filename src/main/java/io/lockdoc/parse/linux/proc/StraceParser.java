package io.lockdoc.parse.linux.proc;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.userspace.LockEdge;
import io.lockdoc.model.userspace.LockKind;
import io.lockdoc.model.userspace.SyscallResult;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.Parser;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code strace [-f] [-tt]} output: lock calls ({@code futex}, {@code fcntl}, {@code flock}) still
 * unfinished when the trace ended (a contended-mutex {@code FUTEX_WAIT} with value 2 is a wait on
 * that mutex), and lock calls that failed with {@code EDEADLK} (the kernel refused to close a cycle).
 */
public final class StraceParser implements Parser {
    private static final Pattern PREFIX = Pattern.compile(
            "^(?:\\[pid\\s+(\\d+)\\]\\s+|(\\d+)\\s+)?(?:\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?\\s+|\\d+\\.\\d+\\s+)?(.*)$");
    private static final Pattern CALL = Pattern.compile("^(\\w+)\\((.*)$");
    private static final Pattern RESUMED = Pattern.compile("^<\\.\\.\\. (\\w+) resumed>");
    private static final Pattern ATTACHED = Pattern.compile("^strace: Process (\\d+) attached");
    private static final Pattern RESULT = Pattern.compile("\\)\\s+=\\s+(-?\\d+|\\?)(?:\\s+(E[A-Z]+))?");
    private static final Pattern FUTEX_WAIT = Pattern.compile("^(0x[0-9a-f]+), FUTEX_WAIT(?:_PRIVATE)?, 2\\b");
    private static final Set<String> LOCK_CALLS = Set.of("futex", "fcntl", "fcntl64", "flock");

    private static final int UNKNOWN = -1;

    /** Calls followed at once: each costs its line until it resumes; a process has far fewer threads. */
    static final int MAX_PENDING = 100_000;

    private final int maxPending;

    public StraceParser() {
        this(MAX_PENDING);
    }

    StraceParser(int maxPending) {
        this.maxPending = maxPending;
    }

    private record Pending(int line, String text, String call, String args) {}

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        Integer attached = null;
        Map<Integer, Pending> pending = new LinkedHashMap<>();
        java.util.List<SyscallResult> refused = new java.util.ArrayList<>();
        int untracked = 0;
        String line;
        while ((line = lines.readLine()) != null) {
            try {
                int n = lines.lineNumber();
                Matcher a = ATTACHED.matcher(line);
                if (a.find()) {
                    if (attached == null) {
                        attached = Integer.valueOf(a.group(1));
                    }
                    continue;
                }
                if (line.trim().startsWith("<detached") || line.startsWith("strace:")) {
                    continue;
                }
                Matcher p = PREFIX.matcher(line);
                if (!p.find()) {
                    continue;
                }
                // strace -p names the process only in its "attached" message, which may come after the calls
                int tid = p.group(1) != null
                        ? Integer.parseInt(p.group(1))
                        : p.group(2) != null ? Integer.parseInt(p.group(2)) : UNKNOWN;
                String rest = p.group(3);
                Matcher r = RESUMED.matcher(rest);
                if (r.find()) {
                    pending.remove(tid);
                    continue;
                }
                Matcher c = CALL.matcher(rest);
                if (!c.find()) {
                    continue;
                }
                String call = c.group(1);
                if (!LOCK_CALLS.contains(call)) {
                    pending.remove(tid);
                    continue;
                }
                String args = c.group(2);
                Matcher res = RESULT.matcher(args);
                if (res.find() && !args.contains("<unfinished")) {
                    pending.remove(tid);
                    if ("EDEADLK".equals(res.group(2))) {
                        refused.add(new SyscallResult(
                                artifact + "#" + n,
                                tid,
                                call,
                                args.substring(0, res.start()),
                                false,
                                "EDEADLK",
                                Lines.at(artifact, n, line)));
                    }
                    continue;
                }
                // unfinished: "<unfinished ...>", or cut by the detach message on the same line
                int cut = args.indexOf(" <unfinished");
                if (cut < 0) {
                    cut = args.indexOf("strace: ");
                }
                if (pending.size() >= maxPending && !pending.containsKey(tid)) {
                    untracked++;
                    continue;
                }
                pending.put(tid, new Pending(n, line, call, cut < 0 ? args : args.substring(0, cut)));
            } catch (NumberFormatException e) {
                sink.problem(io.lockdoc.parse.Numbers.outOfRange(artifact, lines.lineNumber(), e));
            }
        }
        if (untracked > 0) {
            sink.problem(new io.lockdoc.model.Problem(
                    io.lockdoc.model.Problem.ErrorId.LIMIT_EXCEEDED,
                    artifact,
                    0,
                    untracked + " unfinished lock call(s) were not followed: " + maxPending
                            + " were already unfinished at once"));
        }
        for (SyscallResult r : refused) {
            if (r.getTid() != UNKNOWN) {
                sink.fact(r);
            } else if (attached != null) {
                sink.fact(new SyscallResult(
                        r.getId(), attached, r.getSyscall(), r.getArguments(), false, r.getErrno(), r.getEvidence()));
            }
        }
        for (Map.Entry<Integer, Pending> e : pending.entrySet()) {
            Pending pd = e.getValue();
            int tid = e.getKey() != UNKNOWN ? e.getKey() : attached == null ? UNKNOWN : attached;
            if (tid == UNKNOWN) {
                continue;
            }
            sink.fact(new SyscallResult(
                    artifact + "#" + pd.line(),
                    tid,
                    pd.call(),
                    pd.args(),
                    true,
                    null,
                    Lines.at(artifact, pd.line(), pd.text())));
            Matcher f = FUTEX_WAIT.matcher(pd.args());
            if (pd.call().equals("futex") && f.find()) {
                sink.fact(new LockEdge(
                        artifact + "#" + pd.line() + "/wait",
                        LockEdge.Relation.WAITS,
                        null,
                        tid,
                        null,
                        LockKind.FUTEX,
                        Lines.hex(f.group(1)),
                        null,
                        "strace: futex(FUTEX_WAIT, 2) unfinished",
                        Lines.at(artifact, pd.line(), pd.text())));
            }
        }
    }
}
