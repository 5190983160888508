package io.lockdoc.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.lockdoc.detect.ArtifactType;
import io.lockdoc.detect.Detection;
import io.lockdoc.detect.FormatDetector;
import io.lockdoc.ingest.Archives;
import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.ingest.InputException;
import io.lockdoc.ingest.Inputs;
import io.lockdoc.model.Fact;
import io.lockdoc.model.Problem;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.Parsers;
import io.lockdoc.paste.PasteNormaliser;
import io.lockdoc.paste.SectionSplitter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Coverage-guided fuzz targets (Jazzer): every parser, format detection and bundle reading. The
 * rule they enforce: hostile bytes give facts and {@link Problem}s, never an exception. Without
 * {@code JAZZER_FUZZ} each target runs as a normal test over its seeds in
 * {@code src/test/resources/io/lockdoc/fuzz/ParserFuzzTestInputs/<target>/} (the project's
 * fixtures, linked, plus every crash found so far); {@code .ci/fuzz} fuzzes them.
 */
class ParserFuzzTest {
    /** Small bounds so that a fuzz input cannot spend its time on one huge line or entry. */
    private static final int MAX_LINE = 4096;

    private static final Archives.Limits ARCHIVE_LIMITS =
            new Archives.Limits(200, 256 * 1024, 1024 * 1024, 200, 64 * 1024);

    static void parse(ArtifactType type, byte[] input) throws IOException {
        var parser = Parsers.forType(type).orElseThrow();
        try (BoundedLineReader lines = new BoundedLineReader(new ByteArrayInputStream(input), MAX_LINE)) {
            parser.parse("fuzz.input", lines, new FactSink() {
                @Override
                public void fact(Fact fact) {
                    assertThat(fact.getEvidence()).isNotNull();
                }

                @Override
                public void problem(Problem problem) {
                    assertThat(problem.message()).isNotBlank().doesNotContain("\n");
                    assertThat(problem.line()).isGreaterThanOrEqualTo(0);
                }
            });
        }
    }

    @FuzzTest(maxDuration = "5s")
    void kernelLog(byte[] input) throws IOException {
        parse(ArtifactType.KERNEL_LOG, input);
    }

    @FuzzTest(maxDuration = "5s")
    void windbg(byte[] input) throws IOException {
        parse(ArtifactType.WINDBG, input);
    }

    @FuzzTest(maxDuration = "5s")
    void procmonCsv(byte[] input) throws IOException {
        parse(ArtifactType.PROCMON_CSV, input);
    }

    @FuzzTest(maxDuration = "5s")
    void procmonXml(byte[] input) throws IOException {
        parse(ArtifactType.PROCMON_XML, input);
    }

    @FuzzTest(maxDuration = "5s")
    void eventlogXml(byte[] input) throws IOException {
        parse(ArtifactType.EVENTLOG_XML, input);
    }

    @FuzzTest(maxDuration = "5s")
    void eventlogText(byte[] input) throws IOException {
        parse(ArtifactType.EVENTLOG_TEXT, input);
    }

    @FuzzTest(maxDuration = "5s")
    void ps(byte[] input) throws IOException {
        parse(ArtifactType.PS, input);
    }

    @FuzzTest(maxDuration = "5s")
    void procLocks(byte[] input) throws IOException {
        parse(ArtifactType.PROC_LOCKS, input);
    }

    @FuzzTest(maxDuration = "5s")
    void lslocks(byte[] input) throws IOException {
        parse(ArtifactType.LSLOCKS, input);
    }

    @FuzzTest(maxDuration = "5s")
    void procFile(byte[] input) throws IOException {
        parse(ArtifactType.PROC_TASK, input);
    }

    @FuzzTest(maxDuration = "5s")
    void gdb(byte[] input) throws IOException {
        parse(ArtifactType.GDB, input);
    }

    @FuzzTest(maxDuration = "5s")
    void strace(byte[] input) throws IOException {
        parse(ArtifactType.STRACE, input);
    }

    @FuzzTest(maxDuration = "5s")
    void jstack(byte[] input) throws IOException {
        parse(ArtifactType.JSTACK, input);
    }

    @FuzzTest(maxDuration = "5s")
    void threadDumpText(byte[] input) throws IOException {
        parse(ArtifactType.THREAD_DUMP_TEXT, input);
    }

    @FuzzTest(maxDuration = "5s")
    void goroutines(byte[] input) throws IOException {
        parse(ArtifactType.GO_GOROUTINES, input);
    }

    @FuzzTest(maxDuration = "5s")
    void tsan(byte[] input) throws IOException {
        parse(ArtifactType.TSAN, input);
    }

    @FuzzTest(maxDuration = "5s")
    void helgrind(byte[] input) throws IOException {
        parse(ArtifactType.HELGRIND, input);
    }

    @FuzzTest(maxDuration = "5s")
    void drd(byte[] input) throws IOException {
        parse(ArtifactType.DRD, input);
    }

    @FuzzTest(maxDuration = "5s")
    void bccDeadlock(byte[] input) throws IOException {
        parse(ArtifactType.BCC_DEADLOCK, input);
    }

