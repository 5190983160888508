package io.lockdoc.model.userspace;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;

/**
 * One line of {@code /proc/<pid>/mountinfo}: mount id, device, root within the file system,
 * mount point and type. A FUSE mount's device {@code 0:N} names its connection
 * ({@code /sys/fs/fuse/connections/N}); a cgroup2 mount of the hierarchy root is the cgroup v2 root.
 */
public final class MountEntry implements Fact {
    private final String id;
    private final int mountId;
    private final int parentId;
    private final int major;
    private final int minor;
    private final String root;
    private final String mountPoint;
    private final String fsType;
    private final String source;
    private final String superOptions;
    private final Evidence evidence;

    public MountEntry(
            String id,
            int mountId,
            int parentId,
            int major,
            int minor,
            String root,
            String mountPoint,
            String fsType,
            String source,
            String superOptions,
            Evidence evidence) {
        this.id = id;
        this.mountId = mountId;
        this.parentId = parentId;
        this.major = major;
        this.minor = minor;
        this.root = root;
        this.mountPoint = mountPoint;
        this.fsType = fsType;
        this.source = source;
        this.superOptions = superOptions;
        this.evidence = evidence;
    }

    @Override
    public String getId() {
        return id;
    }

    public String getSnapshot() {
        return Snapshot.rootOf(evidence.getArtifact());
    }

    public int getMountId() {
        return mountId;
    }

    public int getParentId() {
        return parentId;
    }

    /** {@code MAJ:MIN} as mountinfo prints it. */
    public String getDevice() {
        return major + ":" + minor;
    }

    public int getMinor() {
        return minor;
    }

    public String getRoot() {
        return root;
    }

    public String getMountPoint() {
        return mountPoint;
    }

    public String getFsType() {
        return fsType;
    }

    public String getSource() {
        return source;
    }

    public String getSuperOptions() {
        return superOptions;
    }

    /** {@code fuse}, {@code fuseblk} or {@code fuse.<subtype>}. */
    public boolean isFuse() {
        return fsType.equals("fuse") || fsType.equals("fuseblk") || fsType.startsWith("fuse.");
    }

    /** The FUSE connection number (the device minor; {@code /sys/fs/fuse/connections/N}), or null. */
    public Integer getFuseConnection() {
        return isFuse() ? minor : null;
    }

    /** The mount of the whole cgroup v2 hierarchy. */
    public boolean isCgroup2Root() {
        return fsType.equals("cgroup2") && root.equals("/");
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }

    @Override
    public String toString() {
        return "mount " + mountId + " " + getDevice() + " " + mountPoint + " (" + fsType + ")";
    }
}
