package io.lockdoc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.analysis.Analyzer;
import io.lockdoc.ingest.Inputs;
import io.lockdoc.model.Finding;
import io.lockdoc.model.Liveness;
import io.lockdoc.model.session.Question;
import io.lockdoc.rulebase.RuleBase;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports are live when their task is still in the capture, past (with their age) when it is gone. */
class LivenessTest {
    private static final Analyzer ANALYZER = new Analyzer(new Engine(RuleBase.packaged()), null);
    private static final String BUNDLE = "bundle/collect_past-hung-task-live-dstate";

    private static AnalysisResult analyze(Path dir) throws Exception {
        return ANALYZER.analyze(Inputs.resolve(dir.toString(), InputStream.nullInputStream()));
    }

    private static List<Finding> findings(Path dir) throws Exception {
        return analyze(dir).findings().stream()
                .map(AnalysisResult.Diagnosed::finding)
                .toList();
    }

    private static List<String> questions(AnalysisResult r) {
        return r.facts().stream()
                .filter(Question.class::isInstance)
                .map(f -> ((Question) f).getKey())
                .toList();
    }

    @Test
    void theLiveDStateChainIsFindingOneAndTheOldReportIsPastWithItsAge() throws Exception {
        List<Finding> fs = findings(Fixtures.path(BUNDLE));

        assertThat(fs).hasSize(2);
        Finding live = fs.get(0);
        assertThat(live.getRule()).isEqualTo("hung-task: task in D state behind a kernel lock, from a live capture");
        assertThat(live.getLiveness().state()).isEqualTo(Liveness.State.LIVE);
        assertThat(live.getParticipants()).extracting(p -> p.name()).containsExactly("reader-2/4123", "reader-1/4120");
        Finding past = fs.get(1);
        assertThat(past.getRule()).isEqualTo("hung-task: blocked task");
        assertThat(past.getBindings()).containsEntry("pid", "25909");
        // booted at 08:00:00, captured at 10:00:00 (uptime 7200 s), printed at uptime 3480.12 s
        assertThat(past.getLiveness())
                .isEqualTo(new Liveness(
                        Liveness.State.PAST,
                        3720L,
                        "printed 1 h 02 min before the capture; task 25909 no longer exists"));
    }

    @Test
    void theShellAsksNothingAboutTheDeadTask() throws Exception {
        assertThat(questions(analyze(Fixtures.path(BUNDLE)))).doesNotContain("proc-stack:25909");
    }

    @Test
    void nearMissALoneKernelLogStaysUnmarkedAndIsAskedAbout(@TempDir Path dir) throws Exception {
        Files.copy(Fixtures.path(BUNDLE).resolve("dmesg.txt"), dir.resolve("dmesg.txt"));

        AnalysisResult r = analyze(dir);

        assertThat(r.findings())
                .singleElement()
                .satisfies(d -> assertThat(d.finding().getLiveness()).isEqualTo(Liveness.NO_CAPTURE));
        assertThat(questions(r)).contains("proc-stack:25909");
    }

    @Test
    void aHungTaskStillThereButAwakeIsPast(@TempDir Path dir) throws Exception {
        Files.copy(Fixtures.path(BUNDLE).resolve("dmesg.txt"), dir.resolve("dmesg.txt"));
        Files.writeString(
                dir.resolve("ps-eLo.txt"),
                "  PID   TID  PPID STAT WCHAN                            COMMAND         COMMAND\n"
                        + "25905 25909     1 Sl   futex_do_wait                    fuse-worker     ./fused\n");

        assertThat(findings(dir)).singleElement().satisfies(f -> assertThat(f.getLiveness())
                .isEqualTo(new Liveness(
                        Liveness.State.PAST,
                        null,
                        "task fuse-worker/25909 is still there but no longer in D state (Sl in futex_do_wait)")));
    }

    @Test
    void aHungTaskStillInDStateIsLive(@TempDir Path dir) throws Exception {
        Files.copy(Fixtures.path(BUNDLE).resolve("dmesg.txt"), dir.resolve("dmesg.txt"));
        Files.writeString(
                dir.resolve("ps-eLo.txt"),
                "  PID   TID  PPID STAT WCHAN                            COMMAND         COMMAND\n"
                        + "25905 25909     1 Dl   request_wait_answer              fuse-worker     ./fused\n");

        Finding f = findings(dir).get(0);

        assertThat(f.getLiveness().state()).isEqualTo(Liveness.State.LIVE);
        assertThat(f.getLiveness().reason())
                .isEqualTo("task fuse-worker/25909 is still there in the capture (ps-eLo.txt), state Dl");
    }

    @Test
    void dmesgWallTimesAreAgedAgainstTheCaptureTime(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("collect-log.txt"), "lockdoc collect: 2026-12-01T10:00:00Z, took 812 ms\n");
        Files.writeString(
                dir.resolve("ps-eLo.txt"),
                "  PID   TID  PPID STAT WCHAN                            COMMAND         COMMAND\n"
                        + "    1     1     0 Ss   do_epoll_wait                    systemd         /sbin/init\n");
        Files.writeString(
                dir.resolve("dmesg.txt"),
                Files.readString(Fixtures.path(BUNDLE).resolve("dmesg.txt"))
                        .replaceAll("(?m)^\\[ *\\d+\\.\\d+\\]", "[Tue Dec  1 09:15:30 2026]"));

        assertThat(findings(dir)).singleElement().satisfies(f -> assertThat(f.getLiveness())
                .isEqualTo(new Liveness(
                        Liveness.State.PAST,
                        2670L,
                        "printed 44 min 30 s before the capture; task 25909 no longer exists")));
    }
}
