package io.lockdoc.model.userspace;

/** What sort of lock a wait-for graph node is. */
public enum LockKind {
    FILE("file lock"),
    FUTEX("pthread mutex / futex"),
    JAVA_MONITOR("Java monitor"),
    JAVA_SYNCHRONIZER("java.util.concurrent lock"),
    KERNEL("kernel lock");

    private final String label;

    LockKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
