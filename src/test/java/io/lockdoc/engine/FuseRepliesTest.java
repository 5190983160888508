package io.lockdoc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.analysis.Analyzer;
import io.lockdoc.ingest.Inputs;
import io.lockdoc.model.Cause;
import io.lockdoc.model.Finding;
import io.lockdoc.model.Participant;
import io.lockdoc.rulebase.RuleBase;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A kernel wait chain that ends in a FUSE reply, continued through the daemon seen in /proc. */
class FuseRepliesTest {
    private static final Analyzer ANALYZER = new Analyzer(new Engine(RuleBase.packaged()), null);

    private static void write(Path root, String rel, String text) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static Finding analyze(Path bundle) throws Exception {
        var r = ANALYZER.analyze(Inputs.resolve(bundle.toString(), InputStream.nullInputStream()));
        return r.findings().stream()
                .map(d -> d.finding())
                .filter(f -> f.getCause() == Cause.HUNG_TASK)
                .findFirst()
                .orElseThrow();
    }

    private static List<String> tasks(Finding f) {
        return f.getParticipants().stream()
                .filter(p -> p.kind() == Participant.Kind.TASK)
                .map(Participant::name)
                .distinct()
                .toList();
    }

    /** The bundle of the fixture's chain: demo-b:502 waits for demo-a:501, which waits for a FUSE reply. */
    private static Path bundle(Path dir) throws Exception {
        write(dir, "dmesg.txt", Fixtures.text("linux/kinds/dmesg_hung-task-blocker-chain.log"));
        return dir;
    }

    /** demo-a (501) reads a file on FUSE mount 42 = connection 39; {@code daemon}'s /dev/fuse serves {@code served}. */
    private static void connection(Path dir, int daemon, int served) throws Exception {
        write(
                dir,
                "mountinfo-fuse.txt",
                "42 27 0:39 / /mnt/demo rw,nosuid,nodev,relatime - fuse.demofs demofs rw,user_id=0\n"
                        + "43 27 0:40 / /mnt/other rw,nosuid,nodev,relatime - fuse.otherfs otherfs rw,user_id=0\n");
        write(dir, "proc/501/fd.txt", "0 -> /dev/null\n3 -> /mnt/demo/file\n");
        write(dir, "proc/501/fdinfo/3", "pos:\t0\nflags:\t0100000\nmnt_id:\t42\nino:\t2\n");
        write(
                dir,
                "proc/" + daemon + "/fdinfo/5",
                "pos:\t0\nflags:\t02100002\nmnt_id:\t24\nino:\t90\nfuse_connection:\t" + served + "\n");
    }

    @Test
    void aBusyDaemonThreadIsTheNextHop(@TempDir Path dir) throws Exception {
        bundle(dir);
        connection(dir, 900, 39);
        write(dir, "proc/900/fd.txt", "0 -> /dev/null\n5 -> /dev/fuse\n6 -> /srv/backend.sock\n");
        write(dir, "proc/900/task/900/wchan", "futex_do_wait");
        write(dir, "proc/900/task/900/stat", "900 (demofsd) S 1 900 900 0 -1 4194560 0 0 0 0\n");
        write(dir, "proc/900/task/901/wchan", "fuse_dev_do_read");
        write(dir, "proc/900/task/901/stat", "901 (fuse-idle) S 1 900 900 0 -1 4194560 0 0 0 0\n");
        write(dir, "proc/900/task/902/wchan", "unix_stream_read_generic");
        write(dir, "proc/900/task/902/stat", "902 (fuse-worker) S 1 900 900 0 -1 4194560 0 0 0 0\n");

        Finding f = analyze(dir);

        assertThat(f.getSummary())
                .contains(
                        "demo-b:502 -[mutex]-> demo-a:501 -[FUSE reply]-> fuse-worker:902",
                        "waiting for its own I/O (blocked in unix_stream_read_generic)");
        assertThat(tasks(f)).containsExactly("demo-b/502", "demo-a/501", "fuse-worker/902");
        assertThat(f.getParticipants()).anySatisfy(p -> assertThat(p.detail())
                .contains("connection 39 served by pid 900 (proc/900/fdinfo/5)"));
        // the plan can name the connection to abort and its mount point
        assertThat(f.getBindings()).containsEntry("fuseConnection", "39").containsEntry("mountpoint", "/mnt/demo");
    }

