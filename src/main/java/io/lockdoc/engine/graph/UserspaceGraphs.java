package io.lockdoc.engine.graph;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;
import io.lockdoc.model.userspace.FdInfo;
import io.lockdoc.model.userspace.FileLockEntry;
import io.lockdoc.model.userspace.LockEdge;
import io.lockdoc.model.userspace.LockKind;
import io.lockdoc.model.userspace.LockNode;
import io.lockdoc.model.userspace.MountEntry;
import io.lockdoc.model.userspace.MutexStall;
import io.lockdoc.model.userspace.OpenFile;
import io.lockdoc.model.userspace.ProcTask;
import io.lockdoc.model.userspace.Snapshot;
import io.lockdoc.model.userspace.Symptom;
import io.lockdoc.model.userspace.SystemValue;
import io.lockdoc.model.userspace.TaskNode;
import io.lockdoc.model.userspace.TaskRow;
import io.lockdoc.model.userspace.WaitChain;
import io.lockdoc.model.userspace.WaitCycle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Joins the user-space facts of each capture into one wait-for graph (tasks; file locks, futex
 * words, Java monitors and synchronizers, kernel locks; edges holds / waits for), then hands the
 * rules its cycles, the heads of its wait chains, processes whose threads all block on mutexes
 * nobody is seen holding, and system symptoms. A capture nested in another ({@code before/})
 * is context, not a second diagnosis, and is skipped.
 */
public final class UserspaceGraphs {
    /** x86_64 system call numbers (what /proc/PID/syscall prints on the hosts lockdoc reads). */
    static final int SYS_FUTEX = 202;

    static final int SYS_FCNTL = 72;
    static final int SYS_FLOCK = 73;
    static final int SYS_VFORK = 58;
    static final int SYS_PAUSE = 34;
    static final int SYS_RT_SIGSUSPEND = 130;
    static final int F_SETLKW = 7;
    static final int F_SETLKW64 = 14;
    static final int F_OFD_SETLKW = 38;

    private UserspaceGraphs() {}

    public static List<Fact> derive(List<? extends Fact> facts) {
        Map<String, List<Fact>> bySnapshot = new LinkedHashMap<>();
        Map<String, String> rootByArtifact = new HashMap<>(); // 100 000 facts come from a handful of files
        for (Fact f : facts) {
            String s = snapshotOf(f, rootByArtifact);
            if (s != null) {
                bySnapshot.computeIfAbsent(s, k -> new ArrayList<>()).add(f);
            }
        }
        List<Fact> out = new ArrayList<>();
        for (Map.Entry<String, List<Fact>> e : bySnapshot.entrySet()) {
            boolean nested = bySnapshot.keySet().stream().anyMatch(o -> Snapshot.nestedIn(e.getKey(), o));
            if (!nested) {
                out.addAll(new Capture(e.getKey(), e.getValue()).derive());
            }
        }
        return out;
    }

    private static String snapshotOf(Fact f, Map<String, String> rootByArtifact) {
        if (f instanceof TaskRow
                || f instanceof ProcTask
                || f instanceof FileLockEntry
                || f instanceof FdInfo
                || f instanceof OpenFile
                || f instanceof LockEdge
                || f instanceof SystemValue
                || f instanceof MountEntry) {
            return rootByArtifact.computeIfAbsent(f.getEvidence().getArtifact(), Snapshot::rootOf);
        }
        return null;
    }

    /** Everything known about one task, merged from every source. */
    static final class Task {
        Integer pid;
        final int tid;
        String comm;
        String state;
        boolean threadState;
        String wchan;
        Integer syscall;
        List<Long> args = List.of();
        List<String> stack = List.of();
        Integer tracer;
        Double cpu;
        String siteFunction;
        String siteLocation;
        final List<Fact> facts = new ArrayList<>();

        Task(int tid) {
            this.tid = tid;
        }
    }

    /** One capture: its task table, its graph and what comes out of it. */
    static final class Capture {
        private final String root;
        private final List<Fact> facts;
        private final Map<Integer, Task> tasks = new LinkedHashMap<>();
        private final Map<Integer, String> cgroupOf = new HashMap<>();
        /** The cgroup2 mount point of the capture's mountinfo, or null. */
        private String cgroup2Root;

