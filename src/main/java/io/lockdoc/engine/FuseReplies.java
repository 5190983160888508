package io.lockdoc.engine;

import io.lockdoc.model.Fact;
import io.lockdoc.model.KernelWaitChain;
import io.lockdoc.model.userspace.OpenFile;
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
 * in {@code request_wait_answer}: it waits for the FUSE daemon, which the kernel log does not name.
 * The bundle's {@code /proc} does: the process holding {@code /dev/fuse} open is the daemon. If one
 * of the daemon's own threads is a waiter on the chain, the chain is a cycle (the daemon waits for
 * a lock whose holder waits for the daemon). Otherwise the daemon threads that are busy (blocked
 * anywhere but in their idle waits for requests, timers or futexes) are the next hop.
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
        Map<Integer, OpenFile> daemons = new HashMap<>();
        Map<Integer, Integer> processOf = new HashMap<>();
        Map<Integer, String> comm = new HashMap<>();
        Map<Integer, String> wchan = new HashMap<>();
        for (Fact f : facts) {
            if (f instanceof OpenFile o && "/dev/fuse".equals(o.getTarget())) {
                daemons.putIfAbsent(o.getPid(), o);
            } else if (f instanceof ProcTask t) {
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
        if (daemons.isEmpty()) {
            return chains;
        }
        List<KernelWaitChain> out = new ArrayList<>(chains.size());
        for (KernelWaitChain c : chains) {
            out.add(waitsForFuse(c) ? extend(c, daemons, processOf, comm, wchan) : c);
        }
        return out;
    }

    private static boolean waitsForFuse(KernelWaitChain c) {
        return !c.isCycle()
                && c.getHead() != null
                && c.getHeadWaitsFor() != null
                && c.getHeadWaitsFor().contains("FUSE");
    }

    private static KernelWaitChain extend(
            KernelWaitChain c,
            Map<Integer, OpenFile> daemons,
            Map<Integer, Integer> processOf,
            Map<Integer, String> comm,
            Map<Integer, String> wchan) {
        for (KernelWaitChain.Hop h : c.getHops()) {
            Integer tid = pid(h.waiter());
            Integer process = tid == null ? null : processOf.get(tid);
            if (process != null && daemons.containsKey(process)) {
                OpenFile fuse = daemons.get(process);
                List<KernelWaitChain.Hop> hops = new ArrayList<>(c.getHops());
                hops.add(new KernelWaitChain.Hop(
                        c.getHead(),
                        "FUSE reply",
                        h.waiter(),
                        "/dev/fuse held by pid " + process + " ("
                                + fuse.getEvidence().getArtifact() + ")",
                        fuse.getEvidence().getFirstLine()));
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
                        c.isFromProc());
            }
        }
        Set<Integer> busy = new TreeSet<>();
        for (var e : processOf.entrySet()) {
            if (daemons.containsKey(e.getValue())) {
                String w = wchan.get(e.getKey());
                if (w != null && !IDLE.matcher(w).matches()) {
                    busy.add(e.getKey());
                }
            }
        }
        if (busy.size() != 1) {
            return c; // none or several busy daemon threads: which one owes the reply is not shown
        }
        int worker = busy.iterator().next();
        int process = processOf.get(worker);
        OpenFile fuse = daemons.get(process);
        String name = comm.getOrDefault(worker, "fuse-daemon") + ":" + worker;
        List<KernelWaitChain.Hop> hops = new ArrayList<>(c.getHops());
        hops.add(new KernelWaitChain.Hop(
                c.getHead(),
                "FUSE reply",
                name,
                "thread of the daemon holding /dev/fuse (" + fuse.getEvidence().getArtifact() + ")",
                fuse.getEvidence().getFirstLine()));
        String w = wchan.get(worker);
        return new KernelWaitChain(
                c.getSourceId(),
                hops,
                false,
                name,
                null,
                List.of(),
                w,
                "its own I/O (blocked in " + w + ")",
                c.getEvidence(),
                c.isFromProc());
    }

    private static Integer pid(String task) {
        if (task == null) {
            return null;
        }
        var m = TASK_PID.matcher(task);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }
}
