package io.lockdoc.engine.windows;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;
import io.lockdoc.model.Frame;
import io.lockdoc.model.windows.WaitKind;
import io.lockdoc.model.windows.WaitSignatures;
import io.lockdoc.model.windows.WinCriticalSection;
import io.lockdoc.model.windows.WinFact;
import io.lockdoc.model.windows.WinHandle;
import io.lockdoc.model.windows.WinLockWait;
import io.lockdoc.model.windows.WinMonitor;
import io.lockdoc.model.windows.WinResource;
import io.lockdoc.model.windows.WinThread;
import io.lockdoc.model.windows.WinWaitCycle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Windows wait graph of one artifact: which thread waits for which lock (critical section,
 * loader lock, mutant, ERESOURCE) and who owns it. An edge is read from the dump when the lock's
 * address or handle is on the waiter's stack or a MEX note names it, and inferred when the waiter
 * can only be waiting for one lock (the one contended lock of that kind it does not own). Emits
 * one {@link WinLockWait} per waited-for lock and one {@link WinWaitCycle} per cycle.
 */
public final class WindowsWaitGraph {
    private static final int MAX_THREADS = 20_000;
    private static final java.util.regex.Pattern MONITOR_ENTER = java.util.regex.Pattern.compile(
            "(?i)!(?:JIT\\w*_MonEnter\\w*|JIT_MonReliableEnter\\w*|AwareLock::Enter\\w*)\\b|Monitor\\.(?:Reliable)?Enter\\b");

    private WindowsWaitGraph() {}

    /** An edge: {@code waiter} waits for {@code lock}, owned by {@code owner} (a thread key or null). */
    record Edge(WinThread waiter, String lock, String kind, String owner, boolean inferred, WinFact source) {}

    public static List<Fact> derive(List<? extends Fact> facts) {
        Map<String, List<WinFact>> byArtifact = new LinkedHashMap<>();
        for (Fact f : facts) {
            if (f instanceof WinThread
                    || f instanceof WinCriticalSection
                    || f instanceof WinResource
                    || f instanceof WinHandle
                    || f instanceof WinMonitor) {
                WinFact w = (WinFact) f;
                byArtifact
                        .computeIfAbsent(w.getArtifact(), k -> new ArrayList<>())
                        .add(w);
            }
        }
        List<Fact> out = new ArrayList<>();
        for (Map.Entry<String, List<WinFact>> e : byArtifact.entrySet()) {
            out.addAll(new Graph(e.getKey(), e.getValue()).build());
        }
        return out;
    }

    private static final class Graph {
        final String artifact;
        final List<WinThread> threads = new ArrayList<>();
        final List<WinCriticalSection> css = new ArrayList<>();
        final List<WinResource> resources = new ArrayList<>();
        final List<WinHandle> handles = new ArrayList<>();
        final List<WinMonitor> monitors = new ArrayList<>();
        final Map<String, WinThread> byKey = new HashMap<>();
        final List<Edge> edges = new ArrayList<>();
        final List<Fact> out = new ArrayList<>();
        int seq;

        Graph(String artifact, List<WinFact> facts) {
            this.artifact = artifact;
            for (WinFact f : facts) {
                if (f instanceof WinThread t && threads.size() < MAX_THREADS) {
                    threads.add(t);
                    if (t.getThreadId() != null) {
                        byKey.putIfAbsent("t:" + t.getThreadId(), t);
                    }
                    if (t.getAddress() != null) {
                        byKey.putIfAbsent("a:" + t.getAddress(), t);
                    }
                } else if (f instanceof WinCriticalSection c) {
                    css.add(c);
                } else if (f instanceof WinResource r) {
                    resources.add(r);
                } else if (f instanceof WinHandle h) {
                    handles.add(h);
                } else if (f instanceof WinMonitor m) {
                    monitors.add(m);
                }
            }
        }

        WinThread byTid(String tid) {
            return tid == null ? null : byKey.get("t:" + tid);
        }

        WinThread byAddr(String addr) {
            return addr == null ? null : byKey.get("a:" + addr);
        }

