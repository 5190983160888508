package io.lockdoc.ingest;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
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
    /** CPU time one archive may take: a gigabyte of bundle reads in a few seconds. */
    public static final long MAX_CPU_NANOS = 60_000_000_000L;

    /** Every bound on one archive; tests pass small ones, the command uses {@link #DEFAULT}. */
    public record Limits(
            int entries, long entryBytes, long totalBytes, long ratio, long ratioAfterBytes, long cpuNanos) {
        public static final Limits DEFAULT =
                new Limits(MAX_ENTRIES, MAX_ENTRY_BYTES, MAX_TOTAL_BYTES, MAX_RATIO, RATIO_AFTER_BYTES, MAX_CPU_NANOS);

        public Limits(int entries, long entryBytes, long totalBytes, long ratio, long ratioAfterBytes) {
            this(entries, entryBytes, totalBytes, ratio, ratioAfterBytes, MAX_CPU_NANOS);
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
        return read(archive, limits, Archives::cpuNanos);
    }

    /** @param cpu the clock the CPU bound is measured with (tests pass their own) */
    static List<Inputs.Entry> read(Path archive, Limits limits, LongSupplier cpu) throws InputException {
        long compressed;
        try {
            compressed = Math.max(1, Files.size(archive));
        } catch (IOException e) {
            throw new InputException(archive + ": cannot read: " + e.getMessage());
        }
        return read(archive.toString(), archive.getFileName().toString(), compressed, limits, cpu, new Source() {
            @Override
            public SeekableByteChannel channel() throws IOException {
                return Files.newByteChannel(archive);
            }

            @Override
            public InputStream stream() throws IOException {
                return Files.newInputStream(archive);
            }
        });
    }

    /** An archive that arrived as bytes (a ticket attachment, a fuzz input); {@code fileName} picks the format. */
    public static List<Inputs.Entry> read(String fileName, byte[] content, Limits limits) throws InputException {
        return read(fileName, fileName, Math.max(1, content.length), limits, Archives::cpuNanos, new Source() {
            @Override
            public SeekableByteChannel channel() {
                return new SeekableInMemoryByteChannel(content);
            }

            @Override
            public InputStream stream() {
                return new ByteArrayInputStream(content);
            }
        });
    }

    /** This thread's CPU time, or the wall clock where the JVM does not measure it. */
    private static long cpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** Where the archive's bytes come from. */
    private interface Source {
        SeekableByteChannel channel() throws IOException;

        InputStream stream() throws IOException;
    }

    private static List<Inputs.Entry> read(
            String shown, String fileName, long compressed, Limits limits, LongSupplier cpu, Source src)
            throws InputException {
        String n = fileName.toLowerCase(Locale.ROOT);
        List<Inputs.Entry> out = new ArrayList<>();
        ArchiveBudget budget = new ArchiveBudget(compressed, limits, cpu);
        Exception damaged = null; // a zip directory that could not be read: its entries come from the stream
        boolean counted = false;
        try {
            if (n.endsWith(".zip")) {
                ZipFile zip = null;
                if (fitsInMemory(src, limits)) {
                    try {
                        zip = ZipFile.builder()
                                .setSeekableByteChannel(src.channel())
                                .get();
                    } catch (IOException | RuntimeException e) {
                        damaged = e;
                    }
                }
                if (zip != null) {
                    try (ZipFile z = zip) {
                        zip(z, out, budget);
                    }
                    counted = true;
                } else {
                    try (ZipArchiveInputStream zin = new ZipArchiveInputStream(
                            budget.timed(new BufferedInputStream(src.stream(), 64 * 1024)), "UTF-8", true, true)) {
                        zipStream(zin, out, budget, damaged != null);
                    }
                    counted = true;
                }
            } else {
                InputStream raw = budget.timed(new BufferedInputStream(src.stream(), 64 * 1024));
                InputStream in = budget.metered(n.endsWith(".tar") ? raw : decompressor(n, raw));
                try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                    counted = tar(tar, out, budget);
                }
            }
        } catch (ArchiveBudget.Stop e) {
            out.add(Inputs.Entry.error("(rest of " + baseName(fileName) + ")", e.getMessage()));
        } catch (IOException | RuntimeException e) {
            // commons-compress throws unchecked exceptions on some malformed headers: corrupt all the same
            if (out.isEmpty()) {
                throw new InputException(shown + ": not a readable archive: " + oneLine(damaged != null ? damaged : e));
            }
            out.add(Inputs.Entry.error(
                    "(rest of " + baseName(fileName) + ")",
                    (damaged != null ? "the zip's central directory is damaged (" + oneLine(damaged) + ") and " : "")
                            + "the archive is corrupt or cut off after " + out.size() + " entries (" + oneLine(e)
                            + "); the entries before it are kept"));
            damaged = null;
        }
        if (damaged != null) {
            if (out.isEmpty()) {
                throw new InputException(shown + ": not a readable archive: " + oneLine(damaged));
            }
            out.add(Inputs.Entry.error(
                    "(central directory of " + baseName(fileName) + ")",
                    "the zip's central directory is damaged (" + oneLine(damaged)
                            + "); the entries were read one by one from their local headers"));
        }
        budget.reportDropped(out, counted);
        if (out.isEmpty()) {
            throw new InputException(shown + ": the archive is empty");
        }
        out.sort(java.util.Comparator.comparing(Inputs.Entry::name));
        return Collections.unmodifiableList(out);
    }

    /**
     * Whether {@link ZipFile}, which holds an object per entry of the central directory, may read it: no
     * more records than the entry limit fit in it. When it cannot tell, ZipFile tries (and says what is wrong).
     */
    private static boolean fitsInMemory(Source src, Limits limits) {
        try (SeekableByteChannel ch = src.channel()) {
            return ZipDirectory.maxEntries(ch) <= limits.entries();
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    private static String baseName(String fileName) {
        String f = fileName.replace('\\', '/');
        return f.substring(f.lastIndexOf('/') + 1);
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // commons-compress wraps the reason ("Error reading Zip content from ..."): the cause says what it is
        if (e.getCause() != null && e.getCause().getMessage() != null) {
            m = e.getCause().getMessage();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static InputStream decompressor(String n, InputStream raw) throws IOException {
        if (n.endsWith(".xz") || n.endsWith(".txz")) {
            return new XZCompressorInputStream(raw);
        }
        return new GzipCompressorInputStream(raw, true);
    }

    /** @return whether every entry was seen (entries past the entry limit are counted) */
    private static boolean tar(TarArchiveInputStream tar, List<Inputs.Entry> out, ArchiveBudget budget)
            throws IOException {
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            if (e.isDirectory()) {
                continue;
            }
            String name = name(e);
            if (!budget.entry(clip(name))) {
                continue;
            }
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
                return false;
            } else {
                out.add(keep(name, tar, budget));
            }
        }
        return true;
    }

    private static boolean nested(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return isArchive(n) || n.endsWith(".7z") || n.endsWith(".rar") || n.endsWith(".tar.bz2");
    }

    static final String NESTED = "an archive inside the archive, not opened (unpack it and analyse it on its own)";

    /** Reads the entries its central directory lists; a corrupt one costs only itself. */
    private static void zip(ZipFile zip, List<Inputs.Entry> out, ArchiveBudget budget) throws IOException {
        var entries = zip.getEntriesInPhysicalOrder();
        while (entries.hasMoreElements()) {
            ZipArchiveEntry e = entries.nextElement();
            if (e.isDirectory()) {
                continue;
            }
            String name = name(e);
            if (!budget.entry(clip(name))) {
                continue;
            }
            Inputs.Entry refused = refused(e, name, zip.canReadEntryData(e), budget);
            if (refused != null) {
                out.add(refused);
                continue;
            }
            try (InputStream in = zip.getInputStream(e)) {
                out.add(keep(name, budget.metered(in), budget));
            } catch (ArchiveBudget.Stop ex) {
                throw ex;
            } catch (IOException | RuntimeException ex) {
                out.add(Inputs.Entry.error(name, "corrupt entry: " + oneLine(ex)));
            }
        }
    }

    /** Reads entries one by one from their local headers, holding nothing for those it skips. */
    private static void zipStream(
            ZipArchiveInputStream zin, List<Inputs.Entry> out, ArchiveBudget budget, boolean damagedDirectory)
            throws IOException {
        while (true) {
            ZipArchiveEntry e;
            try {
                e = zin.getNextEntry();
            } catch (ArchiveBudget.Stop stop) {
                throw stop;
            } catch (IOException | RuntimeException ex) {
                // past the last local entry lies the damaged directory: the end of what can be read, not a cut
                if (damagedDirectory && !out.isEmpty()) {
                    return;
                }
                throw ex;
            }
            if (e == null) {
                return;
            }
            if (e.isDirectory()) {
                continue;
            }
            String name = name(e);
            if (!budget.entry(clip(name))) {
                continue;
            }
            Inputs.Entry refused = refused(e, name, zin.canReadEntryData(e), budget);
            // an entry that fails here has broken the stream: the caller reports the cut
            out.add(refused != null ? refused : keep(name, budget.metered(zin), budget));
        }
    }

    /** Why a zip entry is not read (as an entry saying so), or null when it is to be read. */
    private static Inputs.Entry refused(ZipArchiveEntry e, String name, boolean readable, ArchiveBudget budget) {
        String unsafe = unsafe(name);
        if (unsafe != null) {
            return new Inputs.Entry(null, clip(name), unsafe);
        }
        if (e.isUnixSymlink()) {
            return new Inputs.Entry(null, name, "symbolic link, not followed");
        }
        if (e.getGeneralPurposeBit().usesEncryption()) {
            return Inputs.Entry.error(name, "encrypted zip entry, not read (lockdoc takes no passwords)");
        }
        if (!readable
                // commons-compress claims zstd but decodes it only with zstd-jni, which lockdoc does not ship
                || e.getMethod() == ZipMethod.ZSTD.getCode()
                || e.getMethod() == ZipMethod.ZSTD_DEPRECATED.getCode()) {
            return Inputs.Entry.error(name, "unsupported compression method in this zip entry, not read");
        }
        if (nested(name)) {
            return new Inputs.Entry(null, name, NESTED);
        }
        if (e.getCompressedSize() > 0
                && e.getSize() > budget.limits.ratioAfterBytes()
                && e.getSize() / e.getCompressedSize() > budget.limits.ratio()) {
            return Inputs.Entry.error(
                    name, "compression ratio above " + budget.limits.ratio() + ":1, not read (decompression bomb?)");
        }
        if (!budget.stillRoom()) {
            return new Inputs.Entry(null, name, budget.exhaustedReason());
        }
        return null;
    }

    /** Copies one entry into memory (deflated), cut at the entry limit; {@code in} is metered by the caller. */
    private static Inputs.Entry keep(String name, InputStream in, ArchiveBudget budget) throws IOException {
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
                budget.kept(r);
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

    /** An archive entry held deflated in memory. */
    record MemoryArtifact(String name, long size, byte[] deflated) implements Artifact {
        @Override
        public InputStream open() {
            return new InflaterInputStream(new ByteArrayInputStream(deflated));
        }
    }
}
