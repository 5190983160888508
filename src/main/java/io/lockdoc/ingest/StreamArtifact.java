package io.lockdoc.ingest;

import java.io.IOException;
import java.io.InputStream;

/** A stream that can be read once, such as stdin. */
final class StreamArtifact implements Artifact {
    private final String name;
    private InputStream in;

    StreamArtifact(String name, InputStream in) {
        this.name = name;
        this.in = in;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() {
        return -1;
    }

    @Override
    public synchronized InputStream open() throws IOException {
        if (in == null) {
            throw new IOException(name + " can be read only once");
        }
        InputStream s = in;
        in = null;
        return s;
    }
}