        String key(WinThread t) {
            return t.getThreadId() != null
                    ? "t:" + t.getThreadId()
                    : t.getAddress() != null ? "a:" + t.getAddress() : t.getId();
        }

        /** A thread list was printed: an owner missing from it is gone. */
        boolean threadListKnown() {
            return threads.stream().filter(t -> t.getThreadId() != null).count() >= 2;
        }

        List<Fact> build() {
            criticalSectionEdges();
            mutexEdges();
            resourceEdges();
            monitorEdges();
            cycles();
            criticalSectionWaits();
            loaderWaits();
            mutexWaits();
            resourceWaits();
            kernelWaits();
            eventWaits();
            return out;
        }

        // ------------------------------------------------------------- edges

        void criticalSectionEdges() {
            for (WinThread t : threads) {
                if (t.getWaitKind() != WaitKind.CRITICAL_SECTION) {
                    continue;
                }
                WinCriticalSection target = null;
                boolean inferred = false;
                for (WinCriticalSection c : css) {
                    if (c.isLocked() && t.getWaitArgs().contains(c.getAddress())) {
                        target = c;
                        break;
                    }
                }
                if (target == null) {
                    List<WinCriticalSection> candidates = css.stream()
                            .filter(WinCriticalSection::isContended)
                            .filter(c ->
                                    t.getThreadId() == null || !t.getThreadId().equals(c.getOwnerThreadId()))
                            .toList();
                    if (candidates.size() == 1) {
                        target = candidates.get(0);
                        inferred = true;
                    }
                }
                if (target != null) {
                    edges.add(new Edge(
                            t,
                            target.getName(),
                            target.isLoaderLock() ? "loader-lock" : "critical-section",
                            target.getOwnerThreadId() == null ? null : "t:" + target.getOwnerThreadId(),
                            inferred,
                            target));
                } else {
                    String addr =
                            t.getWaitArgs().isEmpty() ? null : t.getWaitArgs().get(0);
                    // the critical section the loader takes for itself: its frame says so where !cs does not
                    boolean loader = t.getFrames().stream()
                            .anyMatch(f -> f.function() != null
                                    && f.function().matches("(?i)(?:ntdll!)?Ldr(?:p)?(?:Acquire|Lock)LoaderLock"));
                    edges.add(new Edge(
                            t,
                            loader ? "ntdll!LdrpLoaderLock" : addr == null ? null : "critical section " + addr,
                            loader ? "loader-lock" : "critical-section",
                            null,
                            false,
                            null));
                }
            }
        }

        void mutexEdges() {
            List<WinHandle> owned = handles.stream()
                    .filter(h -> h.isMutant() && h.isOwned() && h.getOwnerThreadId() != null)
                    .toList();
            if (owned.isEmpty()) {
                return;
            }
            for (WinThread t : threads) {
                if (t.getWaitKind() != WaitKind.OBJECT || t.getOwnFrame() == null) {
                    continue;
                }
                WinHandle target = null;
                boolean inferred = false;
                for (WinHandle h : owned) {
                    if (h.getHandle() != null && t.getWaitArgs().contains(h.getHandle())) {
                        target = h;
                    }
                }
                if (target == null) {
                    List<WinHandle> candidates = owned.stream()
                            .filter(h ->
                                    t.getThreadId() == null || !t.getThreadId().equals(h.getOwnerThreadId()))
                            .toList();
                    if (candidates.size() == 1) {
                        target = candidates.get(0);
                        inferred = true;
                    }
                }
                if (target != null) {
                    edges.add(new Edge(
                            t, target.getLabel(), "mutex", "t:" + target.getOwnerThreadId(), inferred, target));
                }
            }
        }

