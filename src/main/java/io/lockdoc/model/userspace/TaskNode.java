package io.lockdoc.model.userspace;

/**
 * A task of the wait-for graph as every source together describes it, and what it is doing.
 *
 * @param condition RUNNING, FROZEN, STOPPED, TRACED, IO_WAIT (D on I/O), D_STATE, KILLABLE_WAIT,
 *     LOCK_WAIT, PAUSED (in pause() or sigsuspend(): only a signal wakes it), SLEEPING or UNKNOWN
 * @param doing one line for people, e.g. "S in fcntl(F_SETLKW) (wchan fcntl_setlk)"
 * @param siteFunction the program's own function where it waits (from gdb or jstack), or null
 * @param siteLocation its {@code file:line}, or null
 * @param cgroupRoot the cgroup v2 root of the capture it was seen in (the cgroup2 mount of its
 *     mountinfo; not always {@code /sys/fs/cgroup}), or null
 */
public record TaskNode(
        Integer pid,
        int tid,
        String comm,
        String state,
        String wchan,
        String condition,
        String doing,
        String siteFunction,
        String siteLocation,
        String cgroupRoot) {
    public TaskNode(Integer pid, int tid, String comm, String state, String wchan, String condition, String doing) {
        this(pid, tid, comm, state, wchan, condition, doing, null, null, null);
    }

    public TaskNode(
            Integer pid,
            int tid,
            String comm,
            String state,
            String wchan,
            String condition,
            String doing,
            String siteFunction,
            String siteLocation) {
        this(pid, tid, comm, state, wchan, condition, doing, siteFunction, siteLocation, null);
    }

    /** {@code comm/tid}, the name reports and the evaluation use; a thread known only by name (tid below 0) is its name. */
    public String label() {
        String name = comm == null ? "?" : comm;
        return tid < 0 ? name : name + "/" + tid;
    }

    public boolean isStalled() {
        return switch (condition) {
            case "FROZEN", "STOPPED", "TRACED", "IO_WAIT", "D_STATE", "PAUSED" -> true;
            default -> false;
        };
    }
}
