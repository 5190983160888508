package io.lockdoc.model.session;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;

/**
 * The next move a rule chose after a failed step: the knowledge-base guide whose steps come
 * next ({@code guide}), inserted after step {@code step} of {@code article}, and why.
 */
public final class FollowUp implements Fact {
    private final String article;
    private final int step;
    private final String guide;
    private final String reason;
    private final String rule;
    private final Evidence evidence;

    public FollowUp(String article, int step, String guide, String reason, String rule, Evidence evidence) {
        this.article = article;
        this.step = step;
        this.guide = guide;
        this.reason = reason;
        this.rule = rule;
        this.evidence = evidence;
    }

    @Override
    public String getId() {
        return "follow-up:" + article + "#" + step + ":" + guide;
    }

    public String getArticle() {
        return article;
    }

    public int getStep() {
        return step;
    }

    public String getGuide() {
        return guide;
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

    @Override
    public String toString() {
        return "FollowUp[" + article + "#" + step + " -> " + guide + ": " + reason + "]";
    }
}