        void resourceEdges() {
            for (WinThread t : threads) {
                if (t.getWaitKind() != WaitKind.ERESOURCE) {
                    continue;
                }
                if (t.getWaitObject() != null) {
                    WinResource r = resources.stream()
                            .filter(x -> x.getAddress().equals(t.getWaitObject()))
                            .findFirst()
                            .orElse(null);
                    edges.add(new Edge(
                            t,
                            "ERESOURCE " + t.getWaitObject(),
                            "eresource",
                            ownerKey(t.getWaitObjectOwner()),
                            false,
                            r));
                    continue;
                }
                for (WinResource r : resources) {
                    if (t.getAddress() != null && r.getExclusiveWaiters().contains(t.getAddress())) {
                        edges.add(new Edge(
                                t,
                                "ERESOURCE " + r.getAddress(),
                                "eresource",
                                r.getOwners().isEmpty()
                                        ? null
                                        : ownerKey(r.getOwners().get(0)),
                                false,
                                r));
                    }
                }
            }
        }

        /**
         * A thread in Monitor.Enter ({@code JIT_MonEnter}, {@code AwareLock::Enter}) waits for the sync
         * block SOS lists it under, else the one whose object or sync block is on its stack, else the
         * only contended monitor it does not own (inferred). Only edges: a held monitor with waiters
         * is not a hang by itself, a cycle through monitors is.
         */
        void monitorEdges() {
            List<WinMonitor> contended =
                    monitors.stream().filter(WinMonitor::isContended).toList();
            if (contended.isEmpty()) {
                return;
            }
            for (WinThread t : threads) {
                boolean named = t.getWaitObject() != null; // SOSEX !dlk names the sync block
                if (t.getWaitKind() != WaitKind.MONITOR || !(named || entering(t))) {
                    continue;
                }
                WinMonitor target = null;
                boolean inferred = false;
                for (WinMonitor m : contended) {
                    if ((named && t.getWaitObject().equals(m.getSyncBlock()))
                            || (t.getDebuggerId() != null
                                    && m.getWaiterDebuggerIds().contains(t.getDebuggerId()))
                            || t.getWaitArgs().contains(m.getObject())
                            || t.getWaitArgs().contains(m.getSyncBlock())) {
                        target = m;
                        break;
                    }
                }
                if (target == null && !named) {
                    List<WinMonitor> candidates =
                            contended.stream().filter(m -> !ownedBy(m, t)).toList();
                    if (candidates.size() == 1) {
                        target = candidates.get(0);
                        inferred = true;
                    }
                }
                if (target != null && !ownedBy(target, t)) {
                    edges.add(new Edge(
                            t, target.getLabel(), "monitor", "t:" + target.getOwnerThreadId(), inferred, target));
                }
            }
        }

        /** Entering, not Monitor.Wait ({@code ObjectNative::WaitTimeout}), which releases the lock while it waits. */
        static boolean entering(WinThread t) {
            return t.getFrames().stream()
                    .anyMatch(f -> MONITOR_ENTER.matcher(f.function()).find());
        }

        static boolean ownedBy(WinMonitor m, WinThread t) {
            return (t.getThreadId() != null && t.getThreadId().equals(m.getOwnerThreadId()))
                    || (t.getDebuggerId() != null && t.getDebuggerId().equals(m.getOwnerDebuggerId()));
        }

        String ownerKey(String addrOrTid) {
            if (addrOrTid == null) {
                return null;
            }
            return byAddr(addrOrTid) != null
                    ? "a:" + addrOrTid
                    : byTid(addrOrTid) != null ? "t:" + addrOrTid : "a:" + addrOrTid;
        }

        WinThread thread(String key) {
            return key == null ? null : byKey.get(key);
        }

        // ------------------------------------------------------------- cycles

        void cycles() {
            Map<String, Edge> next = new LinkedHashMap<>();
            for (Edge e : edges) {
                if (e.owner() != null) {
                    next.putIfAbsent(key(e.waiter()), e);
                }
            }
            Set<String> done = new HashSet<>();
            for (String start : next.keySet()) {
                if (done.contains(start)) {
                    continue;
                }
                List<String> path = new ArrayList<>();
                Map<String, Integer> at = new HashMap<>();
                String cur = start;
                while (cur != null && !done.contains(cur) && !at.containsKey(cur)) {
                    at.put(cur, path.size());
                    path.add(cur);
                    Edge e = next.get(cur);
                    cur = e == null ? null : canonical(e.owner());
                }
                if (cur != null && at.containsKey(cur)) {
                    emitCycle(path.subList(at.get(cur), path.size()), next);
                }
                done.addAll(path);
            }
        }

