package io.lockdoc.model.userspace;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;

/** A {@code /proc/<pid>/fdinfo/<fd>} file: which inode the descriptor refers to. */
public final class FdInfo implements Fact {
    private final String id;
    private final int pid;
    private final int fd;
    private final Long inode;
    private final Evidence evidence;

    public FdInfo(String id, int pid, int fd, Long inode, Evidence evidence) {
        this.id = id;
        this.pid = pid;
        this.fd = fd;
        this.inode = inode;
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

    public Long getInode() {
        return inode;
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }
}
