package io.lockdoc.kb;

import java.util.List;

/**
 * A knowledge-base article in Symptom / Reason / Solution form. Text may hold placeholders
 * {@code {name}} or {@code {name|fallback}} that the planner fills from a finding's bindings.
 */
public record Article(
        String id,
        String cause,
        String platform,
        String title,
        String symptom,
        String reason,
        String solution,
        List<Step> steps,
        List<Reference> references,
        List<Collect> collect) {

    public Article {
        steps = steps == null ? List.of() : List.copyOf(steps);
        references = references == null ? List.of() : List.copyOf(references);
        collect = collect == null ? List.of() : List.copyOf(collect);
    }

    /** An artifact that would confirm or rule out the cause, and the safe command that collects it. */
    public record Collect(String what, String command) {}

    /**
     * One step: what to run, what it should show, how to know it worked, how to undo it, what to beware of;
     * {@code when} lists what the finding must have bound for the step to apply ({@code outOfTreeModule},
     * {@code chainKind=fuse|nfs}, {@code !fuseConnection}: unbound); empty: always.
     */
    public record Step(
            String title,
            String command,
            String expected,
            String verification,
            String rollback,
            String safety,
            List<String> when) {
        public Step {
            when = when == null ? List.of() : List.copyOf(when);
        }

        public Step(
                String title, String command, String expected, String verification, String rollback, String safety) {
            this(title, command, expected, verification, rollback, safety, List.of());
        }
    }

    /** A document to read: a kernel-tree path ({@code Documentation/locking/lockdep-design.rst}) or a URL. */
    public record Reference(String title, String ref) {}
}
