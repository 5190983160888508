package io.lockdoc.engine;

import static io.lockdoc.engine.HandWrittenBundles.PS_HEADER;
import static io.lockdoc.engine.HandWrittenBundles.analyze;
import static io.lockdoc.engine.HandWrittenBundles.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.model.Cause;
import io.lockdoc.model.Culprit;
import io.lockdoc.model.Finding;
import io.lockdoc.model.Participant;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kernel lock waits read from ps and /proc before any hung-task report: a pipe reader in D behind
 * the pipe's mutex, whose writer page-faults on a userfaultfd page nobody serves (the uffd-pipe
 * scenario), and a FUSE daemon's worker in D behind the inode lock of a client it owes a reply
 * (the fuse-reenter scenario).
 */
class LockSiteWaitsTest {
    private static final String WRITER_IN_FAULT = String.join(
            "\n",
            "[<0>] handle_userfault+0x366/0x840",
            "[<0>] __handle_mm_fault+0xa1e/0xf40",
            "[<0>] handle_mm_fault+0xd0/0x310",
            "[<0>] exc_page_fault+0x20d/0x770",
            "[<0>] asm_exc_page_fault+0x22/0x30",
            "[<0>] _copy_from_iter+0x80/0x6c0",
            "[<0>] copy_page_from_iter+0x99/0x150",
            "[<0>] anon_pipe_write+0x1d3/0x6c0",
            "[<0>] vfs_write+0x398/0x450",
            "[<0>] ksys_write+0xba/0xe0",
            "");

    /** writer 9713 writes into pipe:[77181] (fd 4); its child 9715 reads it (fd 3) in state {@code readerState}. */
    private static void pipePair(Path dir, String readerState, String writerWchan, String writerStack)
            throws Exception {
        write(
                dir,
                "ps-eLo.txt",
                PS_HEADER
                        + " 9713  9713  9691 S    " + String.format("%-33s", writerWchan)
                        + "pipe-writer     ./uffd_pipe_hang\n"
                        + " 9715  9715  9713 " + String.format("%-5s", readerState)
                        + "anon_pipe_read                   pipe-reader     ./uffd_pipe_hang\n");
        write(dir, "proc/9713/fd.txt", "0 -> /dev/null\n4 -> pipe:[77181]\n5 -> anon_inode:[userfaultfd]\n");
        write(dir, "proc/9715/fd.txt", "0 -> /dev/null\n3 -> pipe:[77181]\n5 -> anon_inode:[userfaultfd]\n");
        write(
                dir,
                "proc/9713/syscall",
                "1 0x4 0x7f8eb1f5c000 0x40 0x7f8eb1d8b4f0 0x0 0x78 0x7fff798198c8 0x7f8eb1e6a350\n");
        write(
                dir,
                "proc/9715/syscall",
                "0 0x3 0x7fff798198d0 0x40 0x7f8eb1d81b60 0x0 0x64 0x7fff798198c8 0x7f8eb1e6a2ad\n");
        write(dir, "proc/9713/stack", writerStack);
        write(
                dir,
                "proc/9715/stack",
                "[<0>] anon_pipe_read+0x54/0x410\n[<0>] vfs_read+0x32c/0x360\n[<0>] ksys_read+0xba/0xe0\n");
    }

    @Test
    void theReaderWaitsForThePipeMutexOfAWriterStuckInAUserfaultfdFault(@TempDir Path dir) throws Exception {
        pipePair(dir, "D", "handle_userfault", WRITER_IN_FAULT);

        Finding f = analyze(dir).stream()
                .filter(x -> x.getCause() == Cause.HUNG_TASK)
                .findFirst()
                .orElseThrow();

        assertThat(f.getRule()).isEqualTo("hung-task: task in D state behind a kernel lock, from a live capture");
        assertThat(f.getConfidence()).isEqualTo(0.65);
        assertThat(f.getSummary())
                .contains("pipe-reader:9715 -[mutex (pipe->mutex of pipe:[77181])]-> pipe-writer:9713 (head, state S,"
                        + " in handle_userfault, waiting for a userfaultfd handler to resolve its page fault");
        assertThat(f.getCulprit())
                .isEqualTo(new Culprit("handle_userfault", null, "pipe-writer/9713", null, "pipe-reader/9715"));
        assertThat(f.getParticipants().stream()
                        .filter(p -> p.kind() == Participant.Kind.TASK)
                        .map(Participant::name)
                        .distinct()
                        .toList())
                .containsExactly("pipe-reader/9715", "pipe-writer/9713");
        assertThat(f.getBindings())
                .containsEntry("chainKind", "userfaultfd")
                .containsEntry("blockerPid", "9713")
                .containsEntry("pid", "9715");
    }

