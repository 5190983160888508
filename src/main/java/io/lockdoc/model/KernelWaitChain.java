package io.lockdoc.model;

import java.util.List;

/**
 * A followed chain of {@link KernelWaitEdge}s that starts at a hung task: either it comes back to
 * a task already on it (a cycle: a deadlock) or it ends at a head task that waits for no lock we
 * know of, whose stack says what it is doing. Computed in Java ({@code engine.KernelWaitChains}).
 *
 * @see io.lockdoc.model.KernelWaitEdge
 */
public final class KernelWaitChain implements Fact {
    /** One hop: {@code waiter} waits for {@code lock} held by {@code owner}. */
    public record Hop(String waiter, String lock, String owner, String source, int line) {}

    private final String sourceId;
    private final List<Hop> hops;
    private final boolean cycle;
    private final String head;
    private final String headState;
    private final List<Frame> headFrames;
    private final String headFunction;
    private final String headWaitsFor;
    private final Evidence evidence;
    private final boolean fromProc;
    /** The FUSE connection (device minor) the head waits on and its mount point, where the capture proves them. */
    private final Integer fuseConnection;

    private final String fuseMountPoint;

    /** The function the first waiter sleeps in, where the capture shows it (a cycle has no head to name). */
    private final String waiterFunction;

    public KernelWaitChain(
            String sourceId,
            List<Hop> hops,
            boolean cycle,
            String head,
            String headState,
            List<Frame> headFrames,
            String headFunction,
            String headWaitsFor,
            Evidence evidence) {
        this(sourceId, hops, cycle, head, headState, headFrames, headFunction, headWaitsFor, evidence, false);
    }

    /** @param fromProc read from /proc and tool output of a live capture, not from kernel blocker lines */
    public KernelWaitChain(
            String sourceId,
            List<Hop> hops,
            boolean cycle,
            String head,
            String headState,
            List<Frame> headFrames,
            String headFunction,
            String headWaitsFor,
            Evidence evidence,
            boolean fromProc) {
        this(
                sourceId,
                hops,
                cycle,
                head,
                headState,
                headFrames,
                headFunction,
                headWaitsFor,
                evidence,
                fromProc,
                null,
                null,
                null);
    }

    private KernelWaitChain(
            String sourceId,
            List<Hop> hops,
            boolean cycle,
            String head,
            String headState,
            List<Frame> headFrames,
            String headFunction,
            String headWaitsFor,
            Evidence evidence,
            boolean fromProc,
            Integer fuseConnection,
            String fuseMountPoint,
            String waiterFunction) {
        this.waiterFunction = waiterFunction;
        this.fuseConnection = fuseConnection;
        this.fuseMountPoint = fuseMountPoint;
        this.fromProc = fromProc;
        this.sourceId = sourceId;
        this.hops = List.copyOf(hops);
        this.cycle = cycle;
        this.head = head;
        this.headState = headState;
        this.headFrames = List.copyOf(headFrames);
        this.headFunction = headFunction;
        this.headWaitsFor = headWaitsFor;
        this.evidence = evidence;
    }

    /** This chain, saying which FUSE connection (and mount point, or null) its head waits on. */
    public KernelWaitChain withFuse(int connection, String mountPoint) {
        return copy(connection, mountPoint, waiterFunction);
    }

    /** This chain, saying which function its first waiter sleeps in. */
    public KernelWaitChain withWaiterFunction(String function) {
        return copy(fuseConnection, fuseMountPoint, function);
    }

    private KernelWaitChain copy(Integer connection, String mountPoint, String function) {
        return new KernelWaitChain(
                sourceId,
                hops,
                cycle,
                head,
                headState,
                headFrames,
                headFunction,
                headWaitsFor,
                evidence,
                fromProc,
                connection,
                mountPoint,
                function);
    }

    public String getWaiterFunction() {
        return waiterFunction;
    }

    public Integer getFuseConnection() {
        return fuseConnection;
    }

    public String getFuseMountPoint() {
        return fuseMountPoint;
    }

    @Override
    public String getId() {
        return sourceId + "/wait-chain";
    }

    /** The id of the hung-task report the chain starts from. */
    public String getSourceId() {
        return sourceId;
    }

    /** The pid of the task the chain starts at ({@code comm:pid} of the first hop), or null. */
    public Integer getWaiterPid() {
        if (hops.isEmpty() || hops.get(0).waiter() == null) {
            return null;
        }
        String w = hops.get(0).waiter();
        try {
            return Integer.valueOf(w.substring(w.lastIndexOf(':') + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public List<Hop> getHops() {
        return hops;
    }

    public boolean isCycle() {
        return cycle;
    }

    /** Whether the chain was read from /proc (a live capture) rather than from the kernel's hung-task report. */
    public boolean isFromProc() {
        return fromProc;
    }

    /** The task at the head of an open chain (the one everybody waits for), or null for a cycle or an unknown owner. */
    public String getHead() {
        return head;
    }

    public String getHeadState() {
        return headState;
    }

    public List<Frame> getHeadFrames() {
        return headFrames;
    }

    /** The head's first own frame: what it is doing instead of releasing the lock. */
    public String getHeadFunction() {
        return headFunction;
    }

    /** What the head itself waits for, when its stack says (e.g. "a reply from the FUSE daemon"), or null. */
    public String getHeadWaitsFor() {
        return headWaitsFor;
    }

    /** One line: {@code a:1 -[mutex]-> b:2 -[rw-semaphore]-> c:3 (head, S in request_wait_answer)}. */
    public String getSummary() {
        StringBuilder sb = new StringBuilder(cycle ? "wait-for cycle: " : "wait chain: ");
        if (!hops.isEmpty()) {
            sb.append(hops.get(0).waiter());
        }
        for (Hop h : hops) {
            sb.append(" -[")
                    .append(h.lock())
                    .append("]-> ")
                    .append(h.owner() == null ? "(owner not found)" : h.owner());
        }
        if (!cycle && head != null) {
            sb.append(" (head");
            if (headState != null) {
                sb.append(", state ").append(headState);
            }
            if (headFunction != null) {
                sb.append(", in ").append(headFunction);
            }
            if (headWaitsFor != null) {
                sb.append(", waiting for ").append(headWaitsFor);
            }
            sb.append(')');
        }
        return sb.toString();
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }

    @Override
    public String toString() {
        return "KernelWaitChain[" + getSummary() + "]";
    }
}