        /** An owner key as the waiter map knows it (an ETHREAD address may be known by its TID). */
        String canonical(String ownerKey) {
            WinThread t = thread(ownerKey);
            return t == null ? ownerKey : key(t);
        }

        void emitCycle(List<String> cycleKeys, Map<String, Edge> next) {
            List<Edge> cyc = new ArrayList<>();
            for (String k : cycleKeys) {
                cyc.add(next.get(k));
            }
            // start at the thread the dump shows first, so the culprit reads in the dump's order
            int first = 0;
            for (int i = 1; i < cyc.size(); i++) {
                if (order(cyc.get(i).waiter()) < order(cyc.get(first).waiter())) {
                    first = i;
                }
            }
            List<WinWaitCycle.Step> steps = new ArrayList<>();
            Set<String> kinds = new LinkedHashSet<>();
            List<String> sources = new ArrayList<>();
            List<Evidence> evs = new ArrayList<>();
            for (int i = 0; i < cyc.size(); i++) {
                Edge e = cyc.get((first + i) % cyc.size());
                Frame own = e.waiter().getOwnFrame();
                steps.add(new WinWaitCycle.Step(
                        e.waiter().getName(), e.lock(), e.kind(), own == null ? null : own.function(), e.inferred()));
                kinds.add(e.kind());
                sources.add(e.waiter().getId());
                evs.add(e.waiter().getEvidence());
                if (e.source() != null) {
                    sources.add(e.source().getId());
                    evs.add(e.source().getEvidence());
                }
            }
            out.add(new WinWaitCycle(artifact + "#cycle" + (++seq), merge(evs), steps, kinds, sources));
        }

        static int order(WinThread t) {
            String id = t.getId();
            int hash = id.lastIndexOf("#thread");
            if (hash >= 0) {
                try {
                    return Integer.parseInt(id.substring(hash + 7));
                } catch (NumberFormatException e) {
                    return Integer.MAX_VALUE;
                }
            }
            return Integer.MAX_VALUE;
        }

        // ------------------------------------------------------------- waits

        void criticalSectionWaits() {
            boolean listKnown = threadListKnown();
            List<WinCriticalSection> contended = css.stream()
                    .filter(WinCriticalSection::isContended)
                    .filter(c -> !c.isLoaderLock())
                    .toList();
            Set<String> locks = new LinkedHashSet<>();
            for (WinCriticalSection c : contended) {
                locks.add(c.getAddress());
            }
            List<Edge> loose = edges.stream()
                    .filter(e ->
                            (e.kind().equals("critical-section") || e.kind().equals("loader-lock"))
                                    && e.source() == null)
                    .toList();
            for (Edge e : loose) {
                locks.add(e.lock() == null ? "?" + e.waiter().getId() : e.lock());
            }
            int peers = locks.size();
            Set<String> seen = new HashSet<>();
            for (WinCriticalSection c : contended) {
                if (!seen.add(c.getAddress())) {
                    continue;
                }
                emitCsWait(c, "critical-section", peers, listKnown);
            }
            Map<String, List<Edge>> byLock = new LinkedHashMap<>();
            for (Edge e : loose) {
                byLock.computeIfAbsent(e.lock() == null ? "?" + e.waiter().getId() : e.lock(), k -> new ArrayList<>())
                        .add(e);
            }
            for (Map.Entry<String, List<Edge>> g : byLock.entrySet()) {
                List<Edge> es = g.getValue();
                WinThread w = es.get(0).waiter();
                Frame own = firstOwn(es.stream().map(Edge::waiter).toList());
                List<Evidence> evs =
                        es.stream().map(x -> x.waiter().getEvidence()).toList();
                out.add(new WinLockWait(
                        artifact + "#wait" + (++seq),
                        merge(evs),
                        es.get(0).kind(),
                        es.get(0).lock() == null
                                ? "a critical section"
                                : es.get(0).lock(),
                        null,
                        false,
                        false,
                        false,
                        es.size(),
                        es.stream().map(x -> x.waiter().getName()).toList(),
                        peers,
                        own == null ? null : own.function(),
                        own == null ? null : own.module(),
                        "thread " + w.getName()
                                + " waits in the critical-section slow path; the owner is not in the output",
                        es.stream().map(x -> x.waiter().getId()).toList()));
            }
        }

