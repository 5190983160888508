package io.lockdoc.model;

/**
 * Something that takes part in a finding: a task, a lock, an acquisition path, a module.
 *
 * @param role what it does in the finding, e.g. {@code lock-held}, {@code path}
 * @param kind what sort of thing it is
 * @param name its name (lock class, task/pid, function)
 * @param detail one line that explains its part, e.g. "takes &xt[i].mutex while holding sk_lock in get_info"
 */
public record Participant(String role, Kind kind, String name, String detail) {
    public enum Kind {
        TASK,
        THREAD,
        PROCESS,
        LOCK,
        PATH,
        MODULE
    }
}