        private final Set<String> frozenCgroups = new HashSet<>();
        private final List<SystemValue> frozenEvidence = new ArrayList<>();
        private final Map<String, LockNode> lockNodes = new HashMap<>();
        private final WaitForGraph<Fact> g = new WaitForGraph<>();

        Capture(String root, List<Fact> facts) {
            this.root = root;
            this.facts = facts;
        }

        List<Fact> derive() {
            tasks();
            cgroups();
            fileLocks();
            futexes();
            edges();
            List<Fact> out = new ArrayList<>();
            Set<Integer> inCycle = new HashSet<>();
            int n = 0;
            for (int[] comp : g.cyclicComponents()) {
                int start = java.util.Arrays.stream(comp)
                        .filter(x -> !g.isLock(x))
                        .min()
                        .orElse(comp[0]);
                List<Integer> path = g.cycleThrough(start, comp);
                List<TaskNode> ts = new ArrayList<>();
                List<LockNode> ls = new ArrayList<>();
                List<Evidence> ev = new ArrayList<>();
                List<String> src = new ArrayList<>();
                Set<Fact> seen = identitySet();
                for (int i = 0; i < path.size(); i++) {
                    int v = path.get(i);
                    int w = path.get((i + 1) % path.size());
                    if (g.isLock(v)) {
                        ls.add(lockNodes.get(g.key(v)));
                    } else {
                        ts.add(node(task(g.key(v))));
                    }
                    addSource(g.source(v, w), ev, src, seen);
                }
                for (int v : comp) {
                    if (!g.isLock(v)) {
                        inCycle.add(Integer.valueOf(g.key(v)));
                    }
                }
                if (!ls.isEmpty() && !ts.isEmpty()) {
                    out.add(new WaitCycle(root + "cycle#" + ++n, root, ts, ls, ev, src));
                }
            }
            out.addAll(chains(inCycle));
            out.addAll(mutexStalls(inCycle));
            out.addAll(symptoms());
            return out;
        }

        /** {@code seen} mirrors {@code src}: a cycle of 100 000 threads must not scan a list per edge. */
        private static void addSource(Fact f, List<Evidence> ev, List<String> src, Set<Fact> seen) {
            if (f != null && seen.add(f)) {
                src.add(f.getId());
                ev.add(f.getEvidence());
            }
        }

        private static Set<Fact> identitySet() {
            return java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        }

        // ---- the task table -------------------------------------------------------------

        private Task task(String tidKey) {
            return task(Integer.parseInt(tidKey), null);
        }

        private Task task(int tid, Integer pid) {
            Task t = tasks.computeIfAbsent(tid, Task::new);
            if (t.pid == null && pid != null) {
                t.pid = pid;
            }
            return t;
        }

        private void tasks() {
            // process rows first, thread rows after: a thread's own state wins over its process's
            List<TaskRow> rows = facts.stream()
                    .filter(TaskRow.class::isInstance)
                    .map(TaskRow.class::cast)
                    .sorted(Comparator.comparingInt(r -> r.getTid() == null ? 0 : 1))
                    .toList();
            for (TaskRow r : rows) {
                Integer tid = r.getTid() != null ? r.getTid() : r.getPid();
                if (tid == null) {
                    continue;
                }
                if (r.getTid() == null
                        && r.getPid() != null
                        && "ps".equals(r.getSource())
                        && tasks.containsKey(tid)
                        && tasks.get(tid).threadState) {
                    continue;
                }
                Task t = task(tid, r.getPid());
                t.comm = r.getComm() != null && (t.comm == null || r.getTid() != null) ? r.getComm() : t.comm;
                if (r.getState() != null && (!t.threadState || r.getTid() != null)) {
                    t.state = r.getState();
                    t.threadState = r.getTid() != null;
                }
                if (r.getWchan() != null) {
                    t.wchan = r.getWchan();
                }
                if (r.getTracerPid() != null) {
                    t.tracer = r.getTracerPid();
                }
                if (r.getCpu() != null) {
                    t.cpu = r.getCpu();
                }
                t.facts.add(r);
            }
            for (Fact f : facts) {
                if (f instanceof ProcTask p) {
                    Task t = task(p.getTid(), p.getPid());
                    switch (p.getKind()) {
                        case STACK -> t.stack = p.getStack();
                        case WCHAN -> t.wchan = p.getValue() != null ? p.getValue() : t.wchan;
                        case SYSCALL -> {
                            t.syscall = p.getSyscall();
                            t.args = p.getArgs();
                        }
                        case CGROUP -> cgroupOf.put(p.getPid(), p.getValue());
                        default -> {}
                    }
                    t.facts.add(p);
                } else if (f instanceof MountEntry m && m.isCgroup2Root() && cgroup2Root == null) {
                    cgroup2Root = m.getMountPoint();
                }
            }
        }

