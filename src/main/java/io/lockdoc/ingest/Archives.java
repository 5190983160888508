package io.lockdoc.ingest;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.utils.BoundedInputStream;

/**
 * Reads a bundle archive ({@code .tar.gz}, {@code .tgz}, {@code .tar.xz}, {@code .txz}, {@code .tar},
 * {@code .zip}) as a stream, never unpacking to disk: each entry is kept deflated in memory and
 * named by its path inside the archive. Every dimension is bounded; links, unsafe names and
 * corrupt entries become skipped entries with their reason, and every other entry is kept.
 */
public final class Archives {
    public static final int MAX_ENTRIES = 50_000;
    public static final long MAX_ENTRY_BYTES = 64L * 1024 * 1024;
    public static final long MAX_TOTAL_BYTES = 1024L * 1024 * 1024;
    /** Uncompressed/compressed beyond this is a decompression bomb, not a diagnostic bundle. */
    public static final long MAX_RATIO = 200;

    public static final int MAX_NAME = 1024;
    public static final int MAX_DEPTH = 32;

    private Archives() {}

    public static boolean isArchive(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        return n.endsWith(".tar.gz")
                || n.endsWith(".tgz")
                || n.endsWith(".tar.xz")
                || n.endsWith(".txz")
                || n.endsWith(".tar")
                || n.endsWith(".zip");
    }

