package io.lockdoc.parse.linux.python;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.detect.ArtifactType;
import io.lockdoc.detect.FormatDetector;
import io.lockdoc.model.userspace.PythonThreads;
import io.lockdoc.model.userspace.PythonThreads.Activity;
import io.lockdoc.model.userspace.PythonThreads.Frame;
import io.lockdoc.model.userspace.PythonThreads.State;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * faulthandler output captured here (Python 3.11) from programs/py_abba.py; py-spy dumps written by hand
 * in py-spy 0.3's format.
 */
class PythonThreadsParserTest {
    private static final String PROGRAMS = "/work/wt/python-dumps/src/test/resources/programs/py_abba.py";
    private static final String THREADING = "/root/.pyenv/versions/3.11.7/lib/python3.11/threading.py";

    private static Fixtures.Parsed parse(String fixture) {
        String text = Fixtures.text("python/" + fixture);
        assertThat(new FormatDetector()
                        .detect("dump.txt", text.getBytes(StandardCharsets.UTF_8))
                        .type())
                .isEqualTo(ArtifactType.PYTHON_THREADS);
        Fixtures.Parsed p = Fixtures.parse(new PythonThreadsParser(), fixture, text);
        assertThat(p.problems()).isEmpty();
        return p;
    }

    private static PythonThreads only(String fixture) {
        List<PythonThreads> ds = parse(fixture).of(PythonThreads.class);
        assertThat(ds).hasSize(1);
        return ds.get(0);
    }

    @Test
    void capturedFaulthandlerAbbaHasTwoThreadsInAcquiresAndTheMainThreadInJoin() {
        PythonThreads d = only("python-threads_faulthandler-abba.txt");

        assertThat(d.getTool()).isEqualTo(PythonThreads.Tool.FAULTHANDLER);
        assertThat(d.getThreads()).hasSize(3);
        PythonThreads.Thread refund = d.getThreads().get(0);
        assertThat(refund.state()).isEqualTo(State.UNKNOWN);
        assertThat(refund.activity()).isEqualTo(Activity.LOCK_ACQUIRE);
        assertThat(refund.frames())
                .containsExactly(
                        new Frame("refund", PROGRAMS, 21),
                        new Frame("run", THREADING, 982),
                        new Frame("_bootstrap_inner", THREADING, 1045),
                        new Frame("_bootstrap", THREADING, 1002));
        assertThat(d.getThreads().get(1).firstOwnFrame()).isEqualTo(new Frame("transfer", PROGRAMS, 14));
        assertThat(d.getThreads().get(1).activity()).isEqualTo(Activity.LOCK_ACQUIRE);
        PythonThreads.Thread main = d.getThreads().get(2);
        assertThat(main.activity()).isEqualTo(Activity.WAITING);
        assertThat(main.firstOwnFrame()).isEqualTo(new Frame("main", PROGRAMS, 32));
        assertThat(d.getBlockedCount()).isEqualTo(2);
        assertThat(d.getRunningCount()).isZero();
        assertThat(d.getEvidence().getFirstLine()).isEqualTo(2);
        assertThat(d.getEvidence().getLastLine()).isEqualTo(18);
    }

    @Test
    void faulthandlerCurrentThreadIsTheDumperAndThreadingAcquireIsALockWait() {
        PythonThreads d = only("python-threads_faulthandler-current-rlock.txt");

        assertThat(d.getThreads())
                .extracting(PythonThreads.Thread::id, PythonThreads.Thread::activity)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("0x00007f1e2cbff6c0", Activity.LOCK_ACQUIRE),
                        org.assertj.core.groups.Tuple.tuple("0x00007f1e2d3ff6c0", Activity.LOCK_ACQUIRE),
                        org.assertj.core.groups.Tuple.tuple("0x00007f1e2e1ffb80", Activity.DUMPER));
        assertThat(d.getThreads().get(0).frames().get(0))
                .isEqualTo(new Frame("acquire", "/usr/lib/python3.11/threading.py", 164));
        assertThat(d.getThreads().get(0).firstOwnFrame()).isEqualTo(new Frame("refresh", "/srv/app/cache.py", 27));
    }

    @Test
    void pySpyWithLocalsReadsNamesStatesAndFramesAndSkipsTheLocals() {
        PythonThreads d = only("python-threads_py-spy-locals-stall.txt");

        assertThat(d.getTool()).isEqualTo(PythonThreads.Tool.PY_SPY);
        assertThat(d.getProgram()).isEqualTo("python3 bank.py");
        assertThat(d.getThreads())
                .extracting(PythonThreads.Thread::name, PythonThreads.Thread::state, PythonThreads.Thread::activity)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("MainThread", State.IDLE, Activity.WAITING),
                        org.assertj.core.groups.Tuple.tuple("transfer", State.IDLE, Activity.LOCK_ACQUIRE),
                        org.assertj.core.groups.Tuple.tuple("refund", State.IDLE, Activity.LOCK_ACQUIRE));
        assertThat(d.getThreads().get(1).frames())
                .containsExactly(
                        new Frame("transfer", "bank.py", 14),
                        new Frame("run", "threading.py", 982),
                        new Frame("_bootstrap_inner", "threading.py", 1045),
                        new Frame("_bootstrap", "threading.py", 1002));
        assertThat(d.getThreads().get(0).frames()).hasSize(4);
        assertThat(d.getThreads().get(0).frames().get(3)).isEqualTo(new Frame("<module>", "bank.py", 44));
    }

    @Test
    void pySpyActiveThreadIsRunning() {
        PythonThreads d = only("python-threads_py-spy-active-near-miss.txt");

        assertThat(d.getThreads())
                .extracting(PythonThreads.Thread::id, PythonThreads.Thread::activity)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("4243", Activity.WAITING),
                        org.assertj.core.groups.Tuple.tuple("4250", Activity.LOCK_ACQUIRE),
                        org.assertj.core.groups.Tuple.tuple("4251", Activity.RUNNING));
        assertThat(d.getRunningCount()).isEqualTo(1);
    }

    @Test
    void aRepeatedDumpIsASecondFactAndHostileLinesAreNoFrames() {
        String dump = String.join(
                "\n",
                "Timeout (0:01:00)!",
                "Thread 0x00007f00000000aa (most recent call first):",
                "  File \"app.py\", line 12 in transfer",
                "  File \"" + "x".repeat(5000) + "\", line 1 in hostile",
                "Timeout (0:02:00)!",
                "Thread 0x00007f00000000aa (most recent call first):",
                "  File \"app.py\", line 12 in transfer",
                "  <no Python frame>");

        List<PythonThreads> ds =
                Fixtures.parse(new PythonThreadsParser(), "fh.txt", dump).of(PythonThreads.class);

        assertThat(ds).hasSize(2);
        assertThat(ds.get(0).getThreads().get(0).frames()).containsExactly(new Frame("transfer", "app.py", 12));
        assertThat(ds.get(1).getEvidence().getFirstLine()).isEqualTo(6);
    }
}
