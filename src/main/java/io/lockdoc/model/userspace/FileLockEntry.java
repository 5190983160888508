package io.lockdoc.model.userspace;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;

/**
 * One file lock as {@code /proc/locks}, {@code lslocks} or a {@code /proc/<pid>/fdinfo/<fd>}
 * {@code lock:} line showed it. {@code waiter} marks a blocked request ({@code ->} lines, an
 * lslocks mode ending in {@code *}); {@code blockedBy} is the ordinal of the lock it queues
 * behind in {@code /proc/locks}.
 */
public final class FileLockEntry implements Fact {
    public enum Source {
        PROC_LOCKS,
        LSLOCKS,
        FDINFO
    }

    private final String id;
    private final Source source;
    private final int ordinal;
    private final String type;
    private final String mode;
    private final int pid;
    private final String device;
    private final Long inode;
    private final String path;
    private final long start;
    private final Long end;
    private final boolean waiter;
    private final int depth;
    private final Integer fdOwner;
    private final Integer fd;
    private final Evidence evidence;

    public FileLockEntry(
            String id,
            Source source,
            int ordinal,
            String type,
            String mode,
            int pid,
            String device,
            Long inode,
            String path,
            long start,
            Long end,
            boolean waiter,
            int depth,
            Integer fdOwner,
            Integer fd,
            Evidence evidence) {
        this.id = id;
        this.source = source;
        this.ordinal = ordinal;
        this.type = type;
        this.mode = mode;
        this.pid = pid;
        this.device = device;
        this.inode = inode;
        this.path = path;
        this.start = start;
        this.end = end;
        this.waiter = waiter;
        this.depth = depth;
        this.fdOwner = fdOwner;
        this.fd = fd;
        this.evidence = evidence;
    }

    @Override
    public String getId() {
        return id;
    }

    public Source getSource() {
        return source;
    }

    public String getSnapshot() {
        return Snapshot.rootOf(evidence.getArtifact());
    }

    public int getOrdinal() {
        return ordinal;
    }

    /** POSIX, OFDLCK, FLOCK, LEASE, DELEG, ACCESS or what the kernel printed. */
    public String getType() {
        return type;
    }

    /** READ, WRITE, RW, BREAKING ... */
    public String getMode() {
        return mode;
    }

    /** The owning process; -1 for OFD locks (owned by an open file description). */
    public int getPid() {
        return pid;
    }

    public String getDevice() {
        return device;
    }

    public Long getInode() {
        return inode;
    }

    public String getPath() {
        return path;
    }

    public long getStart() {
        return start;
    }

    /** Last byte, inclusive; null for EOF. */
    public Long getEnd() {
        return end;
    }

    public boolean isWaiter() {
        return waiter;
    }

    /** Nesting of a {@code ->} line: 1 waits on the lock, 2 on a waiter of it ... */
    public int getDepth() {
        return depth;
    }

    /** For an fdinfo line: the process whose descriptor holds the lock. */
    public Integer getFdOwner() {
        return fdOwner;
    }

    public Integer getFd() {
        return fd;
    }

    /** {@code MAJ:MIN:INODE} as /proc/locks prints it, or the path. */
    public String fileKey() {
        if (inode != null) {
            return (device == null ? "?" : device) + ":" + inode;
        }
        return path;
    }

    public String range() {
        return start + "-" + (end == null ? "EOF" : end);
    }

    public boolean overlaps(FileLockEntry o) {
        long e1 = end == null ? Long.MAX_VALUE : end;
        long e2 = o.end == null ? Long.MAX_VALUE : o.end;
        return start <= e2 && o.start <= e1;
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }

    @Override
    public String toString() {
        return "FileLock[" + (waiter ? "-> " : "") + type + " " + mode + " " + pid + " " + fileKey() + " " + range()
                + "]";
    }
}
