package io.lockdoc.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bound of bundle reading, each with the message a user sees; small limits keep it fast. */
class ArchiveLimitsTest {
    private static final byte[] LOCKS =
            "1: FLOCK  ADVISORY  WRITE 700 08:01:1234 0 EOF\n".getBytes(StandardCharsets.UTF_8);

    /** Tar entries: a name to bytes, or to "->target" (symbolic link) / "=>target" (hard link). */
    private static void tarGz(Path file, Map<String, Object> entries) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream z = new GzipCompressorOutputStream(raw);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(z)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (var e : entries.entrySet()) {
                if (e.getValue() instanceof String link) {
                    TarArchiveEntry te = new TarArchiveEntry(
                            e.getKey(),
                            link.startsWith("->") ? TarArchiveEntry.LF_SYMLINK : TarArchiveEntry.LF_LINK,
                            true);
                    te.setLinkName(link.substring(2));
                    tar.putArchiveEntry(te);
                } else {
                    byte[] b = (byte[]) e.getValue();
                    TarArchiveEntry te = new TarArchiveEntry(e.getKey(), true);
                    te.setSize(b.length);
                    tar.putArchiveEntry(te);
                    tar.write(b);
                }
                tar.closeArchiveEntry();
            }
        }
    }

    private static Map<String, Inputs.Entry> byName(List<Inputs.Entry> entries) {
        Map<String, Inputs.Entry> m = new LinkedHashMap<>();
        entries.forEach(e -> m.put(e.name(), e));
        return m;
    }

    private static Set<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void namesThatClimbOutOrAreAbsoluteAndLinksOutOfTheBundleAreSkippedAndNothingIsWritten(@TempDir Path dir)
            throws Exception {
        Path work = Files.createDirectory(dir.resolve("work"));
        Path tgz = work.resolve("bundle.tar.gz");
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("b/proc-locks.txt", LOCKS);
        entries.put("../lockdoc-escaped-1.txt", LOCKS);
        entries.put("b/../../lockdoc-escaped-2.txt", LOCKS);
        entries.put("/tmp/lockdoc-absolute.txt", LOCKS);
        entries.put("b/etc/passwd", "->/etc/passwd");
        entries.put("b/up", "->../../../../etc");
        entries.put("b/shadow", "=>/etc/shadow");
        tarGz(tgz, entries);
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<String> tmpBefore = listing(tmp);

        Map<String, Inputs.Entry> read = byName(Archives.read(tgz));

        assertThat(read.get("b/proc-locks.txt").artifact()).isNotNull();
        assertThat(read.get("../lockdoc-escaped-1.txt").skipReason())
                .isEqualTo("path climbs out of the bundle (../), not read");
        assertThat(read.get("b/../../lockdoc-escaped-2.txt").skipReason())
                .isEqualTo("path climbs out of the bundle (../), not read");
        assertThat(read.get("/tmp/lockdoc-absolute.txt").skipReason())
                .isEqualTo("absolute path in the archive, not read");
        assertThat(read.get("b/etc/passwd").skipReason()).isEqualTo("symbolic link to /etc/passwd, not followed");
        assertThat(read.get("b/up").skipReason()).isEqualTo("symbolic link to ../../../../etc, not followed");
        assertThat(read.get("b/shadow").skipReason()).isEqualTo("hard link to /etc/shadow, not followed");
        // bundles are read in memory: no file appears next to the archive, above it or in the temp folder
        assertThat(listing(work)).containsExactly("bundle.tar.gz");
        assertThat(listing(dir)).containsExactly("work");
        assertThat(listing(tmp)).filteredOn(n -> !tmpBefore.contains(n)).noneMatch(n -> n.startsWith("lockdoc-"));
    }

    @Test
    void zipSlipAndZipSymlinksAreSkipped(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("bundle.zip");
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(Files.newOutputStream(zip))) {
            for (String n : List.of("b/proc-locks.txt", "../../evil.txt", "C:/Windows/evil.txt", "/etc/cron.d/x")) {
                z.putArchiveEntry(new ZipArchiveEntry(n));
                z.write(LOCKS);
                z.closeArchiveEntry();
            }
            ZipArchiveEntry link = new ZipArchiveEntry("b/link");
            link.setUnixMode(0120777);
            z.putArchiveEntry(link);
            z.write("/etc/passwd".getBytes(StandardCharsets.UTF_8));
            z.closeArchiveEntry();
        }

        Map<String, Inputs.Entry> read = byName(Archives.read(zip));

        assertThat(read.get("b/proc-locks.txt").artifact()).isNotNull();
        assertThat(read.get("../../evil.txt").skipReason()).isEqualTo("path climbs out of the bundle (../), not read");
        assertThat(read.get("C:/Windows/evil.txt").skipReason()).isEqualTo("absolute path in the archive, not read");
        assertThat(read.get("/etc/cron.d/x").skipReason()).isEqualTo("absolute path in the archive, not read");
        assertThat(read.get("b/link").skipReason()).isEqualTo("symbolic link, not followed");
        assertThat(listing(dir)).containsExactly("bundle.zip");
    }

    @Test
    void aDecompressionBombStopsTheArchiveAndKeepsWhatCameBefore(@TempDir Path dir) throws Exception {
        Path tgz = dir.resolve("bomb.tar.gz");
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("a/proc-locks.txt", LOCKS);
        entries.put("a/zeros", new byte[4 * 1024 * 1024]);
        entries.put("a/after", LOCKS);
        tarGz(tgz, entries);
        Archives.Limits limits = new Archives.Limits(100, 8 * 1024 * 1024, 64 * 1024 * 1024, 200, 1024 * 1024);

        Map<String, Inputs.Entry> read = byName(Archives.read(tgz, limits));

        assertThat(read.get("a/proc-locks.txt").artifact()).isNotNull();
        assertThat(read).doesNotContainKeys("a/zeros", "a/after");
        assertThat(read.get("(rest of bomb.tar.gz)").problem())
                .isEqualTo("decompression bomb: a/zeros took the uncompressed size past 200 times the archive's"
                        + " size; the rest of the archive is not read");
    }

    @Test
    void aZipEntryDeclaringABombRatioIsNotInflated(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("bomb.zip");
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(Files.newOutputStream(zip))) {
            z.putArchiveEntry(new ZipArchiveEntry("ok.txt"));
            z.write(LOCKS);
            z.closeArchiveEntry();
            z.putArchiveEntry(new ZipArchiveEntry("zeros.txt"));
            z.write(new byte[4 * 1024 * 1024]);
            z.closeArchiveEntry();
        }
        Archives.Limits limits = new Archives.Limits(100, 8 * 1024 * 1024, 64 * 1024 * 1024, 200, 1024 * 1024);

        Map<String, Inputs.Entry> read = byName(Archives.read(zip, limits));

        assertThat(read.get("ok.txt").artifact()).isNotNull();
        assertThat(read.get("zeros.txt").problem())
                .isEqualTo("compression ratio above 200:1, not read (decompression bomb?)");
    }

    @Test
    void theTotalSizeLimitStopsReadingWithItsReason(@TempDir Path dir) throws Exception {
        Path tgz = dir.resolve("big.tar.gz");
        Map<String, Object> entries = new LinkedHashMap<>();
        for (int i = 1; i <= 3; i++) {
            entries.put("b/part" + i, text(60 * 1024, i));
        }
        tarGz(tgz, entries);
        Archives.Limits limits = new Archives.Limits(100, 1024 * 1024, 100 * 1024, 1000, 1024 * 1024);

        Map<String, Inputs.Entry> read = byName(Archives.read(tgz, limits));

        assertThat(read.get("b/part1").artifact()).isNotNull();
        assertThat(read.get("b/part2").artifact()).isNotNull();
        assertThat(read).doesNotContainKey("b/part3");
        assertThat(read.get("(rest of archive)").problem())
                .isEqualTo("the archive passed 100 KiB uncompressed; not read from b/part3 on");
    }

    @Test
    void anEntryLargerThanTheEntryLimitIsCutWithANote(@TempDir Path dir) throws Exception {
        Path tgz = dir.resolve("one.tar.gz");
        tarGz(tgz, Map.of("b/dmesg.txt", text(50 * 1024, 7)));
        Archives.Limits limits = new Archives.Limits(100, 16 * 1024, 1024 * 1024, 1000, 1024 * 1024);

        Inputs.Entry e = byName(Archives.read(tgz, limits)).get("b/dmesg.txt");

        assertThat(e.problem()).isEqualTo("entry larger than 16 KiB, only its start is read");
        try (InputStream in = e.artifact().open()) {
            assertThat(in.readAllBytes()).hasSize(16 * 1024);
        }
    }

    @Test
    void manyTinyEntriesStopAtTheEntryLimit(@TempDir Path dir) throws Exception {
        Path tgz = dir.resolve("many.tar.gz");
        Map<String, Object> entries = new LinkedHashMap<>();
        for (int i = 0; i < 150; i++) {
            entries.put(String.format("b/f%03d", i), new byte[] {'x', '\n'});
        }
        tarGz(tgz, entries);
        Archives.Limits limits = new Archives.Limits(100, 1024, 1024 * 1024, 1000, 1024 * 1024);

        List<Inputs.Entry> read = Archives.read(tgz, limits);

        assertThat(read).filteredOn(e -> e.artifact() != null).hasSize(100);
        assertThat(byName(read).get("(more entries)").problem())
                .isEqualTo("more than 100 entries in the archive; the 50 after the first 100 were not read");
    }

    @Test
    void aZipOfManyEmptyEntriesIsReadAsAStreamAndNamesHowManyWereDropped(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("many.zip");
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(Files.newOutputStream(zip))) {
            z.putArchiveEntry(new ZipArchiveEntry("b/proc-locks.txt"));
            z.write(LOCKS);
            z.closeArchiveEntry();
            for (int i = 0; i < 1000; i++) {
                z.putArchiveEntry(new ZipArchiveEntry(String.format("b/e%04d", i)));
                z.closeArchiveEntry();
            }
        }
        Archives.Limits limits = new Archives.Limits(100, 1024, 1024 * 1024, 1000, 1024 * 1024);

        List<Inputs.Entry> read = Archives.read(zip, limits);

        assertThat(read).filteredOn(e -> e.artifact() != null).hasSize(100);
        assertThat(byName(read).get("b/proc-locks.txt").artifact()).isNotNull();
        assertThat(byName(read).get("(more entries)").problem())
                .isEqualTo("more than 100 entries in the archive; the 901 after the first 100 were not read");
        assertThat(read).hasSize(101);
    }

    @Test
    void aZipWhoseCentralDirectoryIsDamagedIsReadFromItsLocalEntriesWithOneProblem(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("damaged.zip");
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(Files.newOutputStream(zip))) {
            for (String n : List.of("b/proc-locks.txt", "b/dmesg.txt", "b/ps-eLo.txt")) {
                z.putArchiveEntry(new ZipArchiveEntry(n));
                z.write(LOCKS);
                z.closeArchiveEntry();
            }
        }
        byte[] b = Files.readAllBytes(zip);
        b[nth(b, new byte[] {'P', 'K', 1, 2}, 1) + 2] = 'X';
        Files.write(zip, b);

        Map<String, Inputs.Entry> read = byName(Archives.read(zip));

        assertThat(read.get("b/proc-locks.txt").artifact()).isNotNull();
        assertThat(read.get("b/dmesg.txt").artifact()).isNotNull();
        assertThat(read.get("b/ps-eLo.txt").artifact()).isNotNull();
        try (InputStream in = read.get("b/ps-eLo.txt").artifact().open()) {
            assertThat(in.readAllBytes()).isEqualTo(LOCKS);
        }
        assertThat(read.values()).filteredOn(e -> e.problem() != null).hasSize(1);
        assertThat(read.get("(central directory of damaged.zip)").problem())
                .isEqualTo("the zip's central directory is damaged (Central directory is empty, can't expand"
                        + " corrupt archive.); the entries were read one by one from their local headers");
    }

    @Test
    void aZipCutOffBeforeItsDirectoryKeepsTheEntriesBeforeTheCut(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("cut.zip");
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(Files.newOutputStream(zip))) {
            z.putArchiveEntry(new ZipArchiveEntry("b/proc-locks.txt"));
            z.write(LOCKS);
            z.closeArchiveEntry();
            z.putArchiveEntry(new ZipArchiveEntry("b/big"));
            z.write(text(200 * 1024, 5));
            z.closeArchiveEntry();
        }
        byte[] all = Files.readAllBytes(zip);
        Files.write(zip, java.util.Arrays.copyOf(all, all.length / 2));

        Map<String, Inputs.Entry> read = byName(Archives.read(zip));

        assertThat(read.get("b/proc-locks.txt").artifact()).isNotNull();
        assertThat(read).hasSize(2);
        assertThat(read.get("(rest of cut.zip)").problem())
                .startsWith("the zip's central directory is damaged (")
                .contains(") and the archive is corrupt or cut off after 1 entries (")
                .endsWith("); the entries before it are kept");
    }

    @Test
    void concatenatedGzipMembersUnderAHugeTarEntryStopAtTheRatioWithTheDefaultLimits() throws Exception {
        // the real limits, cheaply: a 99 GiB tar entry of zeros in 16 gzip members of 64 MiB each (1 MiB in all)
        byte[] zeros64 = gzip(new byte[64 * 1024 * 1024]);
        ByteArrayOutputStream tgz = new ByteArrayOutputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        TarArchiveEntry small = new TarArchiveEntry("b/proc-locks.txt");
        small.setSize(LOCKS.length);
        head.write(header(small));
        head.write(java.util.Arrays.copyOf(LOCKS, 512));
        TarArchiveEntry huge = new TarArchiveEntry("b/zeros");
        huge.setSize(99L << 30);
        head.write(header(huge));
        tgz.write(gzip(head.toByteArray()));
        for (int i = 0; i < 16; i++) {
            tgz.write(zeros64);
        }
        long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();

        Map<String, Inputs.Entry> read =
                byName(Archives.read("bomb.tar.gz", tgz.toByteArray(), Archives.Limits.DEFAULT));

        assertThat(read.get("b/proc-locks.txt").artifact()).isNotNull();
        assertThat(read.get("b/zeros").problem()).isEqualTo("entry larger than 64 MiB, only its start is read");
        assertThat(read.get("(rest of bomb.tar.gz)").problem())
                .isEqualTo("decompression bomb: b/zeros took the uncompressed size past 200 times the archive's"
                        + " size; the rest of the archive is not read");
        // the 1 GiB behind the entry's first 64 MiB is not inflated
        long spent = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu;
        assertThat(spent).isLessThan(20_000_000_000L);
    }

    @Test
    void entriesOnlyPassedOverCountTowardsTheTotal(@TempDir Path dir) throws Exception {
        Path tgz = dir.resolve("nested.tar.gz");
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("b/proc-locks.txt", LOCKS);
        for (int i = 1; i <= 5; i++) {
            entries.put("b/inner-" + i + ".tar.gz", text(60 * 1024, i));
        }
        tarGz(tgz, entries);
        Archives.Limits limits = new Archives.Limits(100, 16 * 1024, 100 * 1024, 1000, 1024 * 1024);

        Map<String, Inputs.Entry> read = byName(Archives.read(tgz, limits));

        assertThat(read.get("b/proc-locks.txt").artifact()).isNotNull();
        assertThat(read.get("b/inner-1.tar.gz").skipReason()).isEqualTo(Archives.NESTED);
        assertThat(read).doesNotContainKeys("b/inner-3.tar.gz", "b/inner-4.tar.gz", "b/inner-5.tar.gz");
        assertThat(read.get("(rest of nested.tar.gz)").problem())
                .isEqualTo("more than 116 KiB uncompressed by b/inner-2.tar.gz; the rest of the archive is not read");
    }

    @Test
    void theCpuBoundStopsTheArchiveAndKeepsWhatCameBefore(@TempDir Path dir) throws Exception {
        Path tgz = dir.resolve("slow.tar.gz");
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("b/proc-locks.txt", LOCKS);
        entries.put("b/slow", text(4 * 1024 * 1024, 9));
        tarGz(tgz, entries);
        // a clock one millisecond further at each look (one per MiB here): deterministic, unlike the real one
        long[] ticks = {0};
        Archives.Limits limits =
                new Archives.Limits(100, 8 * 1024 * 1024, 64 * 1024 * 1024, 1000, 1024 * 1024, 2_000_000L);

        Map<String, Inputs.Entry> read = byName(Archives.read(tgz, limits, () -> ticks[0]++ * 1_000_000L));

        assertThat(read.get("b/proc-locks.txt").artifact()).isNotNull();
        assertThat(read).doesNotContainKey("b/slow");
        assertThat(read.get("(rest of slow.tar.gz)").problem())
                .isEqualTo("reading the archive took more than 2 ms of CPU time, at b/slow; the rest of the archive"
                        + " is not read");
    }

    @Test
    void nestedArchivesAreNotOpened(@TempDir Path dir) throws Exception {
        Path tgz = dir.resolve("outer.tar.gz");
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("b/inner.tar.gz", new byte[] {0x1f, (byte) 0x8b, 8, 0});
        entries.put("b/inner.zip", new byte[] {'P', 'K', 5, 6});
        entries.put("b/proc-locks.txt", LOCKS);
        tarGz(tgz, entries);

        Map<String, Inputs.Entry> read = byName(Archives.read(tgz));

        assertThat(read.get("b/inner.tar.gz").skipReason()).isEqualTo(Archives.NESTED);
        assertThat(read.get("b/inner.zip").skipReason()).isEqualTo(Archives.NESTED);
        assertThat(read.get("b/proc-locks.txt").artifact()).isNotNull();
        assertThat(Archives.NESTED)
                .isEqualTo("an archive inside the archive, not opened (unpack it and analyse it on its own)");
    }

    @Test
    void anEncryptedZipEntryIsAProblemAndTheOthersAreRead(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("secret.zip");
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(Files.newOutputStream(zip))) {
            z.putArchiveEntry(new ZipArchiveEntry("ok.txt"));
            z.write(LOCKS);
            z.closeArchiveEntry();
            z.putArchiveEntry(new ZipArchiveEntry("secret.txt"));
            z.write("ciphertext".getBytes(StandardCharsets.UTF_8));
            z.closeArchiveEntry();
        }
        // commons-compress writes no encrypted entries: set the flag of the second entry by hand
        byte[] b = Files.readAllBytes(zip);
        b[nth(b, new byte[] {'P', 'K', 3, 4}, 2) + 6] |= 1;
        b[nth(b, new byte[] {'P', 'K', 1, 2}, 2) + 8] |= 1;
        Files.write(zip, b);

        Map<String, Inputs.Entry> read = byName(Archives.read(zip));

        assertThat(read.get("ok.txt").artifact()).isNotNull();
        assertThat(read.get("secret.txt").problem())
                .isEqualTo("encrypted zip entry, not read (lockdoc takes no passwords)");
    }

    @Test
    void aZstdZipEntryIsAProblemAndTheOthersAreRead(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("zstd.zip");
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(Files.newOutputStream(zip))) {
            z.putArchiveEntry(new ZipArchiveEntry("ok.txt"));
            z.write(LOCKS);
            z.closeArchiveEntry();
            z.putArchiveEntry(new ZipArchiveEntry("packed.txt"));
            z.write(LOCKS);
            z.closeArchiveEntry();
        }
        // commons-compress writes no zstd entries: set the method of the second entry to 93 (zstd) by hand
        byte[] b = Files.readAllBytes(zip);
        b[nth(b, new byte[] {'P', 'K', 3, 4}, 2) + 8] = 93;
        b[nth(b, new byte[] {'P', 'K', 1, 2}, 2) + 10] = 93;
        Files.write(zip, b);

        Map<String, Inputs.Entry> read = byName(Archives.read(zip));

        assertThat(read.get("ok.txt").artifact()).isNotNull();
        assertThat(read.get("packed.txt").problem())
                .isEqualTo("unsupported compression method in this zip entry, not read");
    }

    @Test
    void anArchiveCutOffMidwayKeepsTheEntriesBeforeTheCut(@TempDir Path dir) throws Exception {
        Path tgz = dir.resolve("cut.tar.gz");
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("b/proc-locks.txt", LOCKS);
        entries.put("b/big", text(200 * 1024, 3));
        tarGz(tgz, entries);
        byte[] all = Files.readAllBytes(tgz);
        Files.write(tgz, java.util.Arrays.copyOf(all, all.length / 2));

        Map<String, Inputs.Entry> read = byName(Archives.read(tgz));

        assertThat(read.get("b/proc-locks.txt").artifact()).isNotNull();
        assertThat(read.get("(rest of cut.tar.gz)").problem())
                .startsWith("the archive is corrupt or cut off after 1 entries (")
                .endsWith("); the entries before it are kept");
    }

    @Test
    void garbageNamedLikeAnArchiveIsOneClearMessage(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("not.zip");
        Files.write(zip, "this is not a zip file at all\n".repeat(10).getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> Archives.read(zip))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(zip + ": not a readable archive: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aHardLinkedAttachmentIsRefused(@TempDir Path dir) throws Exception {
        Path outside = Files.write(dir.resolve("secret"), LOCKS);
        Path root = Files.createDirectory(dir.resolve("attachments"));
        Files.createLink(root.resolve("dmesg.txt"), outside);
        Files.createSymbolicLink(root.resolve("soft.txt"), outside);

        assertThat(Inputs.confined(root, "dmesg.txt").skipReason())
                .isEqualTo("a hard link (2 names), which may point outside the allowed attachment directory " + root);
        assertThat(Inputs.confined(root, "soft.txt").skipReason())
                .isEqualTo("a link pointing outside the allowed attachment directory " + root);
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new GzipCompressorOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    /** A tar header block; sizes past 8 GiB in the binary (star) encoding. */
    private static byte[] header(TarArchiveEntry e) throws IOException {
        byte[] block = new byte[512];
        e.writeEntryHeader(
                block, org.apache.commons.compress.archivers.zip.ZipEncodingHelper.getZipEncoding("UTF-8"), true);
        return block;
    }

    /** Where the {@code k}-th occurrence of {@code p} starts. */
    private static int nth(byte[] a, byte[] p, int k) {
        for (int i = 0; i + p.length <= a.length; i++) {
            if (java.util.Arrays.equals(a, i, i + p.length, p, 0, p.length) && --k == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }

    /** Incompressible-enough text of {@code n} bytes, so ratios stay normal. */
    private static byte[] text(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream(n);
        while (out.size() < n) {
            out.write('a' + r.nextInt(26));
            if (r.nextInt(60) == 0) {
                out.write('\n');
            }
        }
        return java.util.Arrays.copyOf(out.toByteArray(), n);
    }
}
