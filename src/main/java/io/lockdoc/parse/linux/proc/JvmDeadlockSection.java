package io.lockdoc.parse.linux.proc;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.userspace.LockEdge;
import io.lockdoc.model.userspace.LockKind;
import io.lockdoc.parse.FactSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM's own deadlock listing, which people often paste alone: {@code "T1":} / {@code waiting to
 * lock monitor 0x.. (object 0x.., a C),} / {@code which is held by "T2"} (also the serviceability
 * agent's {@code Monitor@0x.. (Object@0x.., a p/C)}, ownable synchronizers, and IntelliJ's {@code A is
 * waiting to lock C@hash which is held by B}). Each wait becomes a WAITS edge of its thread and a
 * HOLDS edge of the holder on the same object; threads the listing names without an id get one of
 * their own below zero, so their labels carry only the name.
 */
final class JvmDeadlockSection {
    private static final Pattern THREAD = Pattern.compile("^\\s*\"(.+)\":\\s*$");
    private static final Pattern MONITOR = Pattern.compile(
            "^\\s*waiting to lock (?:monitor|Monitor@)\\s*(0x[0-9a-fA-F]+)\\s*\\((?:object |Object@)\\s*(0x[0-9a-fA-F]+),\\s*a ([^)]+)\\)");
    private static final Pattern SYNCHRONIZER =
            Pattern.compile("^\\s*waiting for ownable synchronizer\\s*(0x[0-9a-fA-F]+),?\\s*\\(a ([^)]+)\\)");
    private static final Pattern HELD = Pattern.compile("^\\s*which is held by \"(.+)\"\\s*$");
    private static final Pattern IDEA =
            Pattern.compile("^\\s*(.+?) is waiting to lock ([\\w.$/]+)@([0-9a-fA-F]+) which is held by (.+?)\\s*$");

    private record Wait(String thread, String address, String type, LockKind kind, int line, String text) {}

    private record Pair(Wait waiting, String holder, int line, String text) {}

    private final String artifact;
    private final List<Pair> pairs = new ArrayList<>();
    private String thread;
    private Wait pending;
    /** From "Java stack information for the threads listed above": each thread's first application frame. */
    private final Map<String, String[]> sites = new java.util.HashMap<>();

    JvmDeadlockSection(String artifact) {
        this.artifact = artifact;
    }

    /** Reads one line of the listing; false when the line is none of its shapes. */
    boolean read(String line, int n) {
        Matcher m;
        if ((m = THREAD.matcher(line)).matches()) {
            thread = m.group(1);
            pending = null;
            return true;
        }
        String[] frame = thread == null ? null : JavaFrames.frame(line);
        if (frame != null) {
            if (JavaFrames.isApplication(frame)) {
                sites.putIfAbsent(thread, frame);
            }
            return true;
        }
        if (thread != null && (m = MONITOR.matcher(line)).lookingAt()) {
            pending = new Wait(thread, Lines.hex(m.group(2)), m.group(3).trim(), LockKind.JAVA_MONITOR, n, line);
            return true;
        }
        if (thread != null && (m = SYNCHRONIZER.matcher(line)).lookingAt()) {
            pending = new Wait(thread, Lines.hex(m.group(1)), m.group(2).trim(), LockKind.JAVA_SYNCHRONIZER, n, line);
            return true;
        }
        if (pending != null && (m = HELD.matcher(line)).matches()) {
            pairs.add(new Pair(pending, m.group(1), n, line));
            pending = null;
            return true;
        }
        if ((m = IDEA.matcher(line)).matches()) {
            Wait w = new Wait(
                    m.group(1),
                    "0x" + m.group(3).toLowerCase(java.util.Locale.ROOT),
                    m.group(2),
                    LockKind.JAVA_MONITOR,
                    n,
                    line);
            pairs.add(new Pair(w, m.group(4), n, line));
            return true;
        }
        return false;
    }

    /** The threads the listing names. */
    java.util.Set<String> threads() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (Pair p : pairs) {
            out.add(p.waiting().thread());
            out.add(p.holder());
        }
        return out;
    }

    boolean isEmpty() {
        return pairs.isEmpty();
    }

    /** Emits the edges; {@code known} maps names to the ids a full dump gave them. */
    void emit(Map<String, Integer> known, FactSink sink) {
        Map<String, Integer> ids = new LinkedHashMap<>(known);
        int next = -1;
        for (String t : threads()) {
            if (!ids.containsKey(t)) {
                ids.put(t, next--);
            }
        }
        for (Pair p : pairs) {
            Wait w = p.waiting();
            String label = "a " + w.type();
            String[] site = sites.get(w.thread());
            sink.fact(new LockEdge(
                    artifact + "#" + w.line() + "w",
                    LockEdge.Relation.WAITS,
                    null,
                    ids.get(w.thread()),
                    w.thread(),
                    w.kind(),
                    w.address(),
                    label,
                    "JVM deadlock listing: waiting to lock",
                    evidence(w.line(), w.text(), p.line(), p.text()),
                    site == null ? null : site[0],
                    site == null ? null : site[1]));
            sink.fact(new LockEdge(
                    artifact + "#" + p.line() + "h",
                    LockEdge.Relation.HOLDS,
                    null,
                    ids.get(p.holder()),
                    p.holder(),
                    w.kind(),
                    w.address(),
                    label,
                    "JVM deadlock listing: which is held by",
                    evidence(w.line(), w.text(), p.line(), p.text())));
        }
    }

    private Evidence evidence(int first, String a, int last, String b) {
        if (first == last) {
            return Lines.at(artifact, first, a);
        }
        return Lines.span(
                artifact, first, last, List.of(new Evidence.QuotedLine(first, a), new Evidence.QuotedLine(last, b)));
    }
}
