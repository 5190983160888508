package io.lockdoc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.model.Culprit;
import io.lockdoc.model.Finding;
import io.lockdoc.parse.linux.python.PythonThreadsParser;
import io.lockdoc.rulebase.RuleBase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Python threads in lock acquires with none running are a stall; one running thread may yet release. */
class PythonLockRulesTest {
    private static final String RULE = "python-lock-stall: two or more threads in lock acquires and none running";
    private static Engine engine;

    @BeforeAll
    static void rules() {
        engine = new Engine(RuleBase.packaged());
    }

    private static List<Finding> diagnose(String fixture) {
        return engine.diagnose(Fixtures.parse(new PythonThreadsParser(), fixture, Fixtures.text("python/" + fixture))
                .facts());
    }

    @Test
    void capturedAbbaIsAStallBlamingTheFirstBlockedThreadsOwnFrame() {
        List<Finding> fs = diagnose("python-threads_faulthandler-abba.txt");

        assertThat(fs).hasSize(1);
        Finding f = fs.get(0);
        assertThat(f.getCause().id()).isEqualTo("python-lock-stall");
        assertThat(f.getRule()).isEqualTo(RULE);
        assertThat(f.getConfidence()).isEqualTo(0.5);
        assertThat(f.getCulprit()).isEqualTo(new Culprit("refund", null, null, "py_abba.py:21"));
        assertThat(f.getSummary())
                .isEqualTo("2 Python threads are blocked in lock acquires at py_abba.py:21 and py_abba.py:14 and no"
                        + " thread is running (faulthandler); the dump names no lock owner, so whether they wait on"
                        + " each other is not proven");
        assertThat(f.getBindings())
                .containsEntry("functionNew", "refund")
                .containsEntry("culpritLocation", "py_abba.py:21")
                .containsEntry("culpritLine", "21")
                .containsEntry("blockedCount", "2")
                .containsEntry("tool", "faulthandler");
        assertThat(f.getParticipants()).hasSize(2);
    }

    @Test
    void pySpyIdleThreadsInAcquiresScoreHigher() {
        Finding f = diagnose("python-threads_py-spy-locals-stall.txt").get(0);

        assertThat(f.getConfidence()).isEqualTo(0.6);
        assertThat(f.getCulprit()).isEqualTo(new Culprit("transfer", null, null, "bank.py:14"));
        assertThat(f.getBindings()).containsEntry("blockedSites", "bank.py:14 and bank.py:21");
    }

    @Test
    void threadingAcquireAndTheDumpingThreadDoNotCountAsRunning() {
        Finding f = diagnose("python-threads_faulthandler-current-rlock.txt").get(0);

        assertThat(f.getCulprit()).isEqualTo(new Culprit("refresh", null, null, "cache.py:27"));
    }

    @Test
    void nearMissOneThreadInAnAcquireWhileAnotherComputesGivesNoFinding() {
        assertThat(diagnose("python-threads_py-spy-active-near-miss.txt")).isEmpty();
    }
}
