package io.lockdoc.parse.linux.golang;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.userspace.GoroutineDump;
import io.lockdoc.model.userspace.GoroutineDump.Frame;
import io.lockdoc.model.userspace.GoroutineDump.Goroutine;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.Parser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go goroutine dumps: {@code goroutine 18 [semacquire]:} headers, then a function line and its
 * {@code \tfile.go:19 +0xd1} line per frame. One {@link GoroutineDump} per dump, saying whether the
 * runtime reported {@code all goroutines are asleep - deadlock!}.
 */
final class GoroutineParser implements Parser {
    private static final Pattern HEADER =
            Pattern.compile("^goroutine (\\d+) (?:gp=\\S+ m=\\S+ (?:mp=\\S+ )?)?\\[([^\\]]*)\\]:\\s*$");
    private static final Pattern FILE =
            Pattern.compile("^\\s+(\\S+\\.(?:go|s)):(\\d+)(?: \\+0x[0-9a-f]+)?(?: fp=.*)?\\s*$");
    private static final Pattern MINUTES = Pattern.compile("(\\d+) minutes");
    private static final Pattern FIRST_ARG = Pattern.compile("^(0x[0-9a-f]+)");
    /** The calls a goroutine is in while it waits to lock a mutex. */
    private static final Pattern LOCKING =
            Pattern.compile("^(?:internal/)?sync\\.\\(\\*(?:Mutex|RWMutex)\\)\\.(?:Lock|RLock|lockSlow|rLock)$");

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        boolean deadlock = false;
        int first = 0;
        int last = 0;
        List<Goroutine> goroutines = new ArrayList<>();
        List<Evidence.QuotedLine> quoted = new ArrayList<>();
        Open open = null;
        String line;
        while ((line = lines.readLine()) != null) {
            int n = lines.lineNumber();
            String t = line.strip();
            if (t.startsWith("fatal error: all goroutines are asleep - deadlock!")) {
                deadlock = true;
                quoted.add(new Evidence.QuotedLine(n, t));
                first = first == 0 ? n : first;
                last = n;
                continue;
            }
            Matcher h = HEADER.matcher(t);
            if (h.matches()) {
                if (open != null) {
                    goroutines.add(open.done());
                }
                open = new Open(Long.parseLong(h.group(1)), h.group(2), n);
                if (quoted.size() < 12) {
                    quoted.add(new Evidence.QuotedLine(n, t));
                }
                first = first == 0 ? n : first;
                last = n;
                continue;
            }
            if (open == null) {
                continue;
            }
            Matcher f = FILE.matcher(line);
            if (f.matches() && open.pendingFunction != null) {
                String file = f.group(1);
                open.frame(file.substring(file.lastIndexOf('/') + 1) + ":" + f.group(2));
                last = n;
                continue;
            }
            int paren = t.lastIndexOf('(');
            if (paren > 0 && t.endsWith(")") && t.lastIndexOf(' ', paren) < 0) {
                // the arguments are the last parenthesis: a method's receiver "(*Mutex)" is part of the name
                open.call(t.substring(0, paren), t.substring(paren + 1, t.length() - 1));
                last = n;
            } else if (t.startsWith("created by ")) {
                open.pendingFunction = null;
                last = n;
            }
        }
        if (open != null) {
            goroutines.add(open.done());
        }
        if (!goroutines.isEmpty()) {
            Evidence ev = new Evidence(artifact, first, Math.max(first, last), quoted);
            sink.fact(new GoroutineDump(artifact + "#goroutines", ev, deadlock, goroutines));
        }
    }

    /** A goroutine being read: its frames so far and the call whose file line comes next. */
    private static final class Open {
        final long id;
        final String reason;
        final Integer minutes;
        final int line;
        final List<Frame> frames = new ArrayList<>();
        String pendingFunction;
        String pendingArgs;
        String mutex;

        Open(long id, String status, int line) {
            this.id = id;
            int comma = status.indexOf(',');
            this.reason = (comma < 0 ? status : status.substring(0, comma)).strip();
            Matcher m = MINUTES.matcher(status);
            this.minutes = m.find() ? Integer.valueOf(m.group(1)) : null;
            this.line = line;
        }

        void call(String function, String args) {
            pendingFunction = function;
            pendingArgs = args;
        }

        void frame(String location) {
            Matcher a = FIRST_ARG.matcher(pendingArgs == null ? "" : pendingArgs);
            String arg = a.find() ? a.group(1) : null;
            if (mutex == null && arg != null && LOCKING.matcher(pendingFunction).matches()) {
                mutex = arg;
            }
            if (frames.size() < 200) {
                frames.add(new Frame(pendingFunction, location, arg));
            }
            pendingFunction = null;
        }

        Goroutine done() {
            // Go 1.20+ names the lock wait ("sync.Mutex.Lock"); older ones say "semacquire" with the Lock frames
            boolean locking = reason.startsWith("sync.Mutex.Lock")
                    || reason.startsWith("sync.RWMutex.")
                    || (reason.equals("semacquire") && mutex != null);
            String m = locking ? (mutex == null ? "a sync.Mutex" : mutex) : null;
            return new Goroutine(id, reason, minutes, frames, m, line);
        }
    }
}
