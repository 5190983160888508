package io.lockdoc.model;

/**
 * A scoring rule's verdict on a finding: evidence for it (corroboration, raises the confidence)
 * or against it (contradiction, lowers it). Inserted by the rules in {@code rules/score/}; folded
 * into the finding by the engine (see {@code io.lockdoc.engine.Scoring}).
 */
public final class Adjustment implements Fact {
    public enum Direction {
        FOR,
        AGAINST
    }

    private final Finding finding;
    private final Direction direction;
    private final double delta;
    private final String reason;
    private final Evidence evidence;
    private final String rule;

    public Adjustment(
            Finding finding, Direction direction, double delta, String reason, Evidence evidence, String rule) {
        this.finding = finding;
        this.direction = direction;
        this.delta = Math.abs(delta);
        this.reason = reason;
        this.evidence = evidence;
        this.rule = rule;
    }

    @Override
    public String getId() {
        return "adjust/" + rule + "/" + System.identityHashCode(finding) + "/" + evidence;
    }

    public Finding getFinding() {
        return finding;
    }

    public Direction getDirection() {
        return direction;
    }

    /** The size of the change, always positive; the direction says which way. */
    public double getDelta() {
        return delta;
    }

    public String getReason() {
        return reason;
    }

    public String getRule() {
        return rule;
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }
}
