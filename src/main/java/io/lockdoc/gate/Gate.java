package io.lockdoc.gate;

import io.lockdoc.model.Finding;
import io.lockdoc.report.JunitRenderer;
import java.util.List;

/** {@code --fail-on} with its baseline: which findings fail a CI run. */
public record Gate(FailOn failOn, Baseline baseline) implements JunitRenderer.Verdicts {

    /**
     * The gate the options ask for, or null with neither: a baseline alone gates every cause.
     *
     * @throws IllegalArgumentException for an unknown cause
     * @throws BaselineException for a missing or malformed baseline
     */
    public static Gate of(String failOnSpec, java.nio.file.Path baselineFile) {
        if (failOnSpec == null && baselineFile == null) {
            return null;
        }
        return new Gate(
                failOnSpec == null ? FailOn.ANY : FailOn.parse(failOnSpec),
                baselineFile == null ? Baseline.empty() : Baseline.read(baselineFile));
    }

    /** The findings that fail the run: of a gated cause, and new (not in the baseline). */
    public List<Finding> failing(List<Finding> findings) {
        return findings.stream()
                .filter(f -> outcome(f) == JunitRenderer.Outcome.FAILED)
                .toList();
    }

    @Override
    public JunitRenderer.Outcome outcome(Finding f) {
        if (!failOn.gates(f)) {
            return JunitRenderer.Outcome.NOT_GATED;
        }
        return baseline.known(f).isPresent() ? JunitRenderer.Outcome.KNOWN : JunitRenderer.Outcome.FAILED;
    }

    /** Why a finding did not fail the run, for the JUnit report. */
    @Override
    public String note(Finding f) {
        return switch (outcome(f)) {
            case NOT_GATED -> "not gated: " + f.getCause().id() + " is not in --fail-on";
            case KNOWN -> "known finding: in the baseline since "
                    + baseline.known(f).map(Baseline.Entry::firstSeen).orElse("?");
            case FAILED -> "new finding";
        };
    }
}
