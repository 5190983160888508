package io.lockdoc.ingest;

import java.io.IOException;
import java.io.InputStream;

/**
 * One input file or stream. {@link #open()} may be called more than once for files; a stream
 * artifact (stdin, an archive entry) replays its sniffed head and then continues, once.
 */
public interface Artifact {
    /** Display name used in evidence: the path relative to the analysed root, or {@code -}. */
    String name();

    /** Size in bytes, or -1 when unknown (stdin). */
    long size();

    InputStream open() throws IOException;

    /** Why the input was not read to its end (a size bound), once it has been read; null when it was. */
    default String cutReason() {
        return null;
    }

    /** Whether detection only glances at its start: a file of a sosreport at none of its known paths. */
    default boolean glance() {
        return false;
    }
}
