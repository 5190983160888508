package io.lockdoc.model.userspace;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;
import java.util.List;

/**
 * A lock report a C/C++ detector printed (ThreadSanitizer, Helgrind, DRD, bcc {@code deadlock}): what
 * the detector saw the program do, not what threads are blocked on now. An order inversion is a
 * potential deadlock; the program did not necessarily hang.
 */
public final class LockReport implements Fact {
    /** The detector, with the name a report calls it by. */
    public enum Tool {
        TSAN("ThreadSanitizer"),
        HELGRIND("Helgrind"),
        DRD("DRD"),
        BCC_DEADLOCK("bcc deadlock");

        private final String label;

        Tool(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public enum Kind {
        /** Two or more locks taken in opposite orders: a cycle in the lock-order graph. */
        ORDER_INVERSION,
        /** A non-recursive lock taken again while held (by the same thread, or, for TSan, while still held). */
        RECURSIVE,
        /** An unlock of a lock the thread does not hold. */
        UNLOCK_UNLOCKED,
        /** A lock held longer than the detector's threshold (DRD's {@code --exclusive-threshold}). */
        HELD_TOO_LONG
    }

    /** A lock: the detector's label ({@code M0}, an address) and the best name known (symbol, else creation site). */
    public record Lock(String label, String address, String name) {
        public String display() {
            return name != null
                    ? name
                    : address != null && !address.equals(label) ? label + " (" + address + ")" : label;
        }
    }

    /**
     * Where code took (or released) a lock: the first frame of the program's own code, with the lock
     * held at the time for an order edge ({@code held} is the label, or null), and the thread.
     */
    public record Site(String lock, String held, String thread, String function, String location) {
        public String describe() {
            return (function == null ? "(unknown function)" : function) + (location == null ? "" : " at " + location);
        }
    }

    private final String id;
    private final Tool tool;
    private final Kind kind;
    private final List<Lock> locks;
    private final List<Site> sites;
    private final Site previous;
    private final boolean complete;
    private final String program;
    private final Evidence evidence;
    private final Long heldMillis;
    private final Long thresholdMillis;

    /**
     * @param sites an order inversion's edges in cycle order (the last one closes the cycle), else the one bad call
     * @param previous where the lock was taken before or first seen, or null
     * @param complete every edge of the cycle was printed with a stack
     * @param program the program the report names (Valgrind's {@code Command:}, TSan's module, bcc's thread name), or null
     */
    public LockReport(
            String id,
            Tool tool,
            Kind kind,
            List<Lock> locks,
            List<Site> sites,
            Site previous,
            boolean complete,
            String program,
            Evidence evidence) {
        this(id, tool, kind, locks, sites, previous, complete, program, evidence, null, null);
    }

    /** A hold-time report: also how long the lock was held and the threshold it passed, in ms. */
    public LockReport(
            String id,
            Tool tool,
            Kind kind,
            List<Lock> locks,
            List<Site> sites,
            Site previous,
            boolean complete,
            String program,
            Evidence evidence,
            Long heldMillis,
            Long thresholdMillis) {
        this.heldMillis = heldMillis;
        this.thresholdMillis = thresholdMillis;
        this.id = id;
        this.tool = tool;
        this.kind = kind;
        this.locks = List.copyOf(locks);
        this.sites = List.copyOf(sites);
        this.previous = previous;
        this.complete = complete;
        this.program = program;
        this.evidence = evidence;
    }

    @Override
    public String getId() {
        return id;
    }

    public Tool getTool() {
        return tool;
    }

    public Kind getKind() {
        return kind;
    }

    public List<Lock> getLocks() {
        return locks;
    }

    public List<Site> getSites() {
        return sites;
    }

    public Site getPrevious() {
        return previous;
    }

    public boolean isComplete() {
        return complete;
    }

    public String getProgram() {
        return program;
    }

    /** The site that closes the cycle (the last edge), or the bad call; null when no stack was printed. */
    public Site getClosing() {
        return sites.isEmpty() ? null : sites.get(sites.size() - 1);
    }

    /** How long the lock was held (a hold-time report), else null. */
    public Long getHeldMillis() {
        return heldMillis;
    }

    /** The threshold the hold passed (a hold-time report), else null. */
    public Long getThresholdMillis() {
        return thresholdMillis;
    }

    public Lock lock(String label) {
        return locks.stream().filter(l -> l.label().equals(label)).findFirst().orElse(null);
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }

    @Override
    public String toString() {
        return "LockReport[" + tool + " " + kind + " " + locks + " " + sites + "]";
    }
}
