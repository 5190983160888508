package io.lockdoc.engine;

import io.lockdoc.model.Fact;
import io.lockdoc.model.KernelWaitChain;
import io.lockdoc.model.userspace.ProcTask;
import io.lockdoc.model.userspace.TaskRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Carries a kernel wait chain past a FUSE reply. The kernel's blocker lines stop at a task waiting
 * in {@code request_wait_answer}: it waits for the daemon serving its FUSE connection, which the
 * kernel log does not name. The bundle proves it or not ({@link FuseConnections}: the waiter's file
 * on the FUSE mount, the mount's connection, the one process whose {@code /dev/fuse} serves that
 * connection). With the daemon proven: if one of its threads is a waiter on the chain, the chain is
 * a cycle (the daemon waits for a lock whose holder waits for the daemon); otherwise its one busy
 * thread (blocked anywhere but in its idle waits) is the next hop. Without proof the chain says the
 * daemon is unknown, and why: any other process that holds {@code /dev/fuse} serves another mount.
 */
final class FuseReplies {
    /** Where an idle daemon thread sleeps: waiting for the next request, a timer, a condition, an event. */
    static final Pattern IDLE = Pattern.compile(
            "^(?:_*futex\\w*|hrtimer_nanosleep|do_nanosleep|fuse_dev_do_read|fuse_dev_read|fuse_dev_wait\\w*|ep_poll|do_epoll_wait"
                    + "|do_select|core_sys_select|do_sys_poll|do_poll|pipe_wait|wait_woken|do_wait|kernel_wait4)$");

    private static final Pattern TASK_PID = Pattern.compile(":(\\d+)$");

    private FuseReplies() {}

    static List<KernelWaitChain> complete(List<KernelWaitChain> chains, List<? extends Fact> facts) {
        if (chains.stream().noneMatch(FuseReplies::waitsForFuse)) {
            return chains; // nothing to complete: no pass over the facts
        }
        FuseConnections conns = new FuseConnections(facts);
        Map<Integer, Integer> processOf = new HashMap<>();
        Map<Integer, String> comm = new HashMap<>();
        Map<Integer, String> wchan = new HashMap<>();
        for (Fact f : facts) {
            if (f instanceof ProcTask t) {
                processOf.put(t.getTid(), t.getPid());
                if (t.getKind() == ProcTask.Kind.WCHAN && t.getValue() != null) {
                    wchan.put(t.getTid(), t.getValue());
                }
            } else if (f instanceof TaskRow r && r.getTid() != null && r.getComm() != null) {
                comm.putIfAbsent(r.getTid(), r.getComm());
                if (r.getPid() != null) {
                    processOf.putIfAbsent(r.getTid(), r.getPid());
                }
            }
        }
        if (conns.daemons().isEmpty()) {
            return chains; // no FUSE daemon in the capture at all: the chain stays as the kernel said it
        }
        List<KernelWaitChain> out = new ArrayList<>(chains.size());
        for (KernelWaitChain c : chains) {
            out.add(waitsForFuse(c) ? extend(c, conns, processOf, comm, wchan) : c);
        }
        return out;
    }

    private static boolean waitsForFuse(KernelWaitChain c) {
        return !c.isCycle()
                && c.getHead() != null
                && c.getHeadWaitsFor() != null
                && c.getHeadWaitsFor().contains("FUSE");
    }

    /** The chain extended to the daemon, carrying the connection (and mount point) its head waits on when known. */
    private static KernelWaitChain extend(
            KernelWaitChain c,
            FuseConnections conns,
            Map<Integer, Integer> processOf,
            Map<Integer, String> comm,
            Map<Integer, String> wchan) {
        Integer headTid = pid(c.getHead());
        if (headTid == null) {
            return unknown(c, "the waiting task has no pid");
        }
        int headProcess = processOf.getOrDefault(headTid, headTid);
        FuseConnections.Answer conn = conns.connectionOf(headProcess);
        KernelWaitChain out = extend(c, conns, processOf, comm, wchan, headProcess, conn);
        return conn.known() ? out.withFuse(conn.value(), conns.mountPointOf(conn.value())) : out;
    }

