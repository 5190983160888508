package io.lockdoc.model.session;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;

/**
 * What happened when a remediation step was carried out: {@code article} and {@code step}
 * (1-based) name it, {@code outcome} is {@code done}, {@code failed} or {@code skipped}, and
 * {@code note} is what the person said about it (often the very reason it failed).
 */
public final class StepOutcome implements Fact {
    private final String id;
    private final String article;
    private final int step;
    private final String title;
    private final String outcome;
    private final String note;
    private final Evidence evidence;

    public StepOutcome(
            String id, String article, int step, String title, String outcome, String note, Evidence evidence) {
        this.id = id;
        this.article = article;
        this.step = step;
        this.title = title;
        this.outcome = outcome;
        this.note = note == null ? "" : note;
        this.evidence = evidence;
    }

    @Override
    public String getId() {
        return id;
    }

    public String getArticle() {
        return article;
    }

    public int getStep() {
        return step;
    }

    public String getTitle() {
        return title;
    }

    public String getOutcome() {
        return outcome;
    }

    public boolean isFailed() {
        return "failed".equals(outcome);
    }

    public String getNote() {
        return note;
    }

    /** Title and note together, lower case: what the follow-up rules match words in. */
    public String getText() {
        return (title + " " + note).toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }

    @Override
    public String toString() {
        return "StepOutcome[" + article + "#" + step + " " + outcome + (note.isEmpty() ? "" : ": " + note) + "]";
    }
}
