package io.lockdoc.parse.linux.python;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.userspace.PythonThreads;
import io.lockdoc.model.userspace.PythonThreads.Activity;
import io.lockdoc.model.userspace.PythonThreads.Frame;
import io.lockdoc.model.userspace.PythonThreads.State;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.Parser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python thread dumps: faulthandler's ({@code Thread 0x.. (most recent call first):} then {@code File
 * "app.py", line 12 in transfer}) and {@code py-spy dump}'s ({@code Thread 0x.. (idle): "MainThread"}
 * then {@code transfer (app.py:12)}, with {@code --locals} lines skipped). One fact per dump.
 */
public final class PythonThreadsParser implements Parser {
    /** Longer lines are no header or frame (no regex work over a hostile line). */
    private static final int MAX_LINE = 4096;

    private static final Pattern FH_THREAD =
            Pattern.compile("^(Current thread|Thread) (0x[0-9a-fA-F]{1,16}) \\(most recent call first\\):\\s*$");
    private static final Pattern FH_FRAME =
            Pattern.compile("^\\s+File \"([^\"]{1,1024})\", line (\\d{1,9}) in (\\S{1,256})\\s*$");
    private static final Pattern SPY_PROCESS = Pattern.compile("^Process \\d{1,10}: (.{1,512})$");
    private static final Pattern SPY_THREAD = Pattern.compile(
            "^Thread (0x[0-9a-fA-F]{1,16}|\\d{1,10}) \\(([a-z+]{1,20})\\)(?:: \"([^\"]{0,256})\")?\\s*$");
    private static final Pattern SPY_FRAME =
            Pattern.compile("^ {4}(\\S[^()]{0,255}?) \\(([^()]{1,1024}):(\\d{1,9})\\)\\s*$");
    /** faulthandler's banner before a timed or fatal dump: a new dump starts. */
    private static final Pattern FH_BANNER = Pattern.compile("^(?:Timeout \\(\\d|Fatal Python error: )");

    private static final Set<String> ACQUIRE = Set.of("acquire", "__enter__", "_acquire_restore");

    private String artifact;
    private FactSink sink;
    private PythonThreads.Tool tool;
    private String program;
    private final List<PythonThreads.Thread> threads = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();
    private final List<Evidence.QuotedLine> quoted = new ArrayList<>();
    private int first;
    private int last;
    // the thread being read
    private String id;
    private String name;
    private State state;
    private boolean current;
    private List<Frame> frames;

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        this.artifact = artifact;
        this.sink = sink;
        String line;
        while ((line = lines.readLine()) != null) {
            int n = lines.lineNumber();
            if (line.length() > MAX_LINE) {
                continue;
            }
            Matcher m;
            if ((m = FH_THREAD.matcher(line)).matches()) {
                start(PythonThreads.Tool.FAULTHANDLER, m.group(2), null, State.UNKNOWN, n, line);
                current = m.group(1).startsWith("Current");
            } else if ((m = SPY_THREAD.matcher(line)).matches()) {
                String s = m.group(2);
                start(
                        PythonThreads.Tool.PY_SPY,
                        m.group(1),
                        m.group(3),
                        s.contains("active") ? State.ACTIVE : s.contains("idle") ? State.IDLE : State.UNKNOWN,
                        n,
                        line);
            } else if (frames != null
                    && tool == PythonThreads.Tool.FAULTHANDLER
                    && (m = FH_FRAME.matcher(line)).matches()) {
                frame(m.group(3), m.group(1), m.group(2), n, line);
            } else if (frames != null && tool == PythonThreads.Tool.PY_SPY && (m = SPY_FRAME.matcher(line)).matches()) {
                frame(m.group(1).strip(), m.group(2), m.group(3), n, line);
            } else if ((m = SPY_PROCESS.matcher(line)).matches()) {
                flush();
                program = m.group(1).strip();
            } else if (FH_BANNER.matcher(line).find()) {
                flush();
            }
        }
        flush();
    }

    private void start(PythonThreads.Tool t, String tid, String tname, State s, int n, String line) {
        endThread();
        // a thread seen again, or the other tool's header: the next dump
        if (ids.contains(tid) || (tool != null && tool != t)) {
            flush();
        }
        if (threads.isEmpty()) {
            first = n;
        }
        tool = t;
        ids.add(tid);
        id = tid;
        name = tname;
        state = s;
        current = false;
        frames = new ArrayList<>();
        last = n;
        quoted.add(new Evidence.QuotedLine(n, line.strip()));
    }

    private void frame(String function, String file, String lineNo, int n, String line) {
        frames.add(new Frame(function, file, Integer.parseInt(lineNo)));
        last = n;
        // the innermost frames say what the thread waits in
        if (frames.size() <= 2) {
            quoted.add(new Evidence.QuotedLine(n, line.strip()));
        }
    }

    private void endThread() {
        if (frames == null) {
            return;
        }
        threads.add(new PythonThreads.Thread(id, name, state, activity(), frames));
        frames = null;
    }

    private Activity activity() {
        if (current) {
            return Activity.DUMPER;
        }
        Frame top = frames.isEmpty() ? null : frames.get(0);
        if (top != null && top.basename().equals("threading.py") && ACQUIRE.contains(top.function())) {
            return Activity.LOCK_ACQUIRE;
        }
        if (state == State.ACTIVE) {
            return Activity.RUNNING;
        }
        // faulthandler and py-spy print the Python frame that called the C lock acquire: own code on top
        return top != null && !top.library() ? Activity.LOCK_ACQUIRE : Activity.WAITING;
    }

    private void flush() {
        endThread();
        if (!threads.isEmpty()) {
            sink.fact(new PythonThreads(
                    artifact + "#" + first, tool, threads, program, new Evidence(artifact, first, last, quoted)));
        }
        threads.clear();
        ids.clear();
        quoted.clear();
        tool = null;
    }
}
