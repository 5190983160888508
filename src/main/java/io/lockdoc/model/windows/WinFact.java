package io.lockdoc.model.windows;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;

/** Common base of the Windows facts: an id and the evidence it came from. */
public abstract class WinFact implements Fact {
    private final String id;
    private final Evidence evidence;

    protected WinFact(String id, Evidence evidence) {
        this.id = id;
        this.evidence = evidence;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }

    public String getArtifact() {
        return evidence.getArtifact();
    }
}
