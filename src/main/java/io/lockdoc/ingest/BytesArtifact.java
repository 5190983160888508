package io.lockdoc.ingest;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/** Text that arrived inside something else (a ticket's description, an inline attachment). */
record BytesArtifact(String name, byte[] bytes) implements Artifact {
    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public InputStream open() {
        return new ByteArrayInputStream(bytes);
    }
}
