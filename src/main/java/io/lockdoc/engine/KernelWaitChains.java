package io.lockdoc.engine;

import io.lockdoc.model.Fact;
import io.lockdoc.model.Frame;
import io.lockdoc.model.HeldLock;
import io.lockdoc.model.KernelReport;
import io.lockdoc.model.KernelReportKind;
import io.lockdoc.model.KernelWaitChain;
import io.lockdoc.model.KernelWaitEdge;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Follows kernel wait-for edges from each hung task to a cycle or to the head of its chain. Edges
 * come from the 6.15+ blocker lines ({@link KernelWaitEdge}) and, where a task has none, from the
 * {@code Showing all locks held in the system:} lists: a hung task's last listed lock (the one it
 * sleeps on; lockdep records a sleeping lock before waiting for it) held by another task at the
 * same address. Edges are followed across reports of the same artifact. Self-contained on purpose:
 * the user-space wait-for graph (engine/graph) may absorb it later.
 */
public final class KernelWaitChains {
    /** A chain longer than this is cut: kernel chains are short, a long one is a parsing accident. */
    static final int MAX_HOPS = 64;

    private KernelWaitChains() {}

    public static List<KernelWaitChain> from(List<? extends Fact> facts) {
        Map<String, List<KernelReport>> hungByArtifact = new LinkedHashMap<>();
        Map<String, List<KernelWaitEdge>> edgesByArtifact = new HashMap<>();
        for (Fact f : facts) {
            if (f instanceof KernelReport r && r.getKind() == KernelReportKind.HUNG_TASK && r.getPid() != null) {
                hungByArtifact
                        .computeIfAbsent(r.getArtifact(), k -> new ArrayList<>())
                        .add(r);
            } else if (f instanceof KernelWaitEdge e) {
                edgesByArtifact
                        .computeIfAbsent(e.getArtifact(), k -> new ArrayList<>())
                        .add(e);
            }
        }
        List<KernelWaitChain> chains = new ArrayList<>();
        for (Map.Entry<String, List<KernelReport>> a : hungByArtifact.entrySet()) {
            List<KernelReport> hung = a.getValue();
            Map<Integer, Hop> out = new HashMap<>();
            for (KernelWaitEdge e : edgesByArtifact.getOrDefault(a.getKey(), List.of())) {
                out.putIfAbsent(e.getWaiterPid(), Hop.of(e));
            }
            heldLockEdges(hung, out);
            Map<Integer, KernelReport> reportOf = new HashMap<>();
            for (KernelReport r : hung) {
                reportOf.putIfAbsent(r.getPid(), r);
            }
            Set<Integer> started = new HashSet<>();
            for (KernelReport r : hung) {
                if (started.add(r.getPid()) && out.containsKey(r.getPid())) {
                    chains.add(follow(r, out, reportOf));
                }
            }
        }
        return chains;
    }

    private record Hop(
            String waiter,
            int waiterPid,
            String lock,
            String owner,
            Integer ownerPid,
            String ownerState,
            List<Frame> ownerFrames,
            String source,
            int line) {
        static Hop of(KernelWaitEdge e) {
            return new Hop(
                    e.getWaiterTask() + ":" + e.getWaiterPid(),
                    e.getWaiterPid(),
                    e.getLock(),
                    e.getOwnerTask() == null ? null : e.getOwnerTask() + ":" + e.getOwnerPid(),
                    e.getOwnerPid(),
                    e.getOwnerState(),
                    e.getOwnerFrames(),
                    e.getSource() == KernelWaitEdge.Source.BLOCKER_LINE ? "blocker line" : "held-lock list",
                    e.getEvidence().getFirstLine());
        }
    }

    /** Edges from the held-lock lists, for hung tasks the kernel printed no blocker line for. */
    private static void heldLockEdges(List<KernelReport> hung, Map<Integer, Hop> out) {
        Map<String, List<HeldLock>> byAddress = new HashMap<>();
        Map<Integer, HeldLock> lastOf = new HashMap<>();
        for (KernelReport r : hung) {
            for (HeldLock h : r.getHeldLocks()) {
                if (h.address() == null) {
                    continue;
                }
                byAddress.computeIfAbsent(h.address(), k -> new ArrayList<>()).add(h);
                HeldLock last = lastOf.get(h.pid());
                if (last == null || h.index() >= last.index()) {
                    lastOf.put(h.pid(), h);
                }
            }
        }
        for (KernelReport r : hung) {
            HeldLock wanted = lastOf.get(r.getPid());
            if (wanted == null || out.containsKey(r.getPid())) {
                continue;
            }
            byAddress.getOrDefault(wanted.address(), List.of()).stream()
                    .filter(h -> h.pid() != r.getPid())
                    // the holder took it earlier in its list: a second waiter lists it last, like us
                    .filter(h -> lastOf.get(h.pid()) != h || hung.stream().noneMatch(x -> x.getPid() == h.pid()))
                    .findFirst()
                    .ifPresent(h -> out.put(
                            r.getPid(),
                            new Hop(
                                    r.getTask() + ":" + r.getPid(),
                                    r.getPid(),
                                    wanted.lockClass(),
                                    h.task() + ":" + h.pid(),
                                    h.pid(),
                                    null,
                                    List.of(),
                                    "held-lock list",
                                    wanted.line())));
        }
    }

    private static KernelWaitChain follow(
            KernelReport start, Map<Integer, Hop> out, Map<Integer, KernelReport> reportOf) {
        List<KernelWaitChain.Hop> hops = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        Integer pid = start.getPid();
        Hop last = null;
        boolean cycle = false;
        while (pid != null && hops.size() < MAX_HOPS) {
            seen.add(pid);
            Hop h = out.get(pid);
            if (h == null) {
                break;
            }
            hops.add(new KernelWaitChain.Hop(h.waiter(), h.lock(), h.owner(), h.source(), h.line()));
            last = h;
            if (h.ownerPid() != null && seen.contains(h.ownerPid())) {
                cycle = true;
                break;
            }
            pid = h.ownerPid();
        }
        String head = null;
        String state = null;
        List<Frame> frames = List.of();
        if (!cycle && last != null && last.ownerPid() != null) {
            head = last.owner();
            state = last.ownerState();
            frames = last.ownerFrames();
            KernelReport headReport = reportOf.get(last.ownerPid());
            if (frames.isEmpty() && headReport != null) {
                frames = headReport.getFrames();
                state = state == null ? "D" : state;
            }
        }
        String fn = Culprits.firstOwnFrame(frames).map(Frame::baseFunction).orElse(null);
        return new KernelWaitChain(
                start.getId(),
                hops,
                cycle,
                head,
                state,
                frames,
                fn,
                waitsFor(frames).orElse(null),
                start.getEvidence());
    }

    /** What a chain head's stack says it waits for, when that is something outside the kernel's locks. */
    static Optional<String> waitsFor(List<Frame> frames) {
        for (Frame f : frames) {
            String fn = f.baseFunction();
            if (fn.equals("request_wait_answer")
                    || fn.startsWith("fuse_simple_request")
                    || fn.equals("__fuse_simple_request")) {
                return Optional.of("a reply from its FUSE daemon (request_wait_answer)");
            }
            if (fn.equals("handle_userfault")) {
                return Optional.of("a userfaultfd handler to resolve its page fault (handle_userfault)");
            }
            if (fn.startsWith("nfs_") || fn.startsWith("rpc_wait")) {
                return Optional.of("an NFS/RPC server (" + fn + ")");
            }
        }
        return Optional.empty();
    }
}
