package io.lockdoc.model.userspace;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;

/**
 * A wait-for or holds edge a tool stated directly: gdb ({@code pthread_mutex_lock (mutex=...)},
 * a mutex's {@code __owner}), strace (an unfinished {@code futex} wait), jstack ({@code waiting
 * to lock} / {@code - locked}), perf lock ({@code contention_begin} without an end). The lock is
 * named by kind and address; {@code pid} (the process) may be null when the tool does not say.
 * The hung-task blocker lines of the kernel can feed kernel-mutex edges the same way.
 */
public final class LockEdge implements Fact {
    public enum Relation {
        WAITS,
        HOLDS
    }

    private final String id;
    private final Relation relation;
    private final Integer pid;
    private final int tid;
    private final String thread;
    private final LockKind kind;
    private final String address;
    private final String label;
    private final String via;
    private final Evidence evidence;
    private final String siteFunction;
    private final String siteLocation;

    public LockEdge(
            String id,
            Relation relation,
            Integer pid,
            int tid,
            String thread,
            LockKind kind,
            String address,
            String label,
            String via,
            Evidence evidence) {
        this(id, relation, pid, tid, thread, kind, address, label, via, evidence, null, null);
    }

    /**
     * @param siteFunction the program's own code at the wait (gdb's first own frame, jstack's first
     *     application frame), null when the tool shows none
     * @param siteLocation its {@code file:line}, or null
     */
    public LockEdge(
            String id,
            Relation relation,
            Integer pid,
            int tid,
            String thread,
            LockKind kind,
            String address,
            String label,
            String via,
            Evidence evidence,
            String siteFunction,
            String siteLocation) {
        this.siteFunction = siteFunction;
        this.siteLocation = siteLocation;
        this.id = id;
        this.relation = relation;
        this.pid = pid;
        this.tid = tid;
        this.thread = thread;
        this.kind = kind;
        this.address = address;
        this.label = label;
        this.via = via;
        this.evidence = evidence;
    }

    @Override
    public String getId() {
        return id;
    }

    public Relation getRelation() {
        return relation;
    }

    public String getSnapshot() {
        return Snapshot.rootOf(evidence.getArtifact());
    }

    public Integer getPid() {
        return pid;
    }

    public int getTid() {
        return tid;
    }

    /** The thread's name where the tool printed one. */
    public String getThread() {
        return thread;
    }

    public LockKind getKind() {
        return kind;
    }

    /** The lock's address as printed (lower-case hex). */
    public String getAddress() {
        return address;
    }

    /** A symbol or class for people: {@code lock1}, {@code a JavaMonitorAbba$Account}. */
    public String getLabel() {
        return label;
    }

    /** How the tool showed it, e.g. {@code gdb: ___pthread_mutex_lock}. */
    public String getVia() {
        return via;
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }

    /** The same edge with the process named (a tool that says it only at the end). */
    public LockEdge withPid(Integer pid) {
        return new LockEdge(
                id, relation, pid, tid, thread, kind, address, label, via, evidence, siteFunction, siteLocation);
    }

    /** The same edge with where the thread waits in the program's own code. */
    public LockEdge withSite(String function, String location) {
        return new LockEdge(id, relation, pid, tid, thread, kind, address, label, via, evidence, function, location);
    }

    /** The program's own function where the thread waits, or null. */
    public String getSiteFunction() {
        return siteFunction;
    }

    /** {@code file:line} of {@link #getSiteFunction()}, or null. */
    public String getSiteLocation() {
        return siteLocation;
    }

    @Override
    public String toString() {
        return "LockEdge[" + tid + " " + relation + " " + kind + " " + address + " via " + via + "]";
    }
}