        private void cgroups() {
            Map<String, String> folderPath = new HashMap<>();
            for (Fact f : facts) {
                if (f instanceof SystemValue v && v.getKey().startsWith("cgroup-folder:")) {
                    folderPath.put("folder:" + v.getKey().substring("cgroup-folder:".length()), v.getValue());
                }
            }
            for (Fact f : facts) {
                if (f instanceof SystemValue v
                        && v.getKey().startsWith("cgroup:")
                        && (v.getKey().endsWith(":frozen") || v.getKey().endsWith(":freeze"))
                        && "1".equals(v.getValue())) {
                    String k =
                            v.getKey().substring("cgroup:".length(), v.getKey().lastIndexOf(':'));
                    frozenCgroups.add(folderPath.getOrDefault(k, k));
                    frozenEvidence.add(v);
                }
            }
        }

        boolean frozen(Task t) {
            String cg = t.pid == null ? null : cgroupOf.get(t.pid);
            if (cg == null) {
                return false;
            }
            for (String f : frozenCgroups) {
                if (cg.equals(f) || cg.startsWith(f.endsWith("/") ? f : f + "/")) {
                    return true;
                }
            }
            return false;
        }

        // ---- locks ------------------------------------------------------------------------

        private int lockNode(LockKind kind, String key, String label) {
            lockNodes.putIfAbsent(key, new LockNode(kind, key, label));
            return g.lock(key);
        }

        /** As above, the label built only for a lock not seen before (a monitor has a waiter and a holder). */
        private int lockNode(LockKind kind, String key, java.util.function.Supplier<String> label) {
            if (!lockNodes.containsKey(key)) {
                lockNodes.put(key, new LockNode(kind, key, label.get()));
            }
            return g.lock(key);
        }

        private int taskNode(int tid) {
            return g.task(tid);
        }

