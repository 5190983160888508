package io.lockdoc.model.userspace;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;
import java.util.List;

/**
 * What one {@code /proc/<pid>[/task/<tid>]/} file says about a task: its kernel stack, wait
 * channel, current system call (number and raw arguments, or running) or cgroup. Fields other
 * files carry are null.
 */
public final class ProcTask implements Fact {
    public enum Kind {
        STACK,
        WCHAN,
        SYSCALL,
        CGROUP,
        COMM
    }

    private final String id;
    private final Kind kind;
    private final int pid;
    private final int tid;
    private final List<String> stack;
    private final String value;
    private final Integer syscall;
    private final List<Long> args;
    private final Evidence evidence;

    public ProcTask(
            String id,
            Kind kind,
            int pid,
            int tid,
            List<String> stack,
            String value,
            Integer syscall,
            List<Long> args,
            Evidence evidence) {
        this.id = id;
        this.kind = kind;
        this.pid = pid;
        this.tid = tid;
        this.stack = stack == null ? List.of() : List.copyOf(stack);
        this.value = value;
        this.syscall = syscall;
        this.args = args == null ? List.of() : List.copyOf(args);
        this.evidence = evidence;
    }

    @Override
    public String getId() {
        return id;
    }

    public Kind getKind() {
        return kind;
    }

    public String getSnapshot() {
        return Snapshot.rootOf(evidence.getArtifact());
    }

    public int getPid() {
        return pid;
    }

    public int getTid() {
        return tid;
    }

    /** Kernel stack functions (offsets dropped), innermost first. */
    public List<String> getStack() {
        return stack;
    }

    /** The wait channel, the cgroup path, the comm, or {@code running} for a syscall file. */
    public String getValue() {
        return value;
    }

    /** The system call number the task sleeps in, or null (running, or not a syscall file). */
    public Integer getSyscall() {
        return syscall;
    }

    public List<Long> getArgs() {
        return args;
    }

    public long arg(int i) {
        return i < args.size() ? args.get(i) : 0;
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }

    @Override
    public String toString() {
        return "ProcTask[" + kind + " " + pid + "/" + tid + " " + (syscall != null ? syscall + " " + args : value)
                + "]";
    }
}