    @Test
    void nearMissAReaderWaitingForDataSleepsInS(@TempDir Path dir) throws Exception {
        pipePair(dir, "S", "handle_userfault", WRITER_IN_FAULT);

        assertThat(analyze(dir)).extracting(Finding::getCause).doesNotContain(Cause.HUNG_TASK);
    }

    @Test
    void nearMissAWriterAsleepInAPipeWaitHasLetGoOfTheMutex(@TempDir Path dir) throws Exception {
        pipePair(
                dir,
                "D",
                "pipe_wait_writable",
                "[<0>] pipe_wait_writable+0x9a/0xe0\n[<0>] anon_pipe_write+0x3c1/0x6c0\n[<0>] vfs_write+0x398/0x450\n");

        assertThat(analyze(dir)).extracting(Finding::getCause).doesNotContain(Cause.HUNG_TASK);
    }

    /** The daemon 6027's worker 6031 writes through its own mount while appender 6035 holds the file's inode lock. */
    private static void reentry(Path dir, String appenderStack) throws Exception {
        write(
                dir,
                "ps-eLo.txt",
                PS_HEADER
                        + " 6027  6027  6005 Sl   futex_do_wait                    deadlockfsd     ./fuse_hang serve\n"
                        + " 6027  6031  6005 Dl   fuse_file_write_iter             fuse-worker     ./fuse_hang serve\n"
                        + " 6035  6035  6005 S    request_wait_answer              appender        ./fuse_hang append\n");
        write(dir, "proc/6027/fd.txt", "0 -> /dev/null\n5 -> /dev/fuse\n6 -> /mnt/d/data\n");
        write(dir, "proc/6035/fd.txt", "0 -> /dev/null\n3 -> /mnt/d/data\n");
        write(dir, "proc/6027/fdinfo/5", "pos:\t0\nflags:\t02100002\nmnt_id:\t24\nino:\t90\nfuse_connection:\t39\n");
        write(dir, "proc/6035/fdinfo/3", "pos:\t0\nflags:\t0102001\nmnt_id:\t42\nino:\t2\n");
        write(dir, "mountinfo-fuse.txt", "42 27 0:39 / /mnt/d rw,relatime - fuse.deadlockfs deadlockfs rw,user_id=0\n");
        write(
                dir,
                "proc/6027/task/6031/syscall",
                "1 0x6 0x7f976736be40 0x20 0x7f9767b8b4f0 0x0 0x73 0x7f976736be00 0x7f9767c6a38f\n");
        write(
                dir,
                "proc/6027/task/6031/stack",
                "[<0>] fuse_file_write_iter+0x31f/0x500\n[<0>] vfs_write+0x22f/0x450\n");
        write(
                dir,
                "proc/6035/syscall",
                "1 0x3 0x7ffc37b44116 0x9 0x7ff030ec34f0 0x0 0x73 0x7ffc37b44108 0x7ff030fa2350\n");
        write(dir, "proc/6035/stack", appenderStack);
    }

    @Test
    void aFuseWorkerBehindTheInodeLockOfTheClientItOwesAReplyIsACycle(@TempDir Path dir) throws Exception {
        reentry(
                dir,
                "[<0>] request_wait_answer+0x112/0x210\n[<0>] __fuse_simple_request+0x120/0x330\n"
                        + "[<0>] fuse_direct_io+0x417/0xa50\n[<0>] fuse_file_write_iter+0x44b/0x500\n"
                        + "[<0>] vfs_write+0x22f/0x450\n");

        Finding f = analyze(dir).stream()
                .filter(x -> x.getCause() == Cause.HUNG_TASK)
                .findFirst()
                .orElseThrow();

        assertThat(f.getConfidence()).isEqualTo(0.75);
        assertThat(f.getSummary())
                .endsWith("wait-for cycle: fuse-worker:6031 -[rw-semaphore (i_rwsem of /mnt/d/data)]-> appender:6035"
                        + " -[FUSE reply]-> fuse-worker:6031");
        assertThat(f.getCulprit()).isEqualTo(new Culprit("fuse_file_write_iter", null, "fuse-worker/6031"));
    }

    @Test
    void nearMissAWriterThatHasNotGotTheInodeLockHoldsNothing(@TempDir Path dir) throws Exception {
        // the appender waits for the lock itself (rwsem_down_write_slowpath above the write_iter): nobody is shown to
        // hold it
        reentry(
                dir,
                "[<0>] rwsem_down_write_slowpath+0x2a4/0x5a0\n[<0>] fuse_file_write_iter+0x31f/0x500\n"
                        + "[<0>] vfs_write+0x22f/0x450\n");

        assertThat(analyze(dir)).extracting(Finding::getCause).doesNotContain(Cause.HUNG_TASK);
    }
}