        private void fileLocks() {
            List<FileLockEntry> table = new ArrayList<>();
            List<FileLockEntry> lslocks = new ArrayList<>();
            List<FileLockEntry> fdLocks = new ArrayList<>();
            Map<String, Long> fdInode = new HashMap<>();
            Map<String, String> fdPath = new HashMap<>();
            for (Fact f : facts) {
                if (f instanceof FileLockEntry e) {
                    switch (e.getSource()) {
                        case PROC_LOCKS -> table.add(e);
                        case LSLOCKS -> lslocks.add(e);
                        case FDINFO -> fdLocks.add(e);
                    }
                } else if (f instanceof FdInfo d && d.getInode() != null) {
                    fdInode.put(d.getPid() + "/" + d.getFd(), d.getInode());
                } else if (f instanceof OpenFile o && o.getTarget().startsWith("/")) {
                    fdPath.put(o.getPid() + "/" + o.getFd(), o.getTarget());
                }
            }
            // a lock's file by name: an fd whose fdinfo has the lock's inode, and whose link names the path
            Map<Long, String> pathOf = new HashMap<>();
            fdInode.forEach((fd, ino) -> {
                String path = fdPath.get(fd);
                if (path != null) {
                    pathOf.putIfAbsent(ino, path);
                }
            });
            if (table.isEmpty()) {
                table = lslocks;
            }
            // the blocked requests the syscalls show: tid -> inode
            Map<Integer, Long> waitingOnInode = new LinkedHashMap<>();
            Map<Integer, ProcTask> waitingSyscall = new HashMap<>();
            for (Task t : tasks.values()) {
                if (t.syscall == null || t.pid == null) {
                    continue;
                }
                boolean lockWait = (t.syscall == SYS_FCNTL
                                && (arg(t, 1) == F_SETLKW || arg(t, 1) == F_SETLKW64 || arg(t, 1) == F_OFD_SETLKW))
                        || (t.syscall == SYS_FLOCK && (arg(t, 1) & 4) == 0 && (arg(t, 1) & 3) != 0);
                if (lockWait) {
                    Long ino = fdInode.get(t.pid + "/" + arg(t, 0));
                    if (ino != null) {
                        waitingOnInode.put(t.tid, ino);
                        t.facts.stream()
                                .filter(f -> f instanceof ProcTask p && p.getKind() == ProcTask.Kind.SYSCALL)
                                .findFirst()
                                .ifPresent(f -> waitingSyscall.put(t.tid, (ProcTask) f));
                    }
                }
            }
            Map<String, FileLockEntry> holderByOrdinal = new LinkedHashMap<>();
            List<FileLockEntry> holderEntries = new ArrayList<>();
            for (FileLockEntry e : table) {
                if (!e.isWaiter()) {
                    holderByOrdinal.putIfAbsent(
                            e.getSource() + "#" + e.getOrdinal() + "@"
                                    + e.getEvidence().getArtifact(),
                            e);
                    holderEntries.add(e);
                }
            }
            Map<FileLockEntry, Integer> nodeOf = new HashMap<>();
            for (FileLockEntry h : holderEntries) {
                String key = "file:" + h.fileKey() + ":" + h.range() + ":" + h.getType() + ":" + h.getMode() + ":"
                        + h.getPid() + (h.getSource() == FileLockEntry.Source.PROC_LOCKS ? ":" + h.getOrdinal() : "");
                String path = h.getInode() == null ? null : pathOf.get(h.getInode());
                int node = lockNode(
                        LockKind.FILE,
                        key,
                        h.getType() + " " + h.getMode() + " lock on "
                                + (path == null
                                        ? h.fileKey() + " (" + h.range() + ")"
                                        : path + " (" + h.range() + ", inode " + h.fileKey() + ")"));
                nodeOf.put(h, node);
                Set<Integer> holders = new LinkedHashSet<>();
                if (h.getPid() > 0) {
                    holders.add(h.getPid());
                } else {
                    for (FileLockEntry fd : fdLocks) {
                        if (fd.getType().equals(h.getType())
                                && Objects.equals(fd.getInode(), h.getInode())
                                && fd.getStart() == h.getStart()
                                && Objects.equals(fd.getEnd(), h.getEnd())
                                && fd.getFdOwner() != null) {
                            holders.add(fd.getFdOwner());
                            g.holds(taskNode(task(fd.getFdOwner(), fd.getFdOwner()).tid), node, fd);
                        }
                    }
                }
                for (int pid : holders) {
                    if (h.getPid() > 0) {
                        g.holds(taskNode(task(pid, pid).tid), node, h);
                    }
                }
            }
            // proc/locks table waiters queue behind the lock with their ordinal
            for (FileLockEntry w : table) {
                if (!w.isWaiter()) {
                    continue;
                }
                List<FileLockEntry> blockers = new ArrayList<>();
                if (w.getSource() == FileLockEntry.Source.PROC_LOCKS) {
                    FileLockEntry h = holderByOrdinal.get(w.getSource() + "#" + w.getOrdinal() + "@"
                            + w.getEvidence().getArtifact());
                    if (h != null) {
                        blockers.add(h);
                    }
                } else {
                    for (FileLockEntry h : holderEntries) {
                        if (Objects.equals(h.fileKey(), w.fileKey())
                                && h.overlaps(w)
                                && h.getPid() != w.getPid()
                                && (h.getMode().startsWith("WRITE")
                                        || w.getMode().startsWith("WRITE"))) {
                            blockers.add(h);
                        }
                    }
                }
                List<Integer> waiters = new ArrayList<>();
                if (w.getPid() > 0) {
                    waiters.add(task(w.getPid(), w.getPid()).tid);
                } else {
                    waitingOnInode.forEach((tid, ino) -> {
                        if (ino.equals(w.getInode())) {
                            waiters.add(tid);
                        }
                    });
                }
                for (int tid : waiters) {
                    for (FileLockEntry h : blockers) {
                        ProcTask sc = waitingSyscall.get(tid);
                        Fact src = w;
                        if (w.getPid() <= 0 && sc != null) {
                            src = sc;
                        }
                        g.waits(taskNode(tid), nodeOf.get(h), src);
                    }
                    waitingOnInode.remove(tid);
                }
            }
            // a blocked fcntl/flock no table line explains: it waits for every holder of that inode
            waitingOnInode.forEach((tid, ino) -> {
                for (FileLockEntry h : holderEntries) {
                    Integer holderPid = h.getPid() > 0 ? Integer.valueOf(h.getPid()) : null;
                    if (ino.equals(h.getInode()) && !Objects.equals(holderPid, task(tid, null).pid)) {
                        g.waits(taskNode(tid), nodeOf.get(h), waitingSyscall.get(tid));
                    }
                }
            });
        }

