package io.lockdoc.model.userspace;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;

/**
 * The mount a descriptor's file is on ({@code mnt_id:} of {@code /proc/<pid>/fdinfo/<fd>}), and for
 * an open {@code /dev/fuse} the FUSE connection it serves ({@code fuse_connection:}, kernels 6.x).
 */
public final class FdMount implements Fact {
    private final String id;
    private final int pid;
    private final int fd;
    private final int mountId;
    private final Integer fuseConnection;
    private final Evidence evidence;

    public FdMount(String id, int pid, int fd, int mountId, Integer fuseConnection, Evidence evidence) {
        this.id = id;
        this.pid = pid;
        this.fd = fd;
        this.mountId = mountId;
        this.fuseConnection = fuseConnection;
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

    public int getMountId() {
        return mountId;
    }

    /** The connection a {@code /dev/fuse} descriptor serves, or null. */
    public Integer getFuseConnection() {
        return fuseConnection;
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }

    @Override
    public String toString() {
        return "pid " + pid + " fd " + fd + " on mount " + mountId
                + (fuseConnection == null ? "" : " (serves FUSE connection " + fuseConnection + ")");
    }
}