        void emitCsWait(WinCriticalSection c, String kind, int peers, boolean listKnown) {
            WinThread owner = byTid(c.getOwnerThreadId());
            boolean gone = c.isOwnerInvalid() || (listKnown && owner == null && c.getOwnerThreadId() != null);
            List<Edge> waiting = edges.stream().filter(e -> e.source() == c).toList();
            List<Evidence> evs = new ArrayList<>();
            evs.add(c.getEvidence());
            List<String> sources = new ArrayList<>(List.of(c.getId()));
            if (owner != null) {
                evs.add(owner.getEvidence());
                sources.add(owner.getId());
            }
            for (Edge e : waiting) {
                evs.add(e.waiter().getEvidence());
                sources.add(e.waiter().getId());
            }
            Frame own = owner == null ? null : owner.getOwnFrame();
            if (own == null) {
                own = firstOwn(waiting.stream().map(Edge::waiter).toList());
            }
            String module =
                    own != null ? own.module() : WaitSignatures.isSystemModule(c.getModule()) ? null : c.getModule();
            String function = own != null ? own.function() : module;
            out.add(new WinLockWait(
                    artifact + "#wait" + (++seq),
                    merge(evs),
                    kind,
                    c.getName(),
                    c.getOwnerThreadId(),
                    gone,
                    owner != null && owner.isBlocked(),
                    false,
                    Math.max(c.getWaiters(), waiting.size()),
                    waiting.stream().map(e -> e.waiter().getName()).toList(),
                    peers,
                    function,
                    module,
                    c.getName() + " is owned by thread " + c.getOwnerThreadId() + " with " + c.getWaiters()
                            + " thread(s) waiting" + (gone ? "; the owner thread no longer exists" : ""),
                    sources));
        }

        void loaderWaits() {
            boolean listKnown = threadListKnown();
            for (WinCriticalSection c : css) {
                if (c.isLoaderLock() && c.isContended()) {
                    emitCsWait(c, "loader-lock", 1, listKnown);
                }
            }
            for (WinThread t : threads) {
                if (!t.isBlocked() || !t.isInDllInit()) {
                    continue;
                }
                Frame init = t.getDllInitFrame();
                Frame own = WaitSignatures.isSystemModule(init.module()) ? t.getOwnFrame() : init;
                out.add(new WinLockWait(
                        artifact + "#wait" + (++seq),
                        t.getEvidence(),
                        "loader-lock",
                        "loader lock (held by the thread running " + init.function() + ")",
                        t.getName(),
                        false,
                        true,
                        false,
                        1,
                        List.of(t.getName()),
                        1,
                        own == null ? null : own.function(),
                        own == null ? null : own.module(),
                        "thread " + t.getName() + " blocks in a "
                                + t.getWaitKind().name().toLowerCase(java.util.Locale.ROOT) + " wait inside "
                                + init.function() + ", i.e. while holding the loader lock",
                        List.of(t.getId())));
            }
        }