    @FuzzTest(maxDuration = "5s")
    void pythonThreads(byte[] input) throws IOException {
        parse(ArtifactType.PYTHON_THREADS, input);
    }

    @FuzzTest(maxDuration = "5s")
    void perfLock(byte[] input) throws IOException {
        parse(ArtifactType.PERF_LOCK, input);
    }

    @FuzzTest(maxDuration = "5s")
    void perfLockContention(byte[] input) throws IOException {
        parse(ArtifactType.PERF_LOCK_CONTENTION, input);
    }

    @FuzzTest(maxDuration = "5s")
    void lockStat(byte[] input) throws IOException {
        parse(ArtifactType.LOCK_STAT, input);
    }

    @FuzzTest(maxDuration = "5s")
    void procLockdep(byte[] input) throws IOException {
        parse(ArtifactType.PROC_LOCKDEP, input);
    }

    @FuzzTest(maxDuration = "5s")
    void systemValues(byte[] input) throws IOException {
        parse(ArtifactType.SYSTEM_VALUES, input);
    }

    /** Detection by name and content: a type or a skip reason, and the parser it picks copes too. */
    @FuzzTest(maxDuration = "5s")
    void formatDetector(FuzzedDataProvider data) throws IOException {
        String name = data.consumeString(64);
        byte[] content = data.consumeRemainingAsBytes();
        Detection d = new FormatDetector().detect(name, content);
        if (d.recognised()) {
            assertThat(d.how()).isNotBlank();
            if (Parsers.forType(d.type()).isPresent()) {
                parse(d.type(), content);
            }
        } else {
            assertThat(d.skipReason()).isNotBlank();
        }
    }

    /** Bundle reading: the format follows the magic bytes; every entry is kept, skipped or a problem. */
    @FuzzTest(maxDuration = "5s")
    void bundle(byte[] input) throws IOException {
        String name = archiveName(input);
        List<Inputs.Entry> entries;
        try {
            entries = Archives.read(name, input, ARCHIVE_LIMITS);
        } catch (InputException e) {
            assertThat(e.getMessage()).startsWith(name + ": ").doesNotContain("\n");
            return;
        }
        assertThat(entries).isNotEmpty().hasSizeLessThanOrEqualTo(ARCHIVE_LIMITS.entries() + 2);
        for (Inputs.Entry e : entries) {
            if (e.artifact() == null) {
                assertThat(e.skipReason()).isNotBlank();
                continue;
            }
            try (InputStream in = e.artifact().open()) {
                assertThat(in.readNBytes((int) ARCHIVE_LIMITS.entryBytes() + 1))
                        .hasSizeLessThanOrEqualTo((int) ARCHIVE_LIMITS.entryBytes());
            }
        }
    }

    /**
     * The paste normaliser and the section splitter: every normalised line keeps an original line number
     * within the input, in order, and the sections are disjoint ranges of it, in order.
     */
    @FuzzTest(maxDuration = "5s")
    void paste(byte[] input) throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        try (BoundedLineReader r = new BoundedLineReader(new ByteArrayInputStream(input), MAX_LINE)) {
            String l;
            while ((l = r.readLine()) != null && lines.size() < 20_000) {
                lines.add(l);
            }
        }
        PasteNormaliser.Result norm = PasteNormaliser.normalise(lines);
        int[] origins = norm.text().origins();
        assertThat(origins).hasSize(norm.text().lines().size());
        for (int i = 0; i < origins.length; i++) {
            assertThat(origins[i]).isBetween(1, Math.max(1, lines.size()));
            if (i > 0) {
                assertThat(origins[i]).isGreaterThanOrEqualTo(origins[i - 1]);
            }
        }
        List<SectionSplitter.Section> sections = SectionSplitter.split(norm.text());
        assertThat(sections).isNotEmpty();
        int last = 0;
        for (SectionSplitter.Section s : sections) {
            if (sections.size() > 1) {
                assertThat(s.text().lines()).isNotEmpty();
                assertThat(s.family()).isNotNull();
                assertThat(s.firstLine()).isGreaterThan(last);
                last = s.lastLine();
            }
        }
    }

    /** Every parser, detection and (for archive magic) bundle reading on one input: the CI's short fuzz run. */
    @FuzzTest(maxDuration = "60s")
    void everyFormat(byte[] input) throws IOException {
        for (ArtifactType type : ArtifactType.values()) {
            if (Parsers.forType(type).isPresent()) {
                parse(type, input);
            }
        }
        assertThat(new FormatDetector().detect("input", input)).isNotNull();
        if (!archiveName(input).equals("fuzz.tar") || input.length >= 512) {
            bundle(input);
        }
    }

    static String archiveName(byte[] b) {
        if (b.length >= 2 && b[0] == 'P' && b[1] == 'K') {
            return "fuzz.zip";
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
            return "fuzz.tar.gz";
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xfd && b[1] == '7') {
            return "fuzz.tar.xz";
        }
        return "fuzz.tar";
    }
}
