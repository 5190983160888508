package io.lockdoc.model;

import java.time.Instant;

/**
 * When a capture of the host was taken (wall clock, UTC), as its own record says: {@code run-info.txt}
 * {@code date_utc:}, lockdoc's {@code collect-log.txt} first line.
 */
public final class CaptureTime implements Fact {
    private final Instant at;
    private final Evidence evidence;

    public CaptureTime(Instant at, Evidence evidence) {
        this.at = at;
        this.evidence = evidence;
    }

    @Override
    public String getId() {
        return evidence.getArtifact() + "#" + evidence.getFirstLine() + "/capture-time";
    }

    public Instant getAt() {
        return at;
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }

    @Override
    public String toString() {
        return "CaptureTime[" + at + "]";
    }
}
