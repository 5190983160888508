package io.lockdoc.model.userspace;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;

/** One {@code /proc/<pid>/fd} link as text ({@code 5 -> /dev/fuse}): what a process has open. */
public final class OpenFile implements Fact {
    private final String id;
    private final int pid;
    private final int fd;
    private final String target;
    private final Evidence evidence;

    public OpenFile(String id, int pid, int fd, String target, Evidence evidence) {
        this.id = id;
        this.pid = pid;
        this.fd = fd;
        this.target = target;
        this.evidence = evidence;
    }

    @Override
    public String getId() {
        return id;
    }

    public String getSnapshot() {
        return Snapshot.rootOf(evidence.getArtifact());
    }

    public int getPid() {
        return pid;
    }

    public int getFd() {
        return fd;
    }

    public String getTarget() {
        return target;
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }

    @Override
    public String toString() {
        return "pid " + pid + " fd " + fd + " -> " + target;
    }
}
