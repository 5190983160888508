package io.lockdoc.parse.linux.proc;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.userspace.LockEdge;
import io.lockdoc.model.userspace.LockKind;
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
 * {@code jcmd PID Thread.dump_to_file -format=text}, the only text dump that lists virtual threads: a
 * header {@code #22 "vt-A" virtual WAITING 2026-...Z} per thread (JDK 21: {@code #22 "" virtual}, its
 * frames without {@code at}), then its frames and, from JDK 24, its locks as {@code - locked
 * <java.lang.Object@161a035e>}, {@code - waiting to lock <...>}, {@code - parking to wait for <...>}.
 * The {@code #N} is the Java thread id, which the dump uses in place of an OS thread id.
 */
public final class ThreadDumpTextParser implements Parser {
    private static final Pattern HEADER =
            Pattern.compile("^#(\\d{1,9}) \"(.*)\"( virtual)?(?: ([A-Z_]+))?(?: \\d{4}-\\d\\d-\\d\\dT\\S+)?\\s*$");
    /** {@code - KIND <java.lang.Object@1b6d3586>}: what a thread does with a lock, by class and identity hash. */
    private static final Pattern LOCK =
            Pattern.compile("^\\s+- (locked|waiting to lock|parking to wait for|waiting on) <([\\w.$]+)@([0-9a-f]+)>");
    /** A JDK 21 frame: {@code java.base/java.lang.Thread.sleep(Thread.java:509)}, indented, without {@code at}. */
    private static final Pattern BARE_FRAME = Pattern.compile("^\\s+[\\w$.<>/]+\\([^)]*\\)\\s*$");

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        ThreadLocks t = null;
        String line;
        while ((line = lines.readLine()) != null) {
            int n = lines.lineNumber();
            Matcher h = line.startsWith("#") ? HEADER.matcher(line) : null;
            if (h != null && h.matches()) {
                if (t != null) {
                    t.flush(sink);
                }
                t = new ThreadLocks(artifact, Integer.parseInt(h.group(1)), h.group(2), Lines.at(artifact, n, line));
                continue;
            }
            if (t == null || line.isBlank()) {
                continue;
            }
            Matcher m = JstackParser.lockLine(line) ? LOCK.matcher(line) : null;
            if (m != null && m.lookingAt()) {
                t.lock(m.group(1), m.group(2), m.group(3), n, Lines.at(artifact, n, line));
            } else if (BARE_FRAME.matcher(line).matches()) {
                t.sites.frame("at " + line.strip());
            } else {
                t.sites.frame(line);
            }
        }
        if (t != null) {
            t.flush(sink);
        }
    }

    /** One thread's locks as they are read; a monitor it waits on in {@code Object.wait()} is not held. */
    private static final class ThreadLocks {
        private final String artifact;
        private final int id;
        private final String name;
        private final Evidence header;
        private final WaitSites sites = new WaitSites();
        private final List<LockEdge> holds = new ArrayList<>();
        private final Set<String> released = new HashSet<>();

        ThreadLocks(String artifact, int id, String name, Evidence header) {
            this.artifact = artifact;
            this.id = id;
            this.name = name.isEmpty() ? "#" + id : name;
            this.header = header;
        }

        void lock(String what, String className, String hash, int n, Evidence ev) {
            Evidence both = new Evidence(
                    artifact,
                    header.getFirstLine(),
                    n,
                    List.of(header.getQuoted().get(0), ev.getQuoted().get(0)));
            switch (what) {
                case "locked" -> holds.add(
                        edge(n, LockEdge.Relation.HOLDS, LockKind.JAVA_MONITOR, className, hash, what, both));
                case "waiting to lock" -> sites.add(
                        edge(n, LockEdge.Relation.WAITS, LockKind.JAVA_MONITOR, className, hash, what, both));
                case "parking to wait for" -> {
                    if (JavaFrames.isSynchronizer(className)) {
                        sites.add(edge(
                                n, LockEdge.Relation.WAITS, LockKind.JAVA_SYNCHRONIZER, className, hash, what, both));
                    }
                }
                default -> released.add(hash);
            }
        }

        private LockEdge edge(
                int n, LockEdge.Relation rel, LockKind kind, String className, String hash, String what, Evidence ev) {
            return new LockEdge(
                    artifact + "#" + n, rel, null, id, name, kind, hash, "a " + className, "thread dump: " + what, ev);
        }

        void flush(FactSink sink) {
            sites.flush(sink);
            for (LockEdge e : holds) {
                if (!released.contains(e.getAddress())) {
                    sink.fact(e);
                }
            }
        }
    }
}