        void mutexWaits() {
            List<WinHandle> owned = handles.stream()
                    .filter(h -> h.isMutant() && h.isOwned() && h.getOwnerThreadId() != null)
                    .toList();
            List<WinHandle> blocked = owned.stream()
                    .filter(h -> {
                        WinThread o = byTid(h.getOwnerThreadId());
                        return o != null && o.isBlocked();
                    })
                    .toList();
            Set<String> owners = new HashSet<>();
            for (WinHandle h : blocked) {
                owners.add(h.getOwnerThreadId());
            }
            for (WinHandle h : blocked) {
                WinThread o = byTid(h.getOwnerThreadId());
                List<Edge> waiting = edges.stream().filter(e -> e.source() == h).toList();
                List<Evidence> evs = new ArrayList<>(List.of(h.getEvidence(), o.getEvidence()));
                List<String> sources = new ArrayList<>(List.of(h.getId(), o.getId()));
                for (Edge e : waiting) {
                    evs.add(e.waiter().getEvidence());
                    sources.add(e.waiter().getId());
                }
                Frame own = o.getOwnFrame();
                out.add(new WinLockWait(
                        artifact + "#wait" + (++seq),
                        merge(evs),
                        "mutex",
                        h.getLabel(),
                        o.getName(),
                        false,
                        true,
                        false,
                        waiting.size(),
                        waiting.stream().map(e -> e.waiter().getName()).toList(),
                        owners.size(),
                        own == null ? null : own.function(),
                        own == null ? null : own.module(),
                        "mutant " + h.getLabel() + " is owned by thread " + o.getName()
                                + ", which is itself blocked in " + (own == null ? "a wait" : own.function()),
                        sources));
            }
        }

        void resourceWaits() {
            Map<String, List<Edge>> byLock = new LinkedHashMap<>();
            for (Edge e : edges) {
                if (e.kind().equals("eresource")) {
                    byLock.computeIfAbsent(e.lock(), k -> new ArrayList<>()).add(e);
                }
            }
            Set<String> covered = new HashSet<>();
            for (Map.Entry<String, List<Edge>> g : byLock.entrySet()) {
                Edge e0 = g.getValue().get(0);
                WinThread owner = thread(e0.owner());
                covered.add(g.getKey().replace("ERESOURCE ", ""));
                emitResourceWait(
                        g.getKey(),
                        owner,
                        e0.owner() == null ? null : e0.owner().substring(2),
                        g.getValue().stream().map(Edge::waiter).toList(),
                        e0.source() instanceof WinResource r ? r : null,
                        g.getValue().stream()
                                .anyMatch(x -> e0.owner() != null && e0.owner().equals(key(x.waiter()))));
            }
            for (WinResource r : resources) {
                if (covered.contains(r.getAddress())
                        || r.getWaiterCount() == 0
                        || r.getOwners().isEmpty()) {
                    continue;
                }
                WinThread owner = byAddr(r.getOwners().get(0));
                List<WinThread> waiters = new ArrayList<>();
                for (String w : r.getExclusiveWaiters()) {
                    WinThread t = byAddr(w);
                    if (t != null) {
                        waiters.add(t);
                    }
                }
                boolean self = r.getExclusiveWaiters().stream().anyMatch(r.getOwners()::contains);
                emitResourceWait(
                        "ERESOURCE " + r.getAddress(), owner, r.getOwners().get(0), waiters, r, self);
            }
        }

        void emitResourceWait(
                String lock, WinThread owner, String ownerName, List<WinThread> waiters, WinResource r, boolean self) {
            List<Evidence> evs = new ArrayList<>();
            List<String> sources = new ArrayList<>();
            if (r != null) {
                evs.add(r.getEvidence());
                sources.add(r.getId());
            }
            if (owner != null) {
                evs.add(owner.getEvidence());
                sources.add(owner.getId());
            }
            for (WinThread w : waiters) {
                evs.add(w.getEvidence());
                sources.add(w.getId());
            }
            Frame own = owner == null ? null : owner.getOwnFrame();
            if (own == null) {
                own = firstOwn(waiters);
            }
            int count = Math.max(waiters.size(), r == null ? 0 : r.getWaiterCount());
            out.add(new WinLockWait(
                    artifact + "#wait" + (++seq),
                    merge(evs),
                    "eresource",
                    lock,
                    owner != null ? owner.getName() : ownerName,
                    false,
                    owner != null && owner.isBlocked(),
                    self,
                    count,
                    waiters.stream().map(WinThread::getName).toList(),
                    1,
                    own == null ? null : own.function(),
                    own == null ? null : own.module(),
                    lock + " is owned by " + (owner != null ? owner.getName() : ownerName) + " with " + count
                            + " waiter(s)" + (self ? "; its owner is also among the waiters" : ""),
                    sources));
        }

