package io.lockdoc.explain;

import io.lockdoc.model.Fact;
import io.lockdoc.model.KernelReport;
import io.lockdoc.model.KernelWaitChain;
import io.lockdoc.model.KernelWaitEdge;
import io.lockdoc.model.ModuleInvolvement;
import io.lockdoc.model.userspace.SystemValue;
import io.lockdoc.model.userspace.TaskNode;
import io.lockdoc.model.userspace.WaitChain;
import io.lockdoc.model.userspace.WaitCycle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A fact in words for people (--explain, the shell's {@code why}): what it says, not its Java form.
 * A fact without its own sentence is shown as what its {@code toString} holds inside {@code Type[...]}.
 */
final class FactWords {
    private static final Pattern WRAPPED = Pattern.compile("(?s)\\A\\w+\\[(.*)]\\z");

    private FactWords() {}

    static String of(Fact f) {
        if (f instanceof KernelReport r) {
            return r.getBanner()
                    + (r.getTask() == null
                            ? ""
                            : " (task " + r.getTask() + (r.getPid() == null ? "" : "/" + r.getPid()) + ")")
                    + (r.isComplete() ? "" : ", cut off");
        }
        if (f instanceof KernelWaitChain c) {
            return chain(c);
        }
        if (f instanceof KernelWaitEdge e) {
            return task(e.getWaiterTask() + ":" + e.getWaiterPid()) + " waits for a " + e.getLockKind()
                    + (e.getLock().equals(e.getLockKind()) ? "" : " (" + e.getLock() + ")")
                    + (e.isOwnerKnown()
                            ? " held by " + task(e.getOwnerTask() + ":" + e.getOwnerPid())
                            : " whose owner the kernel did not find");
        }
        if (f instanceof ModuleInvolvement m) {
            return "module " + m.getModule() + " is on the reported stack"
                    + (m.isOutOfTree()
                            ? " (out of tree, taint O)"
                            : m.isProprietary() ? " (proprietary, taint P)" : "");
        }
        if (f instanceof SystemValue v) {
            return v.getKey() + " is " + v.getValue();
        }
        if (f instanceof WaitCycle c) {
            return "a cycle over " + c.getKind().label() + "s: "
                    + c.getTasks().stream().map(TaskNode::label).collect(Collectors.joining(", "))
                    + " each wait for a lock the next one holds";
        }
        if (f instanceof WaitChain c) {
            return c.getWaiters().stream().map(TaskNode::label).collect(Collectors.joining(", "))
                    + " wait (directly or through others) for "
                    + c.getLocks().get(0).label() + ", held by "
                    + c.getHead().label() + ", which " + c.getHead().doing();
        }
        String s = String.valueOf(f);
        Matcher m = WRAPPED.matcher(s);
        return m.matches() ? m.group(1) : s;
    }

    /** {@code a/1 waits for mutex held by b/2; b/2 (the head, state S) is in F, waiting for X}. */
    private static String chain(KernelWaitChain c) {
        StringBuilder sb = new StringBuilder(c.isCycle() ? "a cycle: " : "");
        String sep = "";
        for (KernelWaitChain.Hop h : c.getHops()) {
            sb.append(sep)
                    .append(task(h.waiter()))
                    .append(" waits for ")
                    .append(h.lock())
                    .append(h.owner() == null ? " (owner not found)" : " held by " + task(h.owner()));
            sep = "; ";
        }
        if (!c.isCycle() && c.getHead() != null) {
            sb.append(sep).append(task(c.getHead())).append(" is the head of the chain");
            if (c.getHeadState() != null) {
                sb.append(", in state ").append(c.getHeadState());
            }
            if (c.getHeadFunction() != null) {
                sb.append(", in ").append(c.getHeadFunction());
            }
            if (c.getHeadWaitsFor() != null) {
                sb.append(", waiting for ").append(c.getHeadWaitsFor());
            }
        }
        return sb.toString();
    }

    /** The kernel's {@code comm:pid} as reports name tasks, {@code comm/pid}. */
    private static String task(String kernelTask) {
        return kernelTask.replaceFirst(":(\\d+)$", "/$1");
    }
}