        private static long arg(Task t, int i) {
            return i < t.args.size() ? t.args.get(i) : -1;
        }

        private void futexes() {
            for (Task t : tasks.values()) {
                if (t.syscall == null || t.syscall != SYS_FUTEX || t.pid == null) {
                    continue;
                }
                long op = arg(t, 1) & 0x7f;
                long val = arg(t, 2);
                String addr = "0x" + Long.toHexString(arg(t, 0));
                ProcTask sc = (ProcTask) t.facts.stream()
                        .filter(f -> f instanceof ProcTask p && p.getKind() == ProcTask.Kind.SYSCALL)
                        .findFirst()
                        .orElse(null);
                if (sc == null) {
                    continue;
                }
                if ((op == 0 && val == 2) || op == 6 || op == 13) {
                    // lll_lock_wait sleeps with the word at 2 (locked, contended); LOCK_PI(2) is a PI mutex
                    int node = lockNode(
                            LockKind.FUTEX, "futex:" + t.pid + ":" + addr, "mutex " + addr + " of process " + t.pid);
                    g.waits(taskNode(t.tid), node, sc);
                } else if ((op == 0 || op == 9)
                        && val > 0
                        && val != t.tid
                        && tasks.containsKey((int) val)
                        && Objects.equals(tasks.get((int) val).pid, t.pid)) {
                    // pthread_join sleeps on the joined thread's tid word until it exits
                    int node = lockNode(LockKind.FUTEX, "thread-exit:" + val, "exit of thread " + val);
                    g.waits(taskNode(t.tid), node, sc);
                    g.holds(taskNode((int) val), node, sc);
                }
            }
        }

        private void edges() {
            for (Fact f : facts) {
                if (!(f instanceof LockEdge e)) {
                    continue;
                }
                Task t = task(e.getTid(), e.getPid());
                if (t.comm == null && e.getThread() != null) {
                    t.comm = e.getThread();
                }
                if (t.siteFunction == null && e.getRelation() == LockEdge.Relation.WAITS) {
                    t.siteFunction = e.getSiteFunction();
                    t.siteLocation = e.getSiteLocation();
                }
                String ns =
                        t.pid != null ? String.valueOf(t.pid) : e.getPid() != null ? String.valueOf(e.getPid()) : "?";
                String key =
                        switch (e.getKind()) {
                            case FUTEX -> "futex:" + ns + ":" + e.getAddress();
                            case JAVA_MONITOR, JAVA_SYNCHRONIZER -> "java:" + e.getAddress();
                            default -> e.getKind().name().toLowerCase(java.util.Locale.ROOT) + ":" + e.getAddress();
                        };
                java.util.function.Supplier<String> label = () -> switch (e.getKind()) {
                    case FUTEX -> e.getLabel() == null
                            ? "mutex " + e.getAddress() + (ns.equals("?") ? "" : " of process " + ns)
                            : "mutex " + e.getLabel() + " (" + e.getAddress()
                                    + (ns.equals("?") ? "" : " in process " + ns) + ")";
                    case JAVA_MONITOR, JAVA_SYNCHRONIZER -> (e.getKind() == LockKind.JAVA_MONITOR
                                    ? "monitor <"
                                    : "synchronizer <")
                            + e.getAddress() + "> (" + (e.getLabel() == null ? "object" : e.getLabel()) + ")";
                    default -> e.getKind().label() + " " + e.getAddress()
                            + (e.getLabel() == null ? "" : " (" + e.getLabel() + ")");
                };
                if (e.getKind() == LockKind.FUTEX && e.getLabel() != null) {
                    // gdb names the symbol a futex word from /proc only has an address for: the name wins
                    lockNodes.remove(key);
                }
                int node = lockNode(e.getKind(), key, label);
                if (e.getRelation() == LockEdge.Relation.WAITS) {
                    g.waits(taskNode(t.tid), node, e);
                } else {
                    g.holds(taskNode(t.tid), node, e);
                }
            }
        }

        // ---- chains, stalls, symptoms ---------------------------------------------------

