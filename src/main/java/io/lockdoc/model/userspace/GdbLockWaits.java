package io.lockdoc.model.userspace;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;
import java.util.List;

/**
 * What one gdb listing shows of lock waits: the threads whose stacks stop in a mutex or rwlock
 * wait ({@code __lll_lock_wait}, {@code pthread_mutex_lock}, {@code std::mutex::lock} ...), with the
 * lock where gdb printed it and the first frame of the program's own code above the lock call,
 * out of how many threads the listing shows. Owners are not part of it: where gdb printed them
 * they are {@link LockEdge}s.
 */
public final class GdbLockWaits implements Fact {
    /**
     * @param address the lock's address when a frame printed it, else null
     * @param symbol the lock's symbol ({@code <keys_mutex>}) when gdb knew it, else null
     * @param ownFunction the first frame above the lock machinery, else null
     * @param ownLocation its {@code file:line}, else null
     */
    public record Waiter(
            int tid,
            String thread,
            String waitFunction,
            String address,
            String symbol,
            String ownFunction,
            String ownLocation,
            Evidence evidence) {
        /** {@code name/tid}, as the wait-for graph labels tasks. */
        public String label() {
            return (thread == null ? "thread" : thread) + "/" + tid;
        }
    }

    private final String id;
    private final Integer pid;
    private final String process;
    private final int threadsShown;
    private final List<Waiter> waiters;

    public GdbLockWaits(String id, Integer pid, String process, int threadsShown, List<Waiter> waiters) {
        this.id = id;
        this.pid = pid;
        this.process = process;
        this.threadsShown = threadsShown;
        this.waiters = List.copyOf(waiters);
    }

    @Override
    public String getId() {
        return id;
    }

    public Integer getPid() {
        return pid;
    }

    /** The program's name where the listing gave one. */
    public String getProcess() {
        return process;
    }

    /** How many threads the listing shows (a cut paste shows fewer than the process has). */
    public int getThreadsShown() {
        return threadsShown;
    }

    public List<Waiter> getWaiters() {
        return waiters;
    }

    public int getWaiterCount() {
        return waiters.size();
    }

    /** The distinct locks the waiters' frames printed. */
    public long getAddressCount() {
        return waiters.stream()
                .map(Waiter::address)
                .filter(java.util.Objects::nonNull)
                .distinct()
                .count();
    }

    public List<Evidence> getAllEvidence() {
        return waiters.stream().map(Waiter::evidence).toList();
    }

    @Override
    public Evidence getEvidence() {
        return waiters.get(0).evidence();
    }
}
