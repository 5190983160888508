package io.lockdoc.parse.linux.proc;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.userspace.LockEdge;
import io.lockdoc.model.userspace.LockKind;
import io.lockdoc.model.userspace.SystemValue;
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
 * HotSpot thread dumps ({@code jstack [-l]}, SIGQUIT): per thread ({@code nid} = the OS thread id)
 * the monitors it is {@code waiting to lock} and has {@code - locked}, the synchronizer it is
 * {@code parking to wait for} and its {@code Locked ownable synchronizers}. A monitor a thread
 * released in {@code Object.wait()} ({@code - waiting on} the same object) is not held. The
 * JVM's own verdict {@code Found one Java-level deadlock} is kept as a fact.
 */
public final class JstackParser implements Parser {
    private static final Pattern HEADER = Pattern.compile("^\"(.*)\" .*?\\bnid=(0x[0-9a-f]+|\\d+)");
    private static final Pattern WAITING_LOCK =
            Pattern.compile("^\\s*- waiting to lock <(0x[0-9a-f]+)> \\(a (\\S+)\\)");
    private static final Pattern LOCKED = Pattern.compile("^\\s*- locked <(0x[0-9a-f]+)> \\(a (\\S+)\\)");
    private static final Pattern WAITING_ON = Pattern.compile("^\\s*- waiting on <(0x[0-9a-f]+)>");
    private static final Pattern PARKING =
            Pattern.compile("^\\s*- parking to wait for\\s+<(0x[0-9a-f]+)> \\(a (\\S+)\\)");
    private static final Pattern OWNABLE = Pattern.compile("^\\s*- <(0x[0-9a-f]+)> \\(a (\\S+)\\)");

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        Integer tid = null;
        String name = null;
        boolean ownable = false;
        boolean deadlockSection = false;
        List<LockEdge> holds = new ArrayList<>();
        WaitSites waits = new WaitSites();
        Set<String> released = new HashSet<>();
        JvmDeadlockSection section = new JvmDeadlockSection(artifact);
        java.util.Map<String, Integer> known = new java.util.HashMap<>();
        boolean dumpEdges = false;
        String line;
        while ((line = lines.readLine()) != null) {
            try {
                int n = lines.lineNumber();
                String lead = line.stripLeading();
                if (lead.startsWith("Found one Java-level deadlock")
                        || lead.startsWith("Found a total of")
                        || lead.startsWith("Java-level deadlock has been detected")) {
                    waits.flush(sink);
                    flush(holds, released, sink);
                    deadlockSection = true;
                    sink.fact(new SystemValue(
                            artifact + "#" + n, "jvm.deadlock-reported", "true", Lines.at(artifact, n, line)));
                    continue;
                }
                String[] header = line.startsWith("\"") ? header(line) : null;
                if (header != null) {
                    waits.flush(sink);
                    flush(holds, released, sink);
                    tid = Lines.tid(header[1]);
                    name = header[0];
                    if (tid != null) {
                        known.putIfAbsent(name, tid);
                    }
                    ownable = false;
                    deadlockSection = false;
                    continue;
                }
                if (deadlockSection) {
                    // the verdict's own listing names threads without their ids: read apart
                    section.read(line, n);
                    continue;
                }
                if (tid == null) {
                    continue;
                }
                if (line.isBlank()) {
                    if (!ownable) {
                        continue;
                    }
                    ownable = false;
                    continue;
                }
                if (line.trim().startsWith("Locked ownable synchronizers:")) {
                    ownable = true;
                    continue;
                }
                if (!lockLine(line)) {
                    waits.frame(line);
                    continue; // frames ("\tat ..."), thread states: no pattern below can match
                }
                Evidence ev = Lines.at(artifact, n, line);
                dumpEdges = true;
                Matcher m;
                if ((m = WAITING_LOCK.matcher(line)).lookingAt()) {
                    waits.add(edge(
                            artifact,
                            n,
                            LockEdge.Relation.WAITS,
                            tid,
                            name,
                            LockKind.JAVA_MONITOR,
                            m,
                            "jstack: waiting to lock",
                            ev));
                } else if ((m = PARKING.matcher(line)).lookingAt()) {
                    if (JavaFrames.isSynchronizer(m.group(2))) {
                        waits.add(edge(
                                artifact,
                                n,
                                LockEdge.Relation.WAITS,
                                tid,
                                name,
                                LockKind.JAVA_SYNCHRONIZER,
                                m,
                                "jstack: parking to wait for",
                                ev));
                    }
                } else if ((m = WAITING_ON.matcher(line)).lookingAt()) {
                    released.add(tid + "/" + Lines.hex(m.group(1)));
                } else if ((m = LOCKED.matcher(line)).lookingAt()) {
                    holds.add(edge(
                            artifact,
                            n,
                            LockEdge.Relation.HOLDS,
                            tid,
                            name,
                            LockKind.JAVA_MONITOR,
                            m,
                            "jstack: locked",
                            ev));
                } else if (ownable && (m = OWNABLE.matcher(line)).lookingAt()) {
                    holds.add(edge(
                            artifact,
                            n,
                            LockEdge.Relation.HOLDS,
                            tid,
                            name,
                            LockKind.JAVA_SYNCHRONIZER,
                            m,
                            "jstack: ownable synchronizer",
                            ev));
                }
            } catch (NumberFormatException e) {
                sink.problem(io.lockdoc.parse.Numbers.outOfRange(artifact, lines.lineNumber(), e));
            }
        }
        waits.flush(sink);
        flush(holds, released, sink);
        // a whole dump states every wait itself; the listing alone (a paste) is all there is
        if (!section.isEmpty() && !(dumpEdges && known.keySet().containsAll(section.threads()))) {
            section.emit(known, sink);
        }
    }

    /** What every lock pattern starts with: {@code \s+- }. */
    static boolean lockLine(String line) {
        int k = 0;
        while (k < line.length() && " \t\u000B\f\r".indexOf(line.charAt(k)) >= 0) {
            k++;
        }
        // a dump copied from a rendered page has lost its indentation: "- locked <...>" at the start counts too
        return line.startsWith("- ", k);
    }

    private static LockEdge edge(
            String artifact,
            int n,
            LockEdge.Relation rel,
            int tid,
            String name,
            LockKind kind,
            Matcher m,
            String via,
            Evidence ev) {
        return new LockEdge(
                artifact + "#" + n, rel, null, tid, name, kind, Lines.hex(m.group(1)), "a " + m.group(2), via, ev);
    }

    /** The thread name and nid of a thread header line, or null: {@link #HEADER}'s groups. */
    static String[] header(String line) {
        String[] fast = plainHeader(line);
        if (fast != null) {
            return fast;
        }
        Matcher h = HEADER.matcher(line);
        return h.lookingAt() ? new String[] {h.group(1), h.group(2)} : null;
    }

    /**
     * HEADER's answer without the pattern for the usual header (name in quotes, then {@code " nid="}
     * and digits), else null; a dump of 100 000 threads has 100 000 of them.
     */
    private static String[] plainHeader(String line) {
        int n = line.length();
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return null; // line separators end "." in the pattern
            }
        }
        int close = line.lastIndexOf("\" ");
        if (close < 1) {
            return null;
        }
        int nid = line.indexOf("nid=", close + 2);
        if (nid < 0 || line.charAt(nid - 1) != ' ' || nid + 4 >= n) {
            return null;
        }
        int start = nid + 4;
        int end = start;
        if (line.startsWith("0x", start) && start + 2 < n && isHex(line.charAt(start + 2))) {
            end = start + 2;
            while (end < n && isHex(line.charAt(end))) {
                end++;
            }
        } else if (line.startsWith("0x", start)) {
            return null;
        } else {
            while (end < n && line.charAt(end) >= '0' && line.charAt(end) <= '9') {
                end++;
            }
            if (end == start) {
                return null;
            }
        }
        return new String[] {line.substring(1, close), line.substring(start, end)};
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    private static void flush(List<LockEdge> holds, Set<String> released, FactSink sink) {
        for (LockEdge e : holds) {
            if (!released.contains(e.getTid() + "/" + e.getAddress())) {
                sink.fact(e);
            }
        }
        holds.clear();
        released.clear();
    }
}
