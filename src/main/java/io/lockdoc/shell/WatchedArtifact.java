package io.lockdoc.shell;

import io.lockdoc.ingest.Artifact;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An artifact of a load under the name the session gives it ({@link LoadNames}), whose stream
 * reports progress and stops when the load is cancelled.
 */
record WatchedArtifact(Artifact inner, LoadProgress progress, String name) implements Artifact {
    @Override
    public long size() {
        return inner.size();
    }

    @Override
    public String cutReason() {
        return inner.cutReason();
    }

    @Override
    public boolean glance() {
        return inner.glance();
    }

    @Override
    public InputStream open() throws IOException {
        return new FilterInputStream(inner.open()) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    progress.add(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    progress.add(n);
                }
                return n;
            }
        };
    }
}
