package io.lockdoc.parse.linux.detectors;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Problem;
import io.lockdoc.model.userspace.LockReport;
import io.lockdoc.model.userspace.LockReport.Kind;
import io.lockdoc.model.userspace.LockReport.Lock;
import io.lockdoc.model.userspace.LockReport.Site;
import io.lockdoc.parse.FactSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One detector report being read: its locks, the sites its stacks give, and the lines worth
 * quoting. Each stack is read into the slot the line before it opened; the slot takes the first
 * frame of the program's own code.
 */
final class Draft {
    /** Bounds against a hostile input: a real report has a handful of each. */
    static final int MAX_LOCKS = 64;

    static final int MAX_SITES = 64;
    private static final int MAX_QUOTED = 48;

    enum Target {
        /** An order edge: the lock acquired while another was held. */
        EDGE,
        /** The bad call itself (re-lock, unlock). */
        CALL,
        /** Where the lock was taken before. */
        PREVIOUS,
        /** Where the lock was created or first seen: names a lock that has no symbol. */
        CREATED,
        /** A stack nobody needs (thread creation, the second stack of an edge). */
        NONE
    }

    private record Slot(Target target, String lock, String held, String thread, int index) {}

    private final String artifact;
    private final LockReport.Tool tool;
    private final Kind kind;
    private final int first;
    private int last;
    private final Map<String, String[]> locks = new LinkedHashMap<>();
    private final List<Site> sites = new ArrayList<>();
    private Site previous;
    private Slot slot = new Slot(Target.NONE, null, null, null, -1);
    private boolean filled = true;
    private boolean closingFirst;
    private String program;
    private Long heldMillis;
    private Long thresholdMillis;
    private final List<Evidence.QuotedLine> quoted = new ArrayList<>();
    private final Map<String, String> pendingNames = new LinkedHashMap<>();

    Draft(String artifact, LockReport.Tool tool, Kind kind, int first, String headline) {
        this.artifact = artifact;
        this.tool = tool;
        this.kind = kind;
        this.first = first;
        this.last = first;
        quote(first, headline);
    }

    Kind kind() {
        return kind;
    }

    int first() {
        return first;
    }

    /** A lock by its label; an address label is compared without case (Helgrind prints both). */
    void lock(String label, String address, String name) {
        String key = key(label);
        String[] l = locks.get(key);
        if (l == null) {
            if (locks.size() >= MAX_LOCKS) {
                return;
            }
            String named = name != null || address == null ? name : pendingNames.get(key(address));
            locks.put(key, new String[] {label, address, named});
        } else if (l[2] == null && name != null) {
            l[2] = name;
        }
    }

    /** Names the lock at this address, now or when it is read (a symbol the report gives for it). */
    void pendingName(String address, String name) {
        if (pendingNames.size() < MAX_LOCKS) {
            pendingNames.put(key(address), name);
        }
        nameAt(address, name);
    }

    /** A symbol names the lock at this address, over a creation site read before it. */
    void nameAt(String address, String name) {
        for (String[] l : locks.values()) {
            if (l[1] != null && l[1].equalsIgnoreCase(address)) {
                l[2] = name;
            }
        }
    }

    /** The program the report names; the first one given stays. */
    void program(String name) {
        if (program == null && name != null && !name.isBlank()) {
            program = name;
        }
    }

    /** A hold-time report's measurement. */
    void held(long millis, long threshold) {
        heldMillis = millis;
        thresholdMillis = threshold;
    }

    boolean measured() {
        return heldMillis != null;
    }

    /** The report lists its cycle's closing edge first (Helgrind's observed order): read it last. */
    void closingEdgeFirst() {
        closingFirst = true;
    }

    void line(int n, String text, boolean worthQuoting) {
        // trailing blank lines (Valgrind's bare prefixes) are not part of the report
        if (!text.isBlank()) {
            last = n;
        }
        if (worthQuoting) {
            quote(n, text);
        }
    }

    private void quote(int n, String text) {
        if (quoted.size() < MAX_QUOTED) {
            quoted.add(new Evidence.QuotedLine(n, text.strip()));
        }
    }

    /** The next stack belongs to this target. */
    void expect(Target target, String lock, String held, String thread) {
        int index = -1;
        if (target == Target.EDGE || target == Target.CALL) {
            if (sites.size() >= MAX_SITES) {
                target = Target.NONE;
            } else {
                index = sites.size();
                sites.add(new Site(lock, held, thread, null, null));
            }
        }
        slot = new Slot(target, lock, held, thread, index);
        filled = target == Target.NONE;
    }

    /** A frame of the current stack; true when it was the one the slot wanted (worth quoting). */
    boolean frame(Frames.Frame f) {
        if (filled || f == null || !f.own()) {
            return false;
        }
        filled = true;
        program(f.module());
        Site s = new Site(slot.lock(), slot.held(), slot.thread(), f.function(), f.location());
        switch (slot.target()) {
            case EDGE, CALL -> sites.set(slot.index(), s);
            case PREVIOUS -> previous = s;
            case CREATED -> {
                if (slot.lock() != null) {
                    lock(slot.lock(), null, f.location() != null ? f.location() : f.function());
                }
            }
            default -> {}
        }
        return true;
    }

    /** The label this lock was first read under (labels are compared without case), or the one given. */
    String label(String label) {
        String[] l = locks.get(key(label));
        return l == null ? label : l[0];
    }

    int edges() {
        return sites.size();
    }

    LockReport build(String id) {
        if (closingFirst && sites.size() > 1) {
            sites.add(sites.remove(0));
        }
        // a lock the report gives no name nor creation site is known by where it was taken before
        if (previous != null && previous.location() != null && locks.size() == 1) {
            String[] only = locks.values().iterator().next();
            if (only[2] == null) {
                only[2] = previous.location();
            }
        }
        List<Lock> ls = new ArrayList<>();
        locks.values().forEach(l -> ls.add(new Lock(l[0], l[1], l[2])));
        // a re-lock or unlock report is about its one lock, though the call's stack came before it
        if (kind != Kind.ORDER_INVERSION && ls.size() == 1) {
            sites.replaceAll(s -> s.lock() != null
                    ? s
                    : new Site(ls.get(0).label(), s.held(), s.thread(), s.function(), s.location()));
        }
        // an inversion needs each lock of the cycle reached by an edge with a stack
        boolean complete = kind != Kind.ORDER_INVERSION
                || (sites.size() >= Math.max(2, ls.size()) && sites.stream().allMatch(s -> s.function() != null));
        return new LockReport(
                id,
                tool,
                kind,
                ls,
                sites,
                previous,
                // a hold report cut before its measurement says nothing
                complete && (kind != Kind.HELD_TOO_LONG || heldMillis != null),
                program,
                new Evidence(artifact, first, last, quoted),
                heldMillis,
                thresholdMillis);
    }

    private static String key(String label) {
        return label.toLowerCase(Locale.ROOT);
    }

    /** Emits the report read so far (none: nothing); one cut off before its end is also a problem. */
    static void emit(Draft d, FactSink sink, boolean ended, int line) {
        if (d == null) {
            return;
        }
        LockReport r = d.build(d.artifact + "#" + d.first);
        if (!ended) {
            sink.problem(new Problem(
                    Problem.ErrorId.TRUNCATED_REPORT,
                    d.artifact,
                    line,
                    r.getTool().label() + " report cut off before its end ("
                            + r.getSites().size() + " stack(s) read)"));
        }
        sink.fact(r);
    }

    /** The one lock of a re-lock or unlock report. */
    String only() {
        return locks.isEmpty() ? null : locks.values().iterator().next()[0];
    }
}
