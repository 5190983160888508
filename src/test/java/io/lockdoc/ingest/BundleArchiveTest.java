package io.lockdoc.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.analysis.Analyzer;
import io.lockdoc.engine.Engine;
import io.lockdoc.model.Finding;
import io.lockdoc.model.Participant;
import io.lockdoc.model.Problem;
import io.lockdoc.rulebase.RuleBase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleArchiveTest {
    private static Analyzer analyzer;
    private static final Path BUNDLE = Fixtures.path("userspace/bundle-flock-abba");

    @BeforeAll
    static void setUp() {
        analyzer = new Analyzer(new Engine(RuleBase.packaged()), null);
    }

    /** The lockdoc-layout fixture bundle, renamed to where a sosreport keeps the same things. */
    private static Map<String, byte[]> sosLayout() throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        String root = "sosreport-db1-2026-01-10-abcdef/";
        try (Stream<Path> files = Files.walk(BUNDLE)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String rel = BUNDLE.relativize(f).toString().replace('\\', '/');
                String sos =
                        switch (rel) {
                            case "dmesg.txt" -> "sos_commands/kernel/dmesg";
                            case "proc-locks.txt" -> "proc/locks";
                            case "ps-elfL.txt" -> "sos_commands/process/ps_-elfL";
                            default -> rel;
                        };
                out.put(root + sos, Files.readAllBytes(f));
            }
        }
        // an older sos also has the kernel log under general/: read once, not twice
        out.put(root + "sos_commands/general/dmesg", Files.readAllBytes(BUNDLE.resolve("dmesg.txt")));
        return out;
    }

    private static void tar(Path file, Map<String, byte[]> entries, boolean xz) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream z = xz ? new XZCompressorOutputStream(raw) : new GzipCompressorOutputStream(raw);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(z)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var e : entries.entrySet()) {
                TarArchiveEntry te = new TarArchiveEntry(e.getKey());
                te.setSize(e.getValue().length);
                tar.putArchiveEntry(te);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
            TarArchiveEntry link =
                    new TarArchiveEntry("sosreport-db1-2026-01-10-abcdef/etc/mtab", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("../proc/self/mounts");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
    }

    private static String outcome(AnalysisResult r) {
        Finding f = r.findings().get(0).finding();
        List<String> tasks = f.getParticipants().stream()
                .filter(p -> p.kind() == Participant.Kind.TASK)
                .map(Participant::name)
                .sorted()
                .toList();
        return f.getCause().id() + " " + tasks;
    }

    @Test
    void theSameBundleRepackedAsASosreportTarXzGivesTheSameResult(@TempDir Path dir) throws Exception {
        Path sos = dir.resolve("sosreport-db1.tar.xz");
        tar(sos, sosLayout(), true);

        AnalysisResult folder = analyzer.analyze(Inputs.resolve(BUNDLE.toString(), InputStream.nullInputStream()));
        List<Inputs.Entry> entries = Inputs.resolve(sos.toString(), InputStream.nullInputStream());
        AnalysisResult packed = analyzer.analyze(entries);

        assertThat(outcome(folder)).isEqualTo("file-lock-deadlock [importer/700, importer/701]");
        assertThat(outcome(packed)).isEqualTo(outcome(folder));
        assertThat(entries)
                .filteredOn(e -> e.name().endsWith("sos_commands/general/dmesg"))
                .singleElement()
                .satisfies(e -> assertThat(e.skipReason()).startsWith("kernel log already read from"));
        assertThat(entries)
                .filteredOn(e -> e.name().endsWith("etc/mtab"))
                .singleElement()
                .satisfies(e -> assertThat(e.skipReason()).startsWith("symbolic link to ../proc/self/mounts"));
        assertThat(entries)
                .filteredOn(e -> e.name().startsWith("(bundle"))
                .singleElement()
                .satisfies(
                        e -> assertThat(e.skipReason()).contains("a sosreport collects no per-thread kernel stacks"));
    }

    @Test
    void aTarGzWorksToo(@TempDir Path dir) throws Exception {
        Path tgz = dir.resolve("bundle.tar.gz");
        tar(tgz, sosLayout(), false);

        assertThat(outcome(analyzer.analyze(Inputs.resolve(tgz.toString(), InputStream.nullInputStream()))))
                .isEqualTo("file-lock-deadlock [importer/700, importer/701]");
    }

    @Test
    void aZipWithACorruptEntryAndUnsafeNamesKeepsEveryOtherFinding(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("bundle.zip");
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(Files.newOutputStream(zip))) {
            for (var e : sosLayout().entrySet()) {
                z.putArchiveEntry(new ZipArchiveEntry(e.getKey()));
                z.write(e.getValue());
                z.closeArchiveEntry();
            }
            z.putArchiveEntry(new ZipArchiveEntry("../../etc/passwd"));
            z.write("root:x:0:0\n".getBytes(StandardCharsets.UTF_8));
            z.closeArchiveEntry();
            z.putArchiveEntry(new ZipArchiveEntry("sosreport-db1-2026-01-10-abcdef/sos_commands/process/zz_corrupt"));
            z.write("1: FLOCK  ADVISORY  WRITE 9 08:01:7 0 EOF\n".repeat(200).getBytes(StandardCharsets.UTF_8));
            z.closeArchiveEntry();
        }
        byte[] bytes = Files.readAllBytes(zip);
        // damage the deflated data of the last entry (its local header starts at the last "PK\3\4")
        int at = lastIndexOf(bytes, new byte[] {'P', 'K', 3, 4});
        for (int i = at + 80; i < at + 120; i++) {
            bytes[i] ^= 0x5a;
        }
        Files.write(zip, bytes);

        List<Inputs.Entry> entries = Inputs.resolve(zip.toString(), InputStream.nullInputStream());
        AnalysisResult r = analyzer.analyze(entries);

        assertThat(outcome(r)).isEqualTo("file-lock-deadlock [importer/700, importer/701]");
        assertThat(entries)
                .filteredOn(e -> e.name().equals("../../etc/passwd"))
                .singleElement()
                .satisfies(e -> assertThat(e.skipReason()).isEqualTo("path climbs out of the bundle (../), not read"));
        assertThat(r.problems())
                .filteredOn(p -> p.artifact().endsWith("zz_corrupt"))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.id()).isEqualTo(Problem.ErrorId.UNREADABLE);
                    assertThat(p.message()).startsWith("corrupt entry: ");
                });
    }

    @Test
    void unsafeNamesAreRefused() {
        assertThat(Archives.unsafe("/etc/shadow")).isEqualTo("absolute path in the archive, not read");
        assertThat(Archives.unsafe("a/../../b")).isEqualTo("path climbs out of the bundle (../), not read");
        assertThat(Archives.unsafe("a/" + "x/".repeat(40) + "f")).isEqualTo("nested deeper than 32 folders");
        assertThat(Archives.unsafe("sosreport/proc/locks")).isNull();
    }

    private static int lastIndexOf(byte[] a, byte[] p) {
        for (int i = a.length - p.length; i >= 0; i--) {
            boolean ok = true;
            for (int j = 0; j < p.length && ok; j++) {
                ok = a[i + j] == p[j];
            }
            if (ok) {
                return i;
            }
        }
        return -1;
    }
}
