package io.lockdoc.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.analysis.Analyzer;
import io.lockdoc.engine.Engine;
import io.lockdoc.ingest.Inputs;
import io.lockdoc.kb.Article;
import io.lockdoc.kb.ArticleLoader;
import io.lockdoc.kb.RemediationPlanner;
import io.lockdoc.model.Finding;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Plans fit the case: no hole where a value belongs, no step whose precondition is absent, steps by chain kind. */
class PlanFitTest {
    private static final List<Article> ARTICLES = ArticleLoader.packaged();
    /** The real bundles of ../shared/corpus (read in place, never copied); absent outside the team's checkout. */
    private static final Path LIVE_CORPUS = Path.of("../shared/corpus/linux-live");

    private static List<String> titles(String fixture) throws Exception {
        return ReportFixtures.analyze(fixture).findings().get(0).plan().steps().stream()
                .map(Article.Step::title)
                .toList();
    }

    private static List<String> holes(Path input) throws Exception {
        AnalysisResult r = new Analyzer(new Engine(ReportFixtures.RULES), null)
                .analyze(Inputs.resolve(input.toString(), InputStream.nullInputStream()));
        List<String> out = new ArrayList<>();
        for (AnalysisResult.Diagnosed d : r.findings()) {
            Finding f = d.finding();
            for (Article a : ARTICLES) {
                if (f.getCause().id().equals(a.cause())
                        && f.getPlatform().name().equalsIgnoreCase(a.platform())) {
                    RemediationPlanner.holes(a, f).forEach(h -> out.add(input.getFileName() + ": " + h));
                }
            }
        }
        return out;
    }

    @Test
    void aUserfaultfdChainEndsTheFaultingProcessAndCarriesNoFuseAbort() throws Exception {
        assertThat(titles("linux/kinds/dmesg_hung-task-uffd-pipe.log"))
                .contains(
                        "Look at the head of the chain (pipe-writer:3299)",
                        "End the process that should serve the page fault (pipe-writer:3299)")
                .doesNotContain("Fix the code path that waits with the lock held")
                .noneSatisfy(t -> assertThat(t).contains("FUSE"))
                .noneSatisfy(t -> assertThat(t).contains("out-of-tree module"));
    }

    @Test
    void aHungTaskBehindAChainNamesTheHeadAsCulpritAndItsOwnFrameAsVictim() throws Exception {
        assertThat(ReportFixtures.analyze("linux/kinds/dmesg_hung-task-uffd-pipe.log")
                        .findings()
                        .get(0)
                        .finding()
                        .getCulprit())
                .isEqualTo(new io.lockdoc.model.Culprit(
                        "handle_userfault", null, "pipe-writer/3299", null, "anon_pipe_read in pipe-reader/3301"));
    }

    @Test
    void aFuseChainAbortsTheConnectionAndDoesNotKillTheDaemonThreadLikeALockOwner() throws Exception {
        assertThat(titles("linux/kinds/dmesg_hung-task-blocker-chain.log"))
                .contains("Abort the FUSE connection that does not answer")
                .noneSatisfy(t -> assertThat(t).startsWith("End the"));
    }

    @Test
    void aDetectorsPlanRerunsTheProgramUnderTheToolThatReportedIt() throws Exception {
        assertThat(titles("detectors/tsan_double-lock.txt"))
                .contains("Rerun the ThreadSanitizer build")
                .doesNotContain("Rerun under ThreadSanitizer");
        assertThat(titles("detectors/drd_unlock-not-locked.txt"))
                .contains("Rerun under DRD")
                .doesNotContain("Rerun the ThreadSanitizer build");
        assertThat(titles("detectors/tsan_lock-order-inversion-abba.txt"))
                .contains("Rerun under ThreadSanitizer with both stacks of each edge")
                .doesNotContain("Rerun under Helgrind");
    }

    @Test
    void noPlanOfTheFixturesHasAHole() throws Exception {
        List<String> holes = new ArrayList<>();
        for (String f : List.of(
                "bundle/collect_past-hung-task-live-dstate",
                "linux/kinds/dmesg_hung-task-uffd-pipe.log",
                "linux/kinds/dmesg_hung-task-blocker-chain.log",
                "linux/culprits/dmesg_rcu-stall-softirq-nested.log",
                "detectors/tsan_lock-order-inversion-abba.txt",
                "detectors/bcc-deadlock_two-mutex-cycle.txt",
                "detectors/helgrind_relock.txt",
                "detectors/drd_unlock-not-locked.txt",
                "python/python-threads_faulthandler-abba.txt",
                "python/python-threads_py-spy-locals-stall.txt")) {
            holes.addAll(holes(io.lockdoc.Fixtures.path(f)));
        }
        assertThat(holes).isEmpty();
    }

    @Test
    void noPlanOfTheLiveCorpusHasAHole() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(LIVE_CORPUS), "no ../shared/corpus/linux-live here");
        List<String> holes = new ArrayList<>();
        try (Stream<Path> bundles = Files.list(LIVE_CORPUS)) {
            for (Path b : bundles.filter(Files::isDirectory).sorted().toList()) {
                holes.addAll(holes(b));
            }
        }
        assertThat(holes).isEmpty();
    }

    @Test
    void aHoleIsFoundWhereAValueIsMissing() {
        // near miss for the check itself: a step without its precondition that falls back to a value-like text
        Article a = new Article(
                "x",
                "hung-task",
                "linux",
                "t",
                "s",
                "r",
                "s",
                List.of(new Article.Step(
                        "end it", "kill {blockerPid|OWNER_PID}; ls <mountpoint>", null, "v", null, null)),
                List.of(),
                List.of());
        Finding f = Finding.builder(io.lockdoc.model.Cause.HUNG_TASK, "r")
                .evidence(new io.lockdoc.model.Evidence("dmesg.txt", 1, 1, List.of()))
                .build();

        assertThat(RemediationPlanner.holes(a, f))
                .containsExactly("x step 1: {blockerPid|OWNER_PID}", "x step 1: <mountpoint>");
    }
}
