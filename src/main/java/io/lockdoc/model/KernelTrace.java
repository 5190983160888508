package io.lockdoc.model;

import java.util.List;

/**
 * One stack of a kernel report, with the line that introduced it ({@code NMI backtrace for cpu 1},
 * {@code task:appender state:S ...}, {@code rcu_sched kthread starved ...}), innermost frame first.
 */
public record KernelTrace(int index, String context, List<Frame> frames, int firstLine) {
    public KernelTrace {
        frames = List.copyOf(frames);
    }

    /** Whether the stack contains {@code function} (compiler suffixes ignored). */
    public boolean contains(String function) {
        return frames.stream().anyMatch(f -> function.equals(f.baseFunction()));
    }
}
