package io.lockdoc.parse.windows;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Frame;
import io.lockdoc.model.windows.WinMonitor;
import io.lockdoc.model.windows.WinThread;
import io.lockdoc.parse.FactSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SOSEX {@code !dlk}: after {@code *DEADLOCK DETECTED*} each CLR thread is listed with the sync block it
 * holds and, on the next line, the one it waits for; {@code is waiting at} names the managed method. Read
 * into monitors (owner = the holding thread) and threads waiting on a named sync block, so the Windows
 * wait graph closes the cycle from what SOSEX printed.
 */
final class SosexDeadlock {
    static final Pattern HOLDS = Pattern.compile(
            "^CLR thread 0x([0-9a-fA-F]+) holds the lock on SyncBlock ([0-9a-fA-F`]+)(?: OBJ:([0-9a-fA-F`]+)(?:\\[(.*?)\\]?)?)?\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern WAITS = Pattern.compile(
            "^\\.*\\s*and is waiting for the lock on SyncBlock ([0-9a-fA-F`]+)(?: OBJ:([0-9a-fA-F`]+)(?:\\[(.*?)\\]?)?)?\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern AT = Pattern.compile(
            "^CLR Thread 0x([0-9a-fA-F]+) is waiting at ([\\w.`<>$+]+?)(\\(.*)?$", Pattern.CASE_INSENSITIVE);
    private static final int MAX_THREADS = 256;
    /** The wait reason SOSEX states for every thread it lists: entering a monitor. */
    static final String MONITOR_WAIT = "Monitor";

    private static final class Held {
        final String object;
        final String type;
        final WinDbgParser.Ev ev;
        String owner;
        int waiters;

        Held(String object, String type, WinDbgParser.Ev ev) {
            this.object = object;
            this.type = type;
            this.ev = ev;
        }
    }

    private static final class Waiter {
        final String tid;
        final WinDbgParser.Ev ev;
        String syncBlock;
        Frame at;

        Waiter(String tid, WinDbgParser.Ev ev) {
            this.tid = tid;
            this.ev = ev;
        }
    }

    private final String artifact;
    private final Map<String, Held> held = new LinkedHashMap<>();
    private final Map<String, Waiter> waiters = new LinkedHashMap<>();
    private Waiter last;

    SosexDeadlock(String artifact) {
        this.artifact = artifact;
    }

    static boolean starts(String trimmed) {
        return trimmed.equals("*DEADLOCK DETECTED*") || HOLDS.matcher(trimmed).matches();
    }

    /** Returns false for a line that is not part of the listing (the section ends). */
    boolean line(int no, String t) {
        Matcher m;
        if (t.equals("*DEADLOCK DETECTED*") || t.isEmpty()) {
            return true;
        }
        if ((m = HOLDS.matcher(t)).matches()) {
            if (waiters.size() >= MAX_THREADS) {
                return true;
            }
            String tid = WinThread.normHex(m.group(1));
            last = waiters.computeIfAbsent(tid, k -> new Waiter(k, new WinDbgParser.Ev(no, t)));
            last.ev.add(no, t);
            Held h = monitor(m.group(2), m.group(3), m.group(4), no, t);
            h.owner = tid;
            return true;
        }
        if ((m = WAITS.matcher(t)).matches() && last != null) {
            last.ev.add(no, t);
            last.syncBlock = WinDbgParser.hex(m.group(1));
            monitor(m.group(1), m.group(2), m.group(3), no, t).waiters++;
            return true;
        }
        if ((m = AT.matcher(t)).matches()) {
            Waiter w = waiters.get(WinThread.normHex(m.group(1)));
            if (w != null) {
                w.ev.add(no, t);
                w.at = new Frame(m.group(2), null, null, true, no);
            }
            return true;
        }
        return false;
    }

    private Held monitor(String syncBlock, String object, String type, int no, String t) {
        Held h = held.computeIfAbsent(
                WinDbgParser.hex(syncBlock),
                k -> new Held(
                        object == null ? null : WinDbgParser.hex(object),
                        type == null || type.isBlank() ? null : type.strip(),
                        new WinDbgParser.Ev(no, t)));
        h.ev.add(no, t);
        return h;
    }

    void emit(FactSink sink, java.util.function.UnaryOperator<String> nextId) {
        for (Map.Entry<String, Held> e : held.entrySet()) {
            Held h = e.getValue();
            // SOS counts 1 for the owner and 2 per waiter; !dlk names the waiters it found
            sink.fact(new WinMonitor(
                    nextId.apply("monitor"),
                    h.ev.build(artifact),
                    e.getKey(),
                    (h.owner == null ? 0 : 1) + 2 * h.waiters,
                    h.owner == null ? 0 : 1,
                    h.owner,
                    null,
                    h.object == null ? e.getKey() : h.object,
                    h.type,
                    List.of()));
        }
        for (Waiter w : waiters.values()) {
            if (w.syncBlock == null) {
                continue;
            }
            List<Frame> frames = new ArrayList<>();
            if (w.at != null) {
                frames.add(w.at);
            }
            Evidence ev = w.ev.build(artifact);
            sink.fact(new WinThread(
                    nextId.apply("thread"),
                    ev,
                    null,
                    w.tid,
                    null,
                    null,
                    "Waiting",
                    MONITOR_WAIT,
                    frames,
                    List.of(),
                    w.syncBlock,
                    null,
                    false));
        }
    }
}