    private static KernelWaitChain extend(
            KernelWaitChain c,
            FuseConnections conns,
            Map<Integer, Integer> processOf,
            Map<Integer, String> comm,
            Map<Integer, String> wchan,
            int headProcess,
            FuseConnections.Answer conn) {
        FuseConnections.Answer daemon = conn.known() ? conns.daemonOf(conn.value()) : conn;
        String served;
        if (daemon.known()) {
            served = "connection " + conn.value() + " served by pid " + daemon.value();
        } else {
            FuseConnections.Answer byArgs = conns.daemonNamingAFileOf(headProcess);
            if (!byArgs.known()) {
                return unknown(
                        c,
                        (conn.known() ? "connection " + conn.value() + ": " : "") + daemon.why() + "; " + byArgs.why());
            }
            daemon = byArgs;
            served = "its file is below the mount point on the command line of pid " + daemon.value();
        }
        int process = daemon.value();
        var proof = daemon.evidence().get(0);
        String source = served + " (" + proof.getArtifact() + ")";
        for (KernelWaitChain.Hop h : c.getHops()) {
            Integer tid = pid(h.waiter());
            Integer p = tid == null ? null : processOf.getOrDefault(tid, tid);
            if (p != null && p == process) {
                List<KernelWaitChain.Hop> hops = new ArrayList<>(c.getHops());
                hops.add(new KernelWaitChain.Hop(c.getHead(), "FUSE reply", h.waiter(), source, proof.getFirstLine()));
                return new KernelWaitChain(
                                c.getSourceId(),
                                hops,
                                true,
                                null,
                                null,
                                List.of(),
                                null,
                                null,
                                c.getEvidence(),
                                c.isFromProc())
                        .withWaiterFunction(c.getWaiterFunction());
            }
        }
        Set<Integer> busy = new TreeSet<>();
        for (var e : processOf.entrySet()) {
            if (e.getValue() == process) {
                String w = wchan.get(e.getKey());
                if (w != null && !IDLE.matcher(w).matches()) {
                    busy.add(e.getKey());
                }
            }
        }
        String name = comm.getOrDefault(process, "fuse-daemon") + ":" + process;
        if (busy.size() != 1) {
            // none or several busy threads: which one owes the reply is not shown, the daemon is
            return withHeadWaitsFor(c, c.getHeadWaitsFor() + "; the daemon is " + name + " (" + source + ")");
        }
        int worker = busy.iterator().next();
        String workerName = comm.getOrDefault(worker, "fuse-daemon") + ":" + worker;
        List<KernelWaitChain.Hop> hops = new ArrayList<>(c.getHops());
        hops.add(new KernelWaitChain.Hop(c.getHead(), "FUSE reply", workerName, source, proof.getFirstLine()));
        String w = wchan.get(worker);
        return new KernelWaitChain(
                        c.getSourceId(),
                        hops,
                        false,
                        workerName,
                        null,
                        List.of(),
                        w,
                        "its own I/O (blocked in " + w + ")",
                        c.getEvidence(),
                        c.isFromProc())
                .withWaiterFunction(c.getWaiterFunction());
    }

    /** The chain as the kernel said it, saying that the daemon is unknown and why. */
    private static KernelWaitChain unknown(KernelWaitChain c, String why) {
        return withHeadWaitsFor(c, c.getHeadWaitsFor() + "; which daemon serves it is unknown: " + why);
    }

    private static KernelWaitChain withHeadWaitsFor(KernelWaitChain c, String waitsFor) {
        return new KernelWaitChain(
                        c.getSourceId(),
                        c.getHops(),
                        false,
                        c.getHead(),
                        c.getHeadState(),
                        c.getHeadFrames(),
                        c.getHeadFunction(),
                        waitsFor,
                        c.getEvidence(),
                        c.isFromProc())
                .withWaiterFunction(c.getWaiterFunction());
    }

    private static Integer pid(String task) {
        if (task == null) {
            return null;
        }
        var m = TASK_PID.matcher(task);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }
}