    public static List<Inputs.Entry> read(Path archive) throws InputException {
        String n = archive.getFileName().toString().toLowerCase(Locale.ROOT);
        long compressed;
        try {
            compressed = Math.max(1, Files.size(archive));
        } catch (IOException e) {
            throw new InputException(archive + ": cannot read: " + e.getMessage());
        }
        List<Inputs.Entry> out = new ArrayList<>();
        Budget budget = new Budget(compressed);
        try {
            if (n.endsWith(".zip")) {
                zip(archive, out, budget);
            } else {
                InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 64 * 1024);
                InputStream in = n.endsWith(".tar") ? raw : decompressor(n, raw);
                try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                    tar(tar, out, budget);
                }
            }
        } catch (IOException e) {
            if (out.isEmpty()) {
                throw new InputException(archive + ": not a readable archive: " + e.getMessage());
            }
            out.add(Inputs.Entry.error(
                    "(rest of " + archive.getFileName() + ")",
                    "the archive is corrupt or cut off after " + out.size() + " entries (" + e.getMessage()
                            + "); the entries before it are kept"));
        }
        if (out.isEmpty()) {
            throw new InputException(archive + ": the archive is empty");
        }
        out.sort(java.util.Comparator.comparing(Inputs.Entry::name));
        return Collections.unmodifiableList(out);
    }

    private static InputStream decompressor(String n, InputStream raw) throws IOException {
        if (n.endsWith(".xz") || n.endsWith(".txz")) {
            return new XZCompressorInputStream(raw);
        }
        return new GzipCompressorInputStream(raw, true);
    }

    private static void tar(TarArchiveInputStream tar, List<Inputs.Entry> out, Budget budget) throws IOException {
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            if (e.isDirectory()) {
                continue;
            }
            if (!budget.entry(out)) {
                return;
            }
            String name = name(e);
            String unsafe = unsafe(name);
            if (unsafe != null) {
                out.add(new Inputs.Entry(null, clip(name), unsafe));
            } else if (e.isSymbolicLink()) {
                out.add(new Inputs.Entry(null, name, "symbolic link to " + e.getLinkName() + ", not followed"));
            } else if (e.isLink()) {
                out.add(new Inputs.Entry(null, name, "hard link to " + e.getLinkName() + ", not followed"));
            } else if (!e.isFile()) {
                out.add(new Inputs.Entry(null, name, "not a regular file"));
            } else if (!budget.stillRoom()) {
                out.add(new Inputs.Entry(null, name, budget.exhaustedReason()));
            } else {
                out.add(keep(name, tar, budget));
            }
        }
    }

    private static void zip(Path archive, List<Inputs.Entry> out, Budget budget) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            var entries = zip.getEntriesInPhysicalOrder();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry e = entries.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                if (!budget.entry(out)) {
                    return;
                }
                String name = name(e);
                String unsafe = unsafe(name);
                if (unsafe != null) {
                    out.add(new Inputs.Entry(null, clip(name), unsafe));
                } else if (e.isUnixSymlink()) {
                    out.add(new Inputs.Entry(null, name, "symbolic link, not followed"));
                } else if (!zip.canReadEntryData(e)) {
                    out.add(Inputs.Entry.error(name, "unsupported compression or encryption in this zip entry"));
                } else if (e.getCompressedSize() > 0 && e.getSize() / e.getCompressedSize() > MAX_RATIO) {
                    out.add(Inputs.Entry.error(
                            name, "compression ratio above " + MAX_RATIO + ":1, not read (decompression bomb?)"));
                } else if (!budget.stillRoom()) {
                    out.add(new Inputs.Entry(null, name, budget.exhaustedReason()));
                } else {
                    try (InputStream in = zip.getInputStream(e)) {
                        out.add(keep(name, in, budget));
                    } catch (IOException | RuntimeException ex) {
                        out.add(Inputs.Entry.error(name, "corrupt entry: " + ex.getMessage()));
                    }
                }
            }
        }
    }

    /** Copies one entry into memory (deflated), cut at {@link #MAX_ENTRY_BYTES}. */
    private static Inputs.Entry keep(String name, InputStream in, Budget budget) throws IOException {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        long size = 0;
        boolean cut = false;
        try (DeflaterOutputStream z = new DeflaterOutputStream(packed, new Deflater(Deflater.BEST_SPEED))) {
            byte[] buf = new byte[64 * 1024];
            InputStream bounded = BoundedInputStream.builder()
                    .setInputStream(in)
                    .setMaxCount(MAX_ENTRY_BYTES + 1)
                    .setPropagateClose(false)
                    .get();
            int r;
            while ((r = bounded.read(buf)) > 0) {
                int take = (int) Math.min(r, MAX_ENTRY_BYTES - size);
                if (take < r) {
                    cut = true;
                }
                if (take > 0) {
                    z.write(buf, 0, take);
                    size += take;
                }
                budget.add(r);
                if (budget.bomb()) {
                    throw new IOException("uncompressed size passed " + MAX_RATIO + " times the archive size");
                }
            }
        }
        byte[] bytes = packed.toByteArray();
        MemoryArtifact a = new MemoryArtifact(name, size, bytes);
        return cut
                ? new Inputs.Entry(
                        a,
                        name,
                        null,
                        "entry larger than " + MAX_ENTRY_BYTES / (1024 * 1024) + " MiB, only its start is read")
                : new Inputs.Entry(a, name, null);
    }

    private static String name(ArchiveEntry e) {
        return e.getName().replace('\\', '/');
    }

    /** Why a name is refused: absolute, climbing out ({@code ../}), too long or too deep. */
    static String unsafe(String name) {
        if (name.length() > MAX_NAME) {
            return "entry name longer than " + MAX_NAME + " characters";
        }
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            return "absolute path in the archive, not read";
        }
        String[] parts = name.split("/");
        if (parts.length > MAX_DEPTH) {
            return "nested deeper than " + MAX_DEPTH + " folders";
        }
        for (String p : parts) {
            if (p.equals("..")) {
                return "path climbs out of the bundle (../), not read";
            }
        }
        return null;
    }

    private static String clip(String name) {
        return name.length() > 200 ? name.substring(0, 200) + "..." : name;
    }

    /** Counts entries and bytes against the limits. */
    private static final class Budget {
        private final long compressed;
        private long total;
        private int entries;
        private boolean overflowReported;

        Budget(long compressed) {
            this.compressed = compressed;
        }

        boolean entry(List<Inputs.Entry> out) {
            entries++;
            if (entries > MAX_ENTRIES) {
                if (!overflowReported) {
                    out.add(new Inputs.Entry(
                            null,
                            "(more entries)",
                            "more than " + MAX_ENTRIES + " entries in the archive; the rest were not read"));
                    overflowReported = true;
                }
                return false;
            }
            return true;
        }

        void add(long n) {
            total += n;
        }

        boolean stillRoom() {
            return total < MAX_TOTAL_BYTES;
        }

        String exhaustedReason() {
            return "the archive passed " + MAX_TOTAL_BYTES / (1024 * 1024) + " MiB uncompressed; not read";
        }

        boolean bomb() {
            return total > 16L * 1024 * 1024 && total / compressed > MAX_RATIO;
        }
    }

    /** An archive entry held deflated in memory. */
    record MemoryArtifact(String name, long size, byte[] deflated) implements Artifact {
        @Override
        public InputStream open() {
            return new InflaterInputStream(new ByteArrayInputStream(deflated));
        }
    }
}
