package io.lockdoc.analysis;

import io.lockdoc.kb.Plan;
import io.lockdoc.model.Fact;
import io.lockdoc.model.Finding;
import io.lockdoc.model.Problem;
import java.util.List;

/**
 * Everything one analysis produced: what each input was taken for, the problems met, and the
 * findings (primary first), each with its remediation plan when the knowledge base has one.
 */
public record AnalysisResult(
        List<InputSummary> inputs, List<Problem> problems, List<Diagnosed> findings, int factCount, List<Fact> facts) {

    /** One artifact: its detected type (and how it was detected) or why it was skipped. */
    public record InputSummary(String name, String type, String detectedBy, String skipReason, int facts) {
        /** Skipped only because no known format was recognised (not empty, binary, a duplicate or unreadable). */
        public boolean unrecognised() {
            return skipReason != null && skipReason.startsWith(io.lockdoc.detect.Detection.UNRECOGNISED);
        }
    }

    /** A finding and its plan (null when no article covers the cause). */
    public record Diagnosed(Finding finding, Plan plan) {}

    public boolean hasFindings() {
        return !findings.isEmpty();
    }

    /** The fact with this id (an input fact or one the engine derived), if any. */
    public java.util.Optional<Fact> fact(String id) {
        return facts.stream().filter(f -> f.getId().equals(id)).findFirst();
    }
}
