package io.lockdoc.model.session;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;
import java.util.List;

/**
 * Something a rule needs and no artifact told it. The shell asks it together with the safe
 * command whose output answers it; a ticket lists it as information still needed. {@code key}
 * is stable ({@code proc-stack:4711}) so that an {@link Answer} to it silences the rule.
 */
public final class Question implements Fact {
    private final String key;
    private final String text;
    private final String command;
    private final List<String> choices;
    private final String pasteAs;
    private final String why;
    private final String rule;
    private final Evidence evidence;

    public Question(
            String key,
            String text,
            String command,
            List<String> choices,
            String pasteAs,
            String why,
            String rule,
            Evidence evidence) {
        this.key = key;
        this.text = text;
        this.command = command;
        this.choices = choices == null ? List.of() : List.copyOf(choices);
        this.pasteAs = pasteAs;
        this.why = why;
        this.rule = rule;
        this.evidence = evidence;
    }

    @Override
    public String getId() {
        return "question:" + key;
    }

    public String getKey() {
        return key;
    }

    public String getText() {
        return text;
    }

    /** The safe, read-only command whose output answers the question; null for a plain choice. */
    public String getCommand() {
        return command;
    }

    /** Allowed answers; empty when the answer is pasted output or free text. */
    public List<String> getChoices() {
        return choices;
    }

    /**
     * The name pasted output gets as an artifact (e.g. {@code proc/4711/stack}), so that
     * detection by name works as it does for a collected bundle; null for a plain choice.
     */
    public String getPasteAs() {
        return pasteAs;
    }

    /** One line: why the rule asks. */
    public String getWhy() {
        return why;
    }

    public String getRule() {
        return rule;
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }

    @Override
    public String toString() {
        return "Question[" + key + ": " + text + "]";
    }
}
