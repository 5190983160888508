package io.lockdoc.model.userspace;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;
import java.util.List;

/**
 * Every thread of a process is blocked, and two or more of them wait on contended mutexes
 * (futex word 2) at different addresses, but no source says who holds them. The holders can only
 * be threads of the same process (the futexes are private), all of which are blocked.
 */
public final class MutexStall implements Fact {
    private final String id;
    private final int pid;
    private final String process;
    private final List<TaskNode> waiters;
    private final List<String> addresses;
    private final int threads;
    private final List<Evidence> evidence;

    public MutexStall(
            String id,
            int pid,
            String process,
            List<TaskNode> waiters,
            List<String> addresses,
            int threads,
            List<Evidence> evidence) {
        this.id = id;
        this.pid = pid;
        this.process = process;
        this.waiters = List.copyOf(waiters);
        this.addresses = List.copyOf(addresses);
        this.threads = threads;
        this.evidence = List.copyOf(evidence);
    }

    @Override
    public String getId() {
        return id;
    }

    public int getPid() {
        return pid;
    }

    public String getProcess() {
        return process;
    }

    public List<TaskNode> getWaiters() {
        return waiters;
    }

    public List<String> getAddresses() {
        return addresses;
    }

    public int getThreads() {
        return threads;
    }

    public List<Evidence> getAllEvidence() {
        return evidence;
    }

    @Override
    public Evidence getEvidence() {
        return evidence.get(0);
    }
}
