package io.lockdoc.model.userspace;

/** A lock of the wait-for graph: its kind, a unique key and a name for people. */
public record LockNode(LockKind kind, String key, String label) {}
