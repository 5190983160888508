package io.lockdoc.engine;

import static io.lockdoc.engine.HandWrittenBundles.PS_HEADER;
import static io.lockdoc.engine.HandWrittenBundles.analyze;
import static io.lockdoc.engine.HandWrittenBundles.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.model.Cause;
import io.lockdoc.model.Finding;
import io.lockdoc.model.Participant;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A D-state task behind a file's f_pos_lock, diagnosed from ps and /proc without a hung-task report. */
class ProcMutexWaitsTest {

    /** parent 700 reads a FUSE file and sleeps for the daemon; its child 701 shares the descriptor and waits in fdget_pos. */
    private static void readers(Path dir, String childWchan) throws Exception {
        write(
                dir,
                "ps-eLo.txt",
                PS_HEADER
                        + "  700   700     1 S    request_wait_answer              reader-a        ./readers /mnt/f\n"
                        + "  701   701   700 " + ("fdget_pos".equals(childWchan) ? "D" : "S") + "    "
                        + String.format("%-33s", childWchan)
                        + "reader-b        ./readers /mnt/f\n");
        write(dir, "proc/700/fd.txt", "0 -> /dev/null\n3 -> /mnt/f/data\n");
        write(dir, "proc/701/fd.txt", "0 -> /dev/null\n3 -> /mnt/f/data\n");
        write(dir, "proc/700/syscall", "0 0x3 0x7ffe9c616a50 0x1000 0x0 0x0 0x0 0x7ffe9c616a48 0x7f5f972e42ad\n");
        write(dir, "proc/701/syscall", "0 0x3 0x7ffe9c616a50 0x1000 0x0 0x0 0x0 0x7ffe9c616a48 0x7f5f972e42ad\n");
        write(
                dir,
                "proc/700/stack",
                "[<0>] request_wait_answer+0x112/0x210\n[<0>] fuse_file_read_iter+0x17d/0x1a0\n[<0>] vfs_read+0x23a/0x360\n");
        write(dir, "proc/701/stack", "[<0>] " + childWchan + "+0x82/0x170\n[<0>] ksys_read+0x28/0xe0\n");
    }

    @Test
    void theChildWaitsForTheParentThatWaitsForTheFuseDaemon(@TempDir Path dir) throws Exception {
        readers(dir, "fdget_pos");
        write(dir, "proc/650/fd.txt", "5 -> /dev/fuse\n");
        // reader-a's file is on mount 42 (connection 39), which the daemon's /dev/fuse serves
        write(dir, "mountinfo-fuse.txt", "42 27 0:39 / /mnt/f rw,relatime - fuse.demofs demofs rw,user_id=0\n");
        write(dir, "proc/700/fdinfo/3", "pos:\t0\nflags:\t0100000\nmnt_id:\t42\nino:\t2\n");
        write(dir, "proc/650/fdinfo/5", "pos:\t0\nflags:\t02100002\nmnt_id:\t24\nino:\t90\nfuse_connection:\t39\n");
        write(dir, "proc/650/task/650/wchan", "futex_do_wait");
        write(dir, "proc/650/task/652/wchan", "anon_pipe_read");
        write(dir, "proc/650/task/652/stat", "652 (fuse-worker) S 1 650 650 0 -1 4194560 0 0 0 0\n");

        Finding f = analyze(dir).stream()
                .filter(x -> x.getCause() == Cause.HUNG_TASK)
                .findFirst()
                .orElseThrow();

        assertThat(f.getRule()).isEqualTo("hung-task: task in D state behind a kernel lock, from a live capture");
        assertThat(f.getConfidence()).isEqualTo(0.75);
        assertThat(f.getSummary())
                .contains(
                        "reader-b:701 -[mutex (f_pos_lock of /mnt/f/data)]-> reader-a:700 -[FUSE reply]-> fuse-worker:652");
        assertThat(f.getParticipants().stream()
                        .filter(p -> p.kind() == Participant.Kind.TASK)
                        .map(Participant::name)
                        .distinct()
                        .toList())
                .containsExactly("reader-b/701", "reader-a/700", "fuse-worker/652");
        assertThat(f.getEvidence().get(0).getArtifact()).isEqualTo("ps-eLo.txt");
    }

    @Test
    void nearMissATaskInDStateElsewhereIsNotALockWait(@TempDir Path dir) throws Exception {
        readers(dir, "kernel_clone"); // a vfork parent: killable, not behind a lock

        assertThat(analyze(dir)).extracting(Finding::getCause).doesNotContain(Cause.HUNG_TASK);
    }

    @Test
    void twoPossibleHoldersNameNone(@TempDir Path dir) throws Exception {
        readers(dir, "fdget_pos");
        String ps = Files.readString(dir.resolve("ps-eLo.txt"))
                + "  702   702   700 S    request_wait_answer              reader-c        ./readers /mnt/f\n";
        write(dir, "ps-eLo.txt", ps);
        write(dir, "proc/702/fd.txt", "3 -> /mnt/f/data\n");
        write(dir, "proc/702/syscall", "0 0x3 0x7ffe9c616a50 0x1000 0x0 0x0 0x0 0x7ffe9c616a48 0x7f5f972e42ad\n");
        write(dir, "proc/702/stack", "[<0>] request_wait_answer+0x112/0x210\n[<0>] vfs_read+0x23a/0x360\n");

        // 700 and 702 both share the descriptor with 701 and both are inside read(): which one holds it is not shown
        assertThat(analyze(dir)).extracting(Finding::getCause).doesNotContain(Cause.HUNG_TASK);
    }
}