        private List<Fact> chains(Set<Integer> inCycle) {
            Map<Integer, List<Integer>> waitersByHead = new LinkedHashMap<>();
            Map<Integer, Set<Integer>> locksByHead = new HashMap<>();
            Map<Integer, List<Fact>> srcByHead = new HashMap<>();
            ChainHeads heads = new ChainHeads(inCycle);
            boolean[] cited = new boolean[g.size()]; // a task whose step (and so every step after it) is cited
            for (int v = 0; v < g.size(); v++) {
                if (g.isLock(v) || g.next(v).length == 0 || inCycle.contains(Integer.parseInt(g.key(v)))) {
                    continue;
                }
                int head = heads.headOf(v);
                if (head < 0 || head == v) {
                    continue;
                }
                waitersByHead.computeIfAbsent(head, k -> new ArrayList<>()).add(v);
                locksByHead.computeIfAbsent(head, k -> new LinkedHashSet<>()).add(heads.lastLock[v]);
                List<Fact> src = srcByHead.computeIfAbsent(head, k -> new ArrayList<>());
                // the steps after one cited before are cited already: each edge once, not once per waiter behind it
                for (int u = v; u != head && !cited[u]; u = heads.holder[u]) {
                    cited[u] = true;
                    src.add(g.source(u, heads.lock[u]));
                    src.add(g.source(heads.lock[u], heads.holder[u]));
                }
            }
            List<Fact> out = new ArrayList<>();
            int n = 0;
            for (var e : waitersByHead.entrySet()) {
                Task head = task(g.key(e.getKey()));
                List<TaskNode> waiters =
                        e.getValue().stream().map(w -> node(task(g.key(w)))).toList();
                List<LockNode> locks = locksByHead.get(e.getKey()).stream()
                        .map(l -> lockNodes.get(g.key(l)))
                        .toList();
                if (locks.get(0).key().startsWith("thread-exit:")) {
                    continue; // a join on a live thread is how programs wait, not a lock stall
                }
                List<Evidence> ev = new ArrayList<>();
                List<String> src = new ArrayList<>();
                Set<Fact> seen = identitySet();
                for (Fact s : srcByHead.get(e.getKey())) {
                    addSource(s, ev, src, seen);
                }
                // the head's own state is the point of a chain: cite its status, syscall, wchan, stack, cgroup
                head.facts.stream()
                        .filter(f ->
                                f instanceof ProcTask || (f instanceof TaskRow r && "status".equals(r.getSource())))
                        .limit(6)
                        .forEach(f -> {
                            addSource(f, ev, src, seen);
                        });
                if (frozen(head)) {
                    for (SystemValue v : frozenEvidence) {
                        addSource(v, ev, src, seen);
                    }
                }
                if (ev.isEmpty()) {
                    continue;
                }
                out.add(new WaitChain(root + "chain#" + ++n, root, node(head), waiters, locks, ev, src));
            }
            return out;
        }

        /**
         * The head of each task's wait chain: follow the first holder of each awaited lock until a
         * task that waits for nothing. Each task is walked once and remembers its answer, so a chain
         * of 100 000 threads costs 100 000 steps, not one walk per waiter.
         */
        private final class ChainHeads {
            private static final int UNKNOWN = -2;
            private static final int NONE = -1; // the walk ends at a lock nobody holds, in a cycle, or loops
            private final Set<Integer> inCycle;
            private final int[] head;
            final int[] lock;
            final int[] holder;
            final int[] lastLock; // the lock the head holds on this task's way to it

            ChainHeads(Set<Integer> inCycle) {
                this.inCycle = inCycle;
                int n = g.size();
                head = new int[n];
                java.util.Arrays.fill(head, UNKNOWN);
                lock = new int[n];
                holder = new int[n];
                lastLock = new int[n];
            }

            int headOf(int v) {
                List<Integer> path = new ArrayList<>();
                Set<Integer> onPath = new HashSet<>();
                int cur = v;
                int found;
                while (true) {
                    if (head[cur] != UNKNOWN) {
                        found = head[cur];
                        break;
                    }
                    int[] locks = g.next(cur);
                    if (locks.length == 0) {
                        head[cur] = cur;
                        lastLock[cur] = NONE;
                        found = cur;
                        break;
                    }
                    int[] holders = g.next(locks[0]);
                    if (holders.length == 0 || !onPath.add(cur)) {
                        found = NONE;
                        break;
                    }
                    path.add(cur);
                    lock[cur] = locks[0];
                    holder[cur] = holders[0];
                    cur = holders[0];
                    if (inCycle.contains(Integer.parseInt(g.key(cur)))) {
                        found = NONE;
                        break;
                    }
                }
                for (int i = path.size() - 1; i >= 0; i--) {
                    int u = path.get(i);
                    head[u] = found;
                    if (found != NONE) {
                        lastLock[u] = holder[u] == found ? lock[u] : lastLock[holder[u]];
                    }
                }
                return found;
            }
        }

