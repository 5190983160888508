package io.lockdoc.eval;

/**
 * How one case came out.
 *
 * @param actualCause the primary finding's cause, {@code none} when there was no finding
 * @param culpritChecked whether the label names a culprit to compare
 * @param participantsChecked whether the label lists participants to compare
 */
public record CaseResult(
        Label label,
        String actualCause,
        String actualCulprit,
        boolean supported,
        boolean causeCorrect,
        boolean culpritChecked,
        boolean culpritCorrect,
        boolean participantsChecked,
        boolean participantsCorrect,
        java.util.Set<Integer> actualParticipants,
        String error) {
    public CaseResult(
            Label label,
            String actualCause,
            String actualCulprit,
            boolean supported,
            boolean causeCorrect,
            boolean culpritChecked,
            boolean culpritCorrect,
            String error) {
        this(
                label,
                actualCause,
                actualCulprit,
                supported,
                causeCorrect,
                culpritChecked,
                culpritCorrect,
                false,
                false,
                null,
                error);
    }
}
