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
import org.apache.commons.compress.archivers.zip.ZipMethod;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.utils.BoundedInputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

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
    /** The ratio is only judged past this many bytes: a few small, very compressible files are normal. */
    public static final long RATIO_AFTER_BYTES = 16L * 1024 * 1024;

    /** Every bound on one archive; tests pass small ones, the command uses {@link #DEFAULT}. */
    public record Limits(int entries, long entryBytes, long totalBytes, long ratio, long ratioAfterBytes) {
        public static final Limits DEFAULT =
                new Limits(MAX_ENTRIES, MAX_ENTRY_BYTES, MAX_TOTAL_BYTES, MAX_RATIO, RATIO_AFTER_BYTES);
    }

    /** Uncompressed bytes grew past the allowed ratio: the rest of the archive is not read. */
    static final class BombException extends IOException {
        BombException(String message) {
            super(message);
        }
    }

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
        return read(archive, Limits.DEFAULT);
    }

    public static List<Inputs.Entry> read(Path archive, Limits limits) throws InputException {
        long compressed;
        try {
            compressed = Math.max(1, Files.size(archive));
        } catch (IOException e) {
            throw new InputException(archive + ": cannot read: " + e.getMessage());
        }
        return read(archive.toString(), archive.getFileName().toString(), compressed, limits, new Source() {
            @Override
            public ZipFile zip() throws IOException {
                return ZipFile.builder().setPath(archive).get();
            }

            @Override
            public InputStream stream() throws IOException {
                return Files.newInputStream(archive);
            }
        });
    }

    /** An archive that arrived as bytes (a ticket attachment, a fuzz input); {@code fileName} picks the format. */
    public static List<Inputs.Entry> read(String fileName, byte[] content, Limits limits) throws InputException {
        return read(fileName, fileName, Math.max(1, content.length), limits, new Source() {
            @Override
            public ZipFile zip() throws IOException {
                return ZipFile.builder()
                        .setSeekableByteChannel(new SeekableInMemoryByteChannel(content))
                        .get();
            }

            @Override
            public InputStream stream() {
                return new ByteArrayInputStream(content);
            }
        });
    }

    /** Where the archive's bytes come from. */
    private interface Source {
        ZipFile zip() throws IOException;

        InputStream stream() throws IOException;
    }

    private static List<Inputs.Entry> read(String shown, String fileName, long compressed, Limits limits, Source src)
            throws InputException {
        String n = fileName.toLowerCase(Locale.ROOT);
        List<Inputs.Entry> out = new ArrayList<>();
        Budget budget = new Budget(compressed, limits);
        try {
            if (n.endsWith(".zip")) {
                try (ZipFile zip = src.zip()) {
                    zip(zip, out, budget);
                }
            } else {
                InputStream raw = new BufferedInputStream(src.stream(), 64 * 1024);
                InputStream in = n.endsWith(".tar") ? raw : decompressor(n, raw);
                try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                    tar(tar, out, budget);
                }
            }
        } catch (BombException e) {
            out.add(Inputs.Entry.error("(rest of " + baseName(fileName) + ")", e.getMessage()));
        } catch (IOException | RuntimeException e) {
            // commons-compress throws unchecked exceptions on some malformed headers: corrupt all the same
            if (out.isEmpty()) {
                throw new InputException(shown + ": not a readable archive: " + oneLine(e));
            }
            out.add(Inputs.Entry.error(
                    "(rest of " + baseName(fileName) + ")",
                    "the archive is corrupt or cut off after " + out.size() + " entries (" + oneLine(e)
                            + "); the entries before it are kept"));
        }
        if (out.isEmpty()) {
            throw new InputException(shown + ": the archive is empty");
        }
        out.sort(java.util.Comparator.comparing(Inputs.Entry::name));
        return Collections.unmodifiableList(out);
    }

    private static String baseName(String fileName) {
        String f = fileName.replace('\\', '/');
        return f.substring(f.lastIndexOf('/') + 1);
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
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
            } else if (nested(name)) {
                out.add(new Inputs.Entry(null, name, NESTED));
            } else if (!budget.stillRoom()) {
                // a tar is read to reach its next entry: stop here rather than inflate the rest for names
                out.add(Inputs.Entry.error(
                        "(rest of archive)", budget.exhaustedReason() + " from " + clip(name) + " on"));
                return;
            } else {
                out.add(keep(name, tar, budget));
            }
        }
    }

    private static boolean nested(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return isArchive(n) || n.endsWith(".7z") || n.endsWith(".rar") || n.endsWith(".tar.bz2");
    }

    static final String NESTED = "an archive inside the archive, not opened (unpack it and analyse it on its own)";

    private static void zip(ZipFile zip, List<Inputs.Entry> out, Budget budget) throws IOException {
        {
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
                } else if (e.getGeneralPurposeBit().usesEncryption()) {
                    out.add(Inputs.Entry.error(name, "encrypted zip entry, not read (lockdoc takes no passwords)"));
                } else if (!zip.canReadEntryData(e)
                        // commons-compress claims zstd but decodes it only with zstd-jni, which lockdoc does not ship
                        || e.getMethod() == ZipMethod.ZSTD.getCode()
                        || e.getMethod() == ZipMethod.ZSTD_DEPRECATED.getCode()) {
                    out.add(Inputs.Entry.error(name, "unsupported compression method in this zip entry, not read"));
                } else if (nested(name)) {
                    out.add(new Inputs.Entry(null, name, NESTED));
                } else if (e.getCompressedSize() > 0
                        && e.getSize() > budget.limits.ratioAfterBytes()
                        && e.getSize() / e.getCompressedSize() > budget.limits.ratio()) {
                    out.add(Inputs.Entry.error(
                            name,
                            "compression ratio above " + budget.limits.ratio() + ":1, not read (decompression bomb?)"));
                } else if (!budget.stillRoom()) {
                    out.add(new Inputs.Entry(null, name, budget.exhaustedReason()));
                } else {
                    try (InputStream in = zip.getInputStream(e)) {
                        out.add(keep(name, in, budget));
                    } catch (BombException ex) {
                        throw ex;
                    } catch (IOException | RuntimeException ex) {
                        out.add(Inputs.Entry.error(name, "corrupt entry: " + oneLine(ex)));
                    }
                }
            }
        }
    }

    /** Copies one entry into memory (deflated), cut at the entry limit. */
    private static Inputs.Entry keep(String name, InputStream in, Budget budget) throws IOException {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        long size = 0;
        boolean cut = false;
        long max = budget.limits.entryBytes();
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try (DeflaterOutputStream z = new DeflaterOutputStream(packed, deflater)) {
            byte[] buf = new byte[64 * 1024];
            InputStream bounded = BoundedInputStream.builder()
                    .setInputStream(in)
                    .setMaxCount(max + 1)
                    .setPropagateClose(false)
                    .get();
            int r;
            while ((r = bounded.read(buf)) > 0) {
                int take = (int) Math.min(r, max - size);
                if (take < r) {
                    cut = true;
                }
                if (take > 0) {
                    z.write(buf, 0, take);
                    size += take;
                }
                budget.add(r);
                if (budget.bomb()) {
                    throw new BombException("decompression bomb: " + name + " took the uncompressed size past "
                            + budget.limits.ratio() + " times the archive's size; the rest of the archive is not read");
                }
            }
        } finally {
            deflater.end();
        }
        byte[] bytes = packed.toByteArray();
        MemoryArtifact a = new MemoryArtifact(name, size, bytes);
        return cut
                ? new Inputs.Entry(a, name, null, "entry larger than " + bytes(max) + ", only its start is read")
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

    /** {@code 64 MiB}, {@code 12 KiB} or {@code 100 bytes}, for messages. */
    static String bytes(long n) {
        if (n >= 1024 * 1024 && n % (1024 * 1024) == 0) {
            return n / (1024 * 1024) + " MiB";
        }
        if (n >= 1024 && n % 1024 == 0) {
            return n / 1024 + " KiB";
        }
        return n + " bytes";
    }

    /** Counts entries and bytes against the limits. */
    private static final class Budget {
        private final long compressed;
        private final Limits limits;
        private long total;
        private int entries;

        Budget(long compressed, Limits limits) {
            this.compressed = compressed;
            this.limits = limits;
        }

        /** False (after one entry saying so) once the archive has more entries than allowed. */
        boolean entry(List<Inputs.Entry> out) {
            entries++;
            if (entries > limits.entries()) {
                out.add(Inputs.Entry.error(
                        "(more entries)",
                        "more than " + limits.entries() + " entries in the archive; the rest were not read"));
                return false;
            }
            return true;
        }

        void add(long n) {
            total += n;
        }

        boolean stillRoom() {
            return total < limits.totalBytes();
        }

        String exhaustedReason() {
            return "the archive passed " + bytes(limits.totalBytes()) + " uncompressed; not read";
        }

        boolean bomb() {
            return total > limits.ratioAfterBytes() && total / compressed > limits.ratio();
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
