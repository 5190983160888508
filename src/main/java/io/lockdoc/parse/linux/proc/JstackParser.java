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
            Pattern.compile("^\\s+- waiting to lock <(0x[0-9a-f]+)> \\(a (\\S+)\\)");
    private static final Pattern LOCKED = Pattern.compile("^\\s+- locked <(0x[0-9a-f]+)> \\(a (\\S+)\\)");
    private static final Pattern WAITING_ON = Pattern.compile("^\\s+- waiting on <(0x[0-9a-f]+)>");
    private static final Pattern PARKING =
            Pattern.compile("^\\s+- parking to wait for\\s+<(0x[0-9a-f]+)> \\(a (\\S+)\\)");
    private static final Pattern OWNABLE = Pattern.compile("^\\s+- <(0x[0-9a-f]+)> \\(a (\\S+)\\)");

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        Integer tid = null;
        String name = null;
        boolean ownable = false;
        boolean deadlockSection = false;
        List<LockEdge> holds = new ArrayList<>();
        Set<String> released = new HashSet<>();
        String line;
        while ((line = lines.readLine()) != null) {
            try {
                int n = lines.lineNumber();
                if (line.startsWith("Found one Java-level deadlock") || line.startsWith("Found a total of")) {
                    flush(holds, released, sink);
                    deadlockSection = true;
                    sink.fact(new SystemValue(
                            artifact + "#" + n, "jvm.deadlock-reported", "true", Lines.at(artifact, n, line)));
                    continue;
                }
                Matcher h = HEADER.matcher(line);
                if (h.find()) {
                    flush(holds, released, sink);
                    tid = Lines.tid(h.group(2));
                    name = h.group(1);
                    ownable = false;
                    deadlockSection = false;
                    continue;
                }
                if (deadlockSection || tid == null) {
                    // the verdict's own listing repeats threads without their ids
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
                Evidence ev = Lines.at(artifact, n, line);
                Matcher m;
                if ((m = WAITING_LOCK.matcher(line)).find()) {
                    sink.fact(edge(
                            artifact,
                            n,
                            LockEdge.Relation.WAITS,
                            tid,
                            name,
                            LockKind.JAVA_MONITOR,
                            m,
                            "jstack: waiting to lock",
                            ev));
                } else if ((m = PARKING.matcher(line)).find()) {
                    if (m.group(2).contains("Lock")
                            || m.group(2).contains("Sync")
                            || m.group(2).contains("Semaphore")) {
                        sink.fact(edge(
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
                } else if ((m = WAITING_ON.matcher(line)).find()) {
                    released.add(tid + "/" + Lines.hex(m.group(1)));
                } else if ((m = LOCKED.matcher(line)).find()) {
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
                } else if (ownable && (m = OWNABLE.matcher(line)).find()) {
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
        flush(holds, released, sink);
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
