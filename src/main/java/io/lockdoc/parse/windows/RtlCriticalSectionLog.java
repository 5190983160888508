package io.lockdoc.parse.windows;

import io.lockdoc.model.windows.WinCriticalSection;
import io.lockdoc.model.windows.WinThread;
import io.lockdoc.parse.FactSink;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The critical-section messages of ReactOS's (and checked NT builds') RTL on the debug port: {@code Thread
 * 00000400 waits for critical section 00BD50EC, owned by thread 00000418}, then either {@code acquired}
 * (the wait ended) or {@code Timeout:} / {@code Deadlock:} lines. A wait that never ended is a thread
 * blocked on an owned critical section; the owner's own wait is not in these lines.
 */
final class RtlCriticalSectionLog {
    private static final String SOURCE = "^(?:\\([^)]*\\)\\s*)?(?:\\(\\d+/\\d+\\)\\s*)?";
    static final Pattern WAITS = Pattern.compile(SOURCE
            + "Thread ([0-9A-Fa-f]+) waits for critical section ([0-9A-Fa-f]+), owned by thread ([0-9A-Fa-f]+)\\s*$");
    private static final Pattern ACQUIRED =
            Pattern.compile(SOURCE + "Thread ([0-9A-Fa-f]+) acquired critical section ([0-9A-Fa-f]+)\\s*$");
    private static final Pattern VERDICT = Pattern.compile(
            SOURCE + "(?:Timeout|Deadlock): critical section ([0-9A-Fa-f]+), owned by thread ([0-9A-Fa-f]+)\\s*$");
    private static final int MAX_WAITS = 256;
    /** The wait reason these lines state: entering a critical section. */
    static final String CRITICAL_SECTION_WAIT = "CriticalSection";

    private record Key(String thread, String lock) {}

    private static final class Wait {
        final String owner;
        final WinDbgParser.Ev ev;

        Wait(String owner, WinDbgParser.Ev ev) {
            this.owner = owner;
            this.ev = ev;
        }
    }

    private final String artifact;
    private final Map<Key, Wait> open = new LinkedHashMap<>();

    RtlCriticalSectionLog(String artifact) {
        this.artifact = artifact;
    }

    /** Returns true when the line was one of these messages. */
    boolean line(int no, String t) {
        Matcher m;
        if ((m = WAITS.matcher(t)).matches()) {
            Key k = new Key(WinThread.normHex(m.group(1)), WinThread.normHex(m.group(2)));
            String owner = WinThread.normHex(m.group(3));
            if (open.size() < MAX_WAITS || open.containsKey(k)) {
                open.computeIfAbsent(k, x -> new Wait(owner, new WinDbgParser.Ev(no, t)))
                        .ev
                        .add(no, t);
            }
            return true;
        }
        if ((m = ACQUIRED.matcher(t)).matches()) {
            open.remove(new Key(WinThread.normHex(m.group(1)), WinThread.normHex(m.group(2))));
            return true;
        }
        if ((m = VERDICT.matcher(t)).matches()) {
            String lock = WinThread.normHex(m.group(1));
            for (Map.Entry<Key, Wait> e : open.entrySet()) {
                if (e.getKey().lock().equals(lock)) {
                    e.getValue().ev.add(no, t);
                }
            }
            return true;
        }
        return false;
    }

    void emit(FactSink sink, UnaryOperator<String> nextId) {
        Map<String, Integer> waiters = new LinkedHashMap<>();
        Map<String, Wait> first = new LinkedHashMap<>();
        for (Map.Entry<Key, Wait> e : open.entrySet()) {
            waiters.merge(e.getKey().lock(), 1, Integer::sum);
            first.putIfAbsent(e.getKey().lock(), e.getValue());
        }
        for (Map.Entry<String, Wait> e : first.entrySet()) {
            int n = waiters.get(e.getKey());
            sink.fact(new WinCriticalSection(
                    nextId.apply("cs"),
                    e.getValue().ev.build(artifact),
                    e.getKey(),
                    null,
                    true,
                    n,
                    n,
                    e.getValue().owner,
                    1,
                    true,
                    false,
                    "RTL debug output"));
        }
        for (Map.Entry<Key, Wait> e : open.entrySet()) {
            sink.fact(new WinThread(
                    nextId.apply("thread"),
                    e.getValue().ev.build(artifact),
                    null,
                    e.getKey().thread(),
                    null,
                    null,
                    "Waiting",
                    CRITICAL_SECTION_WAIT,
                    List.of(),
                    List.of(e.getKey().lock()),
                    null,
                    null,
                    false));
        }
    }
}
