package io.lockdoc.model.userspace;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;

/**
 * A lock-related system call strace recorded: still unfinished when the trace ended, or failed
 * with an error that matters here ({@code EDEADLK}: the kernel refused to close a cycle).
 */
public final class SyscallResult implements Fact {
    private final String id;
    private final int tid;
    private final String syscall;
    private final String arguments;
    private final boolean unfinished;
    private final String errno;
    private final Evidence evidence;

    public SyscallResult(
            String id, int tid, String syscall, String arguments, boolean unfinished, String errno, Evidence evidence) {
        this.id = id;
        this.tid = tid;
        this.syscall = syscall;
        this.arguments = arguments;
        this.unfinished = unfinished;
        this.errno = errno;
        this.evidence = evidence;
    }

    @Override
    public String getId() {
        return id;
    }

    public String getSnapshot() {
        return Snapshot.rootOf(evidence.getArtifact());
    }

    public int getTid() {
        return tid;
    }

    public String getSyscall() {
        return syscall;
    }

    public String getArguments() {
        return arguments;
    }

    public boolean isUnfinished() {
        return unfinished;
    }

    /** The error name ({@code EDEADLK}), or null. */
    public String getErrno() {
        return errno;
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }

    @Override
    public String toString() {
        return "SyscallResult[" + tid + " " + syscall + "(" + arguments + ") " + (unfinished ? "unfinished" : errno)
                + "]";
    }
}