        void kernelWaits() {
            for (WinThread t : threads) {
                String kind =
                        switch (t.getWaitKind()) {
                            case PUSH_LOCK -> "push-lock";
                            case FAST_MUTEX -> "fast-mutex";
                            case KMUTEX -> "kmutex";
                            default -> null;
                        };
                if (kind == null) {
                    continue;
                }
                Frame own = t.getOwnFrame();
                out.add(new WinLockWait(
                        artifact + "#wait" + (++seq),
                        t.getEvidence(),
                        kind,
                        kind + (t.getWaitObject() == null ? "" : " " + t.getWaitObject()),
                        t.getWaitObjectOwner(),
                        false,
                        false,
                        t.getWaitObjectOwner() != null && t.getWaitObjectOwner().equals(t.getAddress()),
                        1,
                        List.of(t.getName()),
                        1,
                        own == null ? null : own.function(),
                        own == null ? null : own.module(),
                        "thread " + t.getName() + " waits on a " + kind
                                + (t.getWaitReason() == null ? "" : " (" + t.getWaitReason() + ")")
                                + (own == null ? "" : " from " + own.function()),
                        List.of(t.getId())));
            }
        }

        void eventWaits() {
            List<WinHandle> events =
                    handles.stream().filter(WinHandle::isUnsignaledEvent).toList();
            if (events.isEmpty()) {
                return;
            }
            Set<WinThread> withEdge = new HashSet<>();
            for (Edge e : edges) {
                withEdge.add(e.waiter());
            }
            List<WinThread> waiters = threads.stream()
                    .filter(t -> t.getWaitKind() == WaitKind.OBJECT && t.getOwnFrame() != null && !withEdge.contains(t))
                    .filter(t -> !t.isInDllInit())
                    .toList();
            if (waiters.isEmpty()) {
                return;
            }
            List<Evidence> evs = new ArrayList<>();
            List<String> sources = new ArrayList<>();
            for (WinThread t : waiters) {
                evs.add(t.getEvidence());
                sources.add(t.getId());
            }
            for (WinHandle h : events) {
                evs.add(h.getEvidence());
                sources.add(h.getId());
            }
            Frame own = firstOwn(waiters);
            String names = String.join(
                    ", ", events.stream().map(WinHandle::getLabel).distinct().toList());
            out.add(new WinLockWait(
                    artifact + "#wait" + (++seq),
                    merge(evs),
                    "event",
                    names,
                    null,
                    false,
                    false,
                    false,
                    waiters.size(),
                    waiters.stream().map(WinThread::getName).toList(),
                    1,
                    own == null ? null : own.function(),
                    own == null ? null : own.module(),
                    waiters.size() + " thread(s) wait on handles while event(s) " + names + " are not signalled",
                    sources));
        }

        static Frame firstOwn(List<WinThread> ts) {
            return ts.stream()
                    .sorted(Comparator.comparingInt(Graph::order))
                    .map(WinThread::getOwnFrame)
                    .filter(f -> f != null)
                    .findFirst()
                    .orElse(null);
        }

        Evidence merge(List<Evidence> evs) {
            int first = Integer.MAX_VALUE;
            int last = 0;
            List<Evidence.QuotedLine> quoted = new ArrayList<>();
            Set<Integer> lines = new HashSet<>();
            for (Evidence e : evs) {
                first = Math.min(first, e.getFirstLine());
                last = Math.max(last, e.getLastLine());
                for (Evidence.QuotedLine q : e.getQuoted()) {
                    if (quoted.size() < 24 && lines.add(q.number())) {
                        quoted.add(q);
                    }
                }
            }
            quoted.sort(Comparator.comparingInt(Evidence.QuotedLine::number));
            return new Evidence(artifact, first, Math.max(first, last), quoted);
        }
    }
}
