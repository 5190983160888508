package io.lockdoc.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A regular file, named by its path relative to the analysed root. */
record FileArtifact(String name, Path path, long size) implements Artifact {
    @Override
    public InputStream open() throws IOException {
        return Files.newInputStream(path);
    }
}
