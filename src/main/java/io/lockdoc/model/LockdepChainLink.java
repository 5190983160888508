package io.lockdoc.model;

import java.util.List;

/** One {@code -> #N (class){...}:} entry of lockdep's dependency chain and the stack it recorded. */
public record LockdepChainLink(int index, String lockClass, List<Frame> frames, int line) {
    public LockdepChainLink {
        frames = List.copyOf(frames);
    }
}
