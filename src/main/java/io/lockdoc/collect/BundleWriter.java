package io.lockdoc.collect;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Writes the collected files as a {@code .tar.gz}, one entry at a time (memory holds one file),
 * under one top folder. The archive is written beside the target and moved into place at the
 * end, so a half-written bundle never carries the requested name.
 */
final class BundleWriter implements AutoCloseable {
    private final Path target;
    private final Path partial;
    private final String top;
    private final TarArchiveOutputStream tar;
    private final Set<String> names = new HashSet<>();
    private int files;
    private long bytes;
    private boolean finished;

    BundleWriter(Path target, String top) throws IOException {
        this.target = target;
        this.top = top;
        Path dir = target.toAbsolutePath().getParent();
        this.partial = Files.createTempFile(dir, "." + target.getFileName(), ".partial");
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 64 * 1024);
        this.tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out));
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    /** Adds a file (a name already written is not written twice). */
    void add(String name, byte[] data) throws IOException {
        if (!names.add(name)) {
            return;
        }
        TarArchiveEntry e = new TarArchiveEntry(top + "/" + name);
        e.setSize(data.length);
        e.setMode(0100644);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
        files++;
        bytes += data.length;
    }

    int files() {
        return files;
    }

    long bytes() {
        return bytes;
    }

    /** Completes the archive and gives it its name. */
    void finish() throws IOException {
        tar.finish();
        tar.close();
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        finished = true;
    }

    @Override
    public void close() throws IOException {
        if (!finished) {
            try {
                tar.close();
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }
}