    @Test
    void aDaemonServingAnotherConnectionIsNotChainedAndTheDaemonIsUnknown(@TempDir Path dir) throws Exception {
        bundle(dir);
        connection(dir, 900, 40);
        write(dir, "proc/900/fd.txt", "5 -> /dev/fuse\n");
        write(dir, "proc/900/task/902/wchan", "unix_stream_read_generic");
        write(dir, "proc/900/task/902/stat", "902 (fuse-worker) S 1 900 900 0 -1 4194560 0 0 0 0\n");

        Finding f = analyze(dir);

        assertThat(f.getSummary())
                .doesNotContain("FUSE reply]")
                .contains("which daemon serves it is unknown: connection 39: no collected process holds the /dev/fuse"
                        + " of connection 39");
        assertThat(tasks(f)).doesNotContain("fuse-worker/902");
    }

    @Test
    void anOldReportsTaskThatIsNotInTheCaptureIsNotChainedToAnyDaemon(@TempDir Path dir) throws Exception {
        bundle(dir);
        write(dir, "proc/900/fd.txt", "5 -> /dev/fuse\n");
        write(dir, "proc/900/fdinfo/5", "pos:\t0\nflags:\t02100002\nmnt_id:\t24\nino:\t90\nfuse_connection:\t39\n");
        write(dir, "proc/900/task/902/wchan", "unix_stream_read_generic");
        write(dir, "proc/900/task/902/stat", "902 (fuse-worker) S 1 900 900 0 -1 4194560 0 0 0 0\n");

        Finding f = analyze(dir);

        assertThat(f.getSummary())
                .doesNotContain("FUSE reply]")
                .contains("which daemon serves it is unknown: the capture has no fdinfo of pid 501");
    }

    @Test
    void aDaemonThreadWaitingOnTheChainClosesACycle(@TempDir Path dir) throws Exception {
        bundle(dir);
        connection(dir, 500, 39);
        // demo-b (502) is itself a thread of the daemon 500 that serves demo-a's connection
        write(dir, "proc/500/fd.txt", "5 -> /dev/fuse\n");
        write(dir, "proc/500/task/502/wchan", "fuse_file_write_iter");
        write(dir, "proc/500/task/502/stat", "502 (demo-b) D 1 500 500 0 -1 4194560 0 0 0 0\n");

        Finding f = analyze(dir);

        assertThat(f.getSummary())
                .contains("wait-for cycle: demo-b:502 -[mutex]-> demo-a:501 -[FUSE reply]-> demo-b:502");
        assertThat(f.getConfidence()).isEqualTo(0.95);
        assertThat(tasks(f)).containsExactlyInAnyOrder("demo-b/502", "demo-a/501");
    }

    @Test
    void nearMissWithoutADaemonInProcTheChainStaysAsTheKernelSaidIt(@TempDir Path dir) throws Exception {
        bundle(dir);
        write(dir, "proc/900/fd.txt", "5 -> /srv/not-fuse\n");

        Finding f = analyze(dir);

        assertThat(f.getSummary())
                .contains("demo-b:502 -[mutex]-> demo-a:501 (head")
                .doesNotContain("FUSE reply]");
        // no mountinfo, no fdinfo: which connection to abort is not known, so the plan does not name one
        assertThat(f.getBindings()).doesNotContainKey("fuseConnection");
    }

    @Test
    void twoBusyDaemonThreadsNameNoneOfThem(@TempDir Path dir) throws Exception {
        bundle(dir);
        connection(dir, 900, 39);
        write(dir, "proc/900/fd.txt", "5 -> /dev/fuse\n");
        write(dir, "proc/900/task/901/wchan", "anon_pipe_read");
        write(dir, "proc/900/task/902/wchan", "unix_stream_read_generic");

        assertThat(analyze(dir).getSummary())
                .doesNotContain("FUSE reply]")
                .contains("the daemon is fuse-daemon:900 (connection 39 served by pid 900 (proc/900/fdinfo/5))");
    }
}
