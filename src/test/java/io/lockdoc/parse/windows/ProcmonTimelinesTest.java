package io.lockdoc.parse.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lockdoc.Fixtures;
import io.lockdoc.model.Fact;
import io.lockdoc.model.Problem;
import io.lockdoc.model.windows.ProcmonThreadActivity;
import io.lockdoc.model.windows.ProcmonThreadActivity.Measure;
import io.lockdoc.parse.FactSink;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Per-thread timelines and long operations from Process Monitor exports. */
class ProcmonTimelinesTest {
    private static final Offset<Double> US = Offset.offset(1e-6);

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("procmon-csv_allcols-thread-stuck-read.csv", "procmon-csv", 4),
                Arguments.of("procmon-csv_allcols-notify-pending.csv", "procmon-csv", 4),
                Arguments.of("procmon-csv_default-holder-gap.csv", "procmon-csv", 2),
                Arguments.of("procmon-xml_thread-stuck-lock.xml", "procmon-xml", 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void oneTimelinePerThread(String fixture, String type, int threads) {
        assertThat(WindowsFixtures.detect(fixture, WindowsFixtures.bytes(fixture))
                        .type()
                        .id())
                .isEqualTo(type);
        Fixtures.Parsed p = WindowsFixtures.parse(fixture);
        assertThat(p.of(ProcmonThreadActivity.class)).hasSize(threads);
        assertThat(p.problems()).isEmpty();
    }

    @Test
    void durationColumnMeasuresTheLongestOperationAndTheLastBeforeQuiet() {
        List<ProcmonThreadActivity> t = WindowsFixtures.parse("procmon-csv_allcols-thread-stuck-read.csv")
                .of(ProcmonThreadActivity.class);

        ProcmonThreadActivity reader = t.get(0);
        assertThat(reader.getName()).isEqualTo("Ledger.exe/8000/8004");
        assertThat(reader.getEvents()).isEqualTo(2);
        assertThat(reader.getMeasure()).isEqualTo(Measure.DURATION);
        assertThat(reader.getLongestOperation()).isEqualTo("ReadFile");
        assertThat(reader.getLongestPath()).isEqualTo("\\\\fs01\\books\\ledger.dat");
        assertThat(reader.getLongestSeconds()).isCloseTo(14.2031, US);
        assertThat(reader.getLastOperation()).isEqualTo("ReadFile");
        assertThat(reader.getFirstTime()).isCloseTo(8 * 3600 + 10 * 60 + 40.1, US);
        assertThat(reader.getQuietSeconds()).isCloseTo(24.899, US);
        assertThat(reader.getEvidence().getFirstLine()).isEqualTo(3);
        assertThat(reader.getEvidence().getLastLine()).isEqualTo(3);

        // a pending NotifyChangeDirectory waits by design: never the thread's long operation
        ProcmonThreadActivity watcher = t.get(2);
        assertThat(watcher.getName()).isEqualTo("Ledger.exe/8000/8016");
        assertThat(watcher.getLastOperation()).isEqualTo("NotifyChangeDirectory");
        assertThat(watcher.getLongestOperation()).isNull();
        assertThat(watcher.getLongestSeconds()).isEqualTo(-1.0);
    }

    @Test
    void benignStatusesAreNeverLongOperations() {
        List<ProcmonThreadActivity> t =
                WindowsFixtures.parse("procmon-csv_allcols-notify-pending.csv").of(ProcmonThreadActivity.class);

        assertThat(t)
                .extracting(ProcmonThreadActivity::getName, ProcmonThreadActivity::getLongestOperation)
                .containsExactly(
                        tuple("Ledger.exe/8000/8016", null),
                        tuple("Ledger.exe/8000/8004", "ReadFile"),
                        tuple("backup.exe/5100/5104", "ReadFile"),
                        tuple("Ledger.exe/8000/8012", "RegQueryValue"));
        assertThat(t.get(1).getLongestSeconds()).isCloseTo(0.8, US);
    }

    @Test
    void withoutDurationOrTidTheGapToTheProcessNextEventBoundsTheOperation() {
        List<ProcmonThreadActivity> t =
                WindowsFixtures.parse("procmon-csv_default-holder-gap.csv").of(ProcmonThreadActivity.class);

        ProcmonThreadActivity setup = t.get(0);
        assertThat(setup.getName()).isEqualTo("setup.exe/3120");
        assertThat(setup.getThreadId()).isNull();
        assertThat(setup.getMeasure()).isEqualTo(Measure.GAP);
        assertThat(setup.getLongestOperation()).isEqualTo("WriteFile");
        assertThat(setup.getLongestSeconds()).isCloseTo(8.081, US);
        assertThat(setup.getEvents()).isEqualTo(3);
        assertThat(setup.getLastOperation()).isEqualTo("CloseFile");
        assertThat(setup.getQuietSeconds()).isCloseTo(0.312, US);
    }

    @Test
    void xmlReadsTidAndDuration() {
        ProcmonThreadActivity ledger = WindowsFixtures.parse("procmon-xml_thread-stuck-lock.xml")
                .of(ProcmonThreadActivity.class)
                .get(0);

        assertThat(ledger.getName()).isEqualTo("ledger.exe/6400/6408");
        assertThat(ledger.getMeasure()).isEqualTo(Measure.DURATION);
        assertThat(ledger.getLongestOperation()).isEqualTo("WriteFile");
        assertThat(ledger.getLongestSeconds()).isCloseTo(6.4, US);
    }

    @Test
    void trackedThreadsAreCappedWithAProblem() {
        List<Fact> facts = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        FactSink sink = new FactSink() {
            @Override
            public void fact(Fact f) {
                facts.add(f);
            }

            @Override
            public void problem(Problem p) {
                problems.add(p);
            }
        };
        ProcmonAggregator agg = new ProcmonAggregator("cap.csv", sink);
        for (int i = 0; i <= ProcmonTimelines.MAX_THREADS; i++) {
            agg.accept(new ProcmonAggregator.Event(
                    i + 2,
                    "9:00:00.0 AM",
                    "a.exe",
                    "1",
                    "ReadFile",
                    "C:\\x",
                    "SUCCESS",
                    "raw",
                    String.valueOf(i),
                    "0.1",
                    null));
        }
        agg.finish();

        assertThat(facts).hasSize(ProcmonTimelines.MAX_THREADS);
        assertThat(problems)
                .extracting(Problem::line, Problem::message)
                .containsExactly(tuple(
                        ProcmonTimelines.MAX_THREADS + 2,
                        "more than 4096 threads; timelines of later ones are not tracked"));
    }

    @Test
    void localeDurations() {
        assertThat(ProcmonTimelines.duration("0,0000120")).isCloseTo(0.000012, Offset.offset(1e-12));
        assertThat(ProcmonTimelines.duration("14.2031000")).isCloseTo(14.2031, US);
        assertThat(ProcmonTimelines.duration("n/a")).isEqualTo(-1.0);
    }
}
