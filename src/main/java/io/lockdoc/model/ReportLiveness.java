package io.lockdoc.model;

/**
 * Whether a kernel report is current in the capture it came with (combiner {@code engine.Livenesses}):
 * rules use it to ask only about live tasks, findings carry it to the reader.
 */
public final class ReportLiveness implements Fact {
    private final String reportId;
    private final Liveness liveness;
    private final Evidence evidence;

    public ReportLiveness(String reportId, Liveness liveness, Evidence evidence) {
        this.reportId = reportId;
        this.liveness = liveness;
        this.evidence = evidence;
    }

    @Override
    public String getId() {
        return reportId + "/liveness";
    }

    public String getReportId() {
        return reportId;
    }

    public Liveness getLiveness() {
        return liveness;
    }

    public Liveness.State getState() {
        return liveness.state();
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }

    @Override
    public String toString() {
        return "ReportLiveness[" + reportId + " " + liveness.state().id() + ": " + liveness.reason() + "]";
    }
}
