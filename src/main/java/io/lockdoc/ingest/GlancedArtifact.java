package io.lockdoc.ingest;

import java.io.IOException;
import java.io.InputStream;

/** An artifact detection only glances at (see {@link Artifact#glance()}); read as it is otherwise. */
record GlancedArtifact(Artifact artifact) implements Artifact {
    @Override
    public String name() {
        return artifact.name();
    }

    @Override
    public long size() {
        return artifact.size();
    }

    @Override
    public InputStream open() throws IOException {
        return artifact.open();
    }

    @Override
    public String cutReason() {
        return artifact.cutReason();
    }

    @Override
    public boolean glance() {
        return true;
    }
}
