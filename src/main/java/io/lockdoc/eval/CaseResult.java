package io.lockdoc.eval;

/**
 * How one case came out.
 *
 * @param actualCause the primary finding's cause, {@code none} when there was no finding
 * @param culpritChecked whether the label names a culprit to compare
 */
public record CaseResult(
        Label label,
        String actualCause,
        String actualCulprit,
        boolean supported,
        boolean causeCorrect,
        boolean culpritChecked,
        boolean culpritCorrect,
        String error) {}
