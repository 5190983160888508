package io.lockdoc.cli;

import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.gate.Baseline;
import io.lockdoc.gate.BaselineException;
import io.lockdoc.gate.Gate;
import io.lockdoc.model.Finding;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** The CI-gate end of {@code analyze}: the exit code of {@code --fail-on} and writing the baseline. */
final class GateRun {
    private GateRun() {}

    /** 5 when a gated finding is new, else 0; one line on stderr per new finding so a CI log says which. */
    static int exit(Gate gate, AnalysisResult result, PrintStream err) {
        List<Finding> all = result.findings().stream()
                .map(AnalysisResult.Diagnosed::finding)
                .toList();
        List<Finding> failing = gate.failing(all);
        for (Finding f : failing) {
            err.println("lockdoc: new finding " + Streams.t(f.getCause().id()) + " " + Streams.t(f.getSignature())
                    + " at " + Streams.t(f.getArtifact()) + ":" + f.getFirstLine());
        }
        long known = all.stream()
                .filter(f -> gate.outcome(f) == io.lockdoc.report.JunitRenderer.Outcome.KNOWN)
                .count();
        if (known > 0) {
            err.println("lockdoc: " + known + " known finding(s) in the baseline did not fail the run");
        }
        return failing.isEmpty() ? ExitCode.NO_FINDING.code() : ExitCode.GATED_FINDING.code();
    }

    /** Adds this run's findings to {@code file}; false (after a line on stderr) when it cannot. */
    static boolean writeBaseline(Path file, AnalysisResult result, PrintStream err) {
        try {
            Baseline.readIfPresent(file)
                    .with(
                            result.findings().stream()
                                    .map(AnalysisResult.Diagnosed::finding)
                                    .toList(),
                            Instant.now())
                    .write(file);
            return true;
        } catch (IOException | BaselineException e) {
            err.println("lockdoc: cannot write baseline " + Streams.t(file.toString()) + ": "
                    + Streams.t(String.valueOf(e.getMessage())));
            return false;
        }
    }
}
