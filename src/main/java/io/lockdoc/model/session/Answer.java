package io.lockdoc.model.session;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;

/**
 * What the person at the machine told the shell: the answer to a symptom question or to a
 * question a rule raised ({@code question} is its key, {@code value} the choice or a short text).
 * Its evidence names the session transcript and the answer's number, so a finding that weighs it
 * can cite it like any other fact.
 */
public final class Answer implements Fact {
    private final String id;
    private final String question;
    private final String value;
    private final Evidence evidence;

    public Answer(String id, String question, String value, Evidence evidence) {
        this.id = id;
        this.question = question;
        this.value = value;
        this.evidence = evidence;
    }

    @Override
    public String getId() {
        return id;
    }

    public String getQuestion() {
        return question;
    }

    public String getValue() {
        return value;
    }

    /** True when the answer is this choice (case-insensitive). */
    public boolean is(String choice) {
        return value != null && value.equalsIgnoreCase(choice);
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }

    @Override
    public String toString() {
        return "Answer[" + question + " = " + value + "]";
    }
}