        private List<Fact> mutexStalls(Set<Integer> inCycle) {
            Map<Integer, List<Task>> byProcess = new LinkedHashMap<>();
            for (Task t : tasks.values()) {
                if (t.pid != null) {
                    byProcess.computeIfAbsent(t.pid, k -> new ArrayList<>()).add(t);
                }
            }
            List<Fact> out = new ArrayList<>();
            for (var e : byProcess.entrySet()) {
                List<Task> threads = e.getValue();
                List<Task> waiters = new ArrayList<>();
                Set<String> addrs = new TreeSet<>();
                boolean allBlocked = true;
                for (Task t : threads) {
                    if (t.syscall == null || t.syscall != SYS_FUTEX || "R".equals(t.state)) {
                        allBlocked = false;
                        break;
                    }
                    if ((arg(t, 1) & 0x7f) == 0 && arg(t, 2) == 2) {
                        waiters.add(t);
                        addrs.add("0x" + Long.toHexString(arg(t, 0)));
                    }
                }
                if (!allBlocked
                        || waiters.size() < 2
                        || addrs.size() < 2
                        || waiters.stream().anyMatch(t -> inCycle.contains(t.tid))) {
                    continue;
                }
                // holders seen for these mutexes mean the graph already judged them
                boolean holderKnown = addrs.stream().anyMatch(a -> {
                    int node = g.lock("futex:" + e.getKey() + ":" + a);
                    return g.next(node).length > 0;
                });
                if (holderKnown) {
                    continue;
                }
                List<Evidence> ev = new ArrayList<>();
                for (Task t : waiters) {
                    t.facts.stream()
                            .filter(f -> f instanceof ProcTask p && p.getKind() == ProcTask.Kind.SYSCALL)
                            .findFirst()
                            .ifPresent(f -> ev.add(f.getEvidence()));
                }
                Task main = tasks.get(e.getKey());
                out.add(new MutexStall(
                        root + "mutex-stall#" + e.getKey(),
                        e.getKey(),
                        main == null ? null : main.comm,
                        waiters.stream().map(this::node).toList(),
                        List.copyOf(addrs),
                        threads.size(),
                        ev));
            }
            return out;
        }

        private List<Fact> symptoms() {
            List<Fact> out = new ArrayList<>();
            for (Fact f : facts) {
                if (f instanceof SystemValue v && v.getKey().equals("procs_blocked") && v.number() > 0) {
                    out.add(new Symptom(
                            v.getId() + "/symptom",
                            "procs-blocked",
                            "system",
                            v.number(),
                            v.getValue() + " task(s) blocked (procs_blocked)",
                            v.getEvidence()));
                }
            }
            int d = 0;
            Evidence firstD = null;
            for (Task t : tasks.values()) {
                TaskNode n = node(t);
                if ("D".equals(t.state) && !t.facts.isEmpty()) {
                    if (n.condition().equals("KILLABLE_WAIT")) {
                        out.add(new Symptom(
                                root + "killable#" + t.tid,
                                "killable-d-state",
                                n.label(),
                                1,
                                n.doing(),
                                t.facts.get(0).getEvidence()));
                    } else {
                        d++;
                        firstD = firstD == null ? t.facts.get(0).getEvidence() : firstD;
                    }
                }
                if (t.comm != null
                        && t.comm.startsWith("kworker")
                        && t.cpu != null
                        && t.cpu >= 90
                        && !t.facts.isEmpty()) {
                    out.add(new Symptom(
                            root + "kworker#" + t.tid,
                            "kworker-cpu-hog",
                            n.label(),
                            t.cpu,
                            n.label() + " uses " + t.cpu + "% CPU",
                            t.facts.get(0).getEvidence()));
                }
            }
            if (d >= 4) {
                out.add(new Symptom(root + "many-d", "many-d-state", "system", d, d + " tasks in D state", firstD));
            }
            return out;
        }

        // ---- describing a task ------------------------------------------------------------

        TaskNode node(Task t) {
            String cond = condition(t);
            return new TaskNode(
                    t.pid,
                    t.tid,
                    t.comm,
                    t.state,
                    t.wchan,
                    cond,
                    doing(t, cond),
                    t.siteFunction,
                    t.siteLocation,
                    cgroup2Root);
        }

        private String condition(Task t) {
            String top = t.stack.isEmpty() ? t.wchan : t.stack.get(0);
            if (frozen(t)) {
                return "FROZEN";
            }
            if ("t".equals(t.state) || (t.tracer != null && t.tracer > 0 && "T".equals(t.state))) {
                return "TRACED";
            }
            if ("T".equals(t.state)) {
                return "STOPPED";
            }
            if ("R".equals(t.state)) {
                return "RUNNING";
            }
            if ("D".equals(t.state)) {
                if (Objects.equals(t.syscall, SYS_VFORK) || has(t, "kernel_clone") || has(t, "wait_for_vfork_done")) {
                    return "KILLABLE_WAIT";
                }
                if (has(t, "io_schedule")
                        || has(t, "folio_wait")
                        || has(t, "wait_on_page")
                        || has(t, "request_wait_answer")
                        || has(t, "nfs")
                        || has(t, "blk_")
                        || has(t, "jbd2")) {
                    return "IO_WAIT";
                }
                return "D_STATE";
            }
            if (t.syscall != null && (t.syscall == SYS_FUTEX || t.syscall == SYS_FCNTL || t.syscall == SYS_FLOCK)) {
                return "LOCK_WAIT";
            }
            // pause() and sigsuspend() wait for a signal only: a holder there keeps its locks until one comes
            if ((t.syscall != null && (t.syscall == SYS_PAUSE || t.syscall == SYS_RT_SIGSUSPEND))
                    || has(t, "do_sys_pause")
                    || has(t, "sigsuspend")) {
                return "PAUSED";
            }
            if (top != null || t.state != null) {
                return "SLEEPING";
            }
            return "UNKNOWN";
        }

        private static boolean has(Task t, String fn) {
            if (t.wchan != null && t.wchan.contains(fn)) {
                return true;
            }
            return t.stack.stream().anyMatch(s -> s.contains(fn));
        }

        private String doing(Task t, String cond) {
            StringBuilder sb = new StringBuilder();
            sb.append(t.state == null ? "state unknown" : "state " + t.state);
            if (t.syscall != null) {
                sb.append(", in syscall ").append(syscallName(t));
            }
            if (t.wchan != null) {
                sb.append(", wchan ").append(t.wchan);
            }
            switch (cond) {
                case "FROZEN" -> sb.append(", frozen by its cgroup ")
                        .append(cgroup2Root == null || "/".equals(cgroup2Root) ? "" : cgroup2Root)
                        .append(cgroupOf.get(t.pid))
                        .append(" (cgroup.freeze = 1)");
                case "STOPPED" -> sb.append(", stopped (SIGSTOP/SIGTSTP)");
                case "TRACED" -> sb.append(", stopped by a tracer")
                        .append(t.tracer != null && t.tracer > 0 ? " (pid " + t.tracer + ")" : "");
                case "KILLABLE_WAIT" -> sb.append(", a killable wait (vfork: until the child execs or exits)");
                case "IO_WAIT" -> sb.append(", waiting for I/O");
                default -> {}
            }
            return sb.toString();
        }

        private static String syscallName(Task t) {
            return switch (t.syscall) {
                case SYS_FUTEX -> "futex";
                case SYS_FCNTL -> "fcntl("
                        + (arg(t, 1) == F_OFD_SETLKW
                                ? "F_OFD_SETLKW"
                                : arg(t, 1) == F_SETLKW ? "F_SETLKW" : "cmd " + arg(t, 1))
                        + ")";
                case SYS_FLOCK -> "flock";
                case SYS_VFORK -> "vfork";
                case 34 -> "pause";
                case 61 -> "wait4";
                case 230 -> "clock_nanosleep";
                case 35 -> "nanosleep";
                case 0 -> "read";
                case 1 -> "write";
                case 7 -> "poll";
                default -> "#" + t.syscall;
            };
        }
    }
}
