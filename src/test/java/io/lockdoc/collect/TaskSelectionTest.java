package io.lockdoc.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which user-space waits are read unasked, and which run is suggested to prove them. */
class TaskSelectionTest {
    private static final String HEAD =
            "  PID   TID  PPID STAT WCHAN                            COMMAND         COMMAND\n";

    private static String row(int pid, int tid, String stat, String wchan, String comm, String args) {
        return String.format("%5d %5d %5d %-4s %-32s %-15s %s%n", pid, tid, 1, stat, wchan, comm, args);
    }

    @Test
    void threeThreadsAllOnFutexesAreReadAndGdbIsSuggested() {
        String ps = HEAD
                + row(4830, 4830, "Sl", "futex_do_wait", "pthread_mutex_a", "./pthread_mutex_abba")
                + row(4830, 4832, "Sl", "futex_do_wait", "worker-A", "./pthread_mutex_abba")
                + row(4830, 4834, "Sl", "futex_do_wait", "worker-B", "./pthread_mutex_abba")
                + row(4900, 4900, "Sl", "futex_wait_queue", "daemon", "/usr/sbin/daemon")
                + row(4900, 4901, "Sl", "ep_poll", "daemon", "/usr/sbin/daemon");
        TaskSelection s = new TaskSelection(1);

        s.userspaceWaits(ps);

        assertThat(s.tasks).containsOnlyKeys(4830);
        assertThat(s.tasks.get(4830)).containsExactly(4830, 4832, 4834);
        assertThat(s.suggestions)
                .containsExactly("pid 4830 (pthread_mutex_a): all 3 threads asleep on futexes (pthread_mutex_a:4830,"
                        + " worker-A:4832, worker-B:4834 in futex_do_wait); a user-space deadlock is proven or ruled"
                        + " out by: lockdoc collect --pid 4830 --gdb");
    }

    @Test
    void aJvmWithItsWorkersParkedGetsJstackAndOnlyTheWorkersAreRead() {
        String ps = HEAD
                + row(5555, 5555, "Sl", "futex_do_wait", "java", "java -cp . JavaMonitorAbba")
                + row(5555, 5568, "Sl", "futex_do_wait", "VM Thread", "java -cp . JavaMonitorAbba")
                + row(5555, 5571, "Sl", "futex_do_wait", "Signal Dispatch", "java -cp . JavaMonitorAbba")
                + row(5555, 5574, "Sl", "futex_do_wait", "C2 CompilerThre", "java -cp . JavaMonitorAbba")
                + row(5555, 5580, "Sl", "futex_do_wait", "worker-A", "java -cp . JavaMonitorAbba")
                + row(5555, 5581, "Sl", "futex_do_wait", "worker-B", "java -cp . JavaMonitorAbba")
                // near miss: a JVM with a running worker
                + row(6000, 6000, "Sl", "futex_do_wait", "java", "java -jar app.jar")
                + row(6000, 6001, "Sl", "futex_do_wait", "VM Thread", "java -jar app.jar")
                + row(6000, 6002, "Rl", "-", "pool-1-thread-1", "java -jar app.jar")
                + row(6000, 6003, "Sl", "futex_do_wait", "pool-1-thread-2", "java -jar app.jar");
        TaskSelection s = new TaskSelection(1);

        s.userspaceWaits(ps);

        assertThat(s.tasks).containsOnlyKeys(5555);
        assertThat(s.tasks.get(5555)).isEqualTo(Set.of(5580, 5581));
        assertThat(s.suggestions).singleElement().satisfies(l -> assertThat(l)
                .contains("a JVM whose worker threads are all parked (worker-A:5580, worker-B:5581 in futex_do_wait)")
                .endsWith("lockdoc collect --pid 5555 --jstack"));
    }

    @Test
    void fileLockWaitersAreReadAndTheCollectorsOwnJvmIsNot() {
        String ps = HEAD
                + row(4998, 4998, "S", "fcntl_setlk", "worker-1", "./file_lock_abba ofd data")
                + row(5000, 5000, "S", "fcntl_setlk", "worker-2", "./file_lock_abba ofd data")
                + row(7000, 7000, "S", "flock_lock_inode_wait", "flock", "flock x")
                + row(77, 77, "Sl", "futex_do_wait", "java", "java -jar lockdoc.jar")
                + row(77, 78, "Sl", "futex_do_wait", "worker", "java -jar lockdoc.jar");
        TaskSelection s = new TaskSelection(77);

        s.userspaceWaits(ps);

        assertThat(s.tasks).containsOnlyKeys(4998, 5000, 7000);
        assertThat(s.reasons.get(4998)).isEqualTo("in a file-lock wait (fcntl_setlk, thread 4998)");
        assertThat(s.suggestions.get(2)).startsWith("pid 7000 (flock) in a file-lock wait (flock_lock_inode_wait");
    }

    @Test
    void aTaskInAUserfaultfdFaultIsReadWhateverItsState() {
        String ps = HEAD
                + row(9713, 9713, "S", "handle_userfault", "pipe-writer", "./uffd_pipe_hang")
                + row(9715, 9715, "D", "anon_pipe_read", "pipe-reader", "./uffd_pipe_hang")
                // near miss: a reader waiting for data
                + row(9800, 9800, "S", "anon_pipe_read", "cat", "cat");
        TaskSelection s = new TaskSelection(1);

        s.faultWaits(ps);

        assertThat(s.tasks).containsOnlyKeys(9713);
        assertThat(s.tasks.get(9713)).containsExactly(9713);
        assertThat(s.reasons.get(9713)).isEqualTo("in a page fault waiting for its userfaultfd handler");
    }

    @Test
    void aTableWithoutWaitChannelsSelectsNothing() {
        TaskSelection s = new TaskSelection(1);
        s.userspaceWaits("    PID     TID    PPID STAT COMMAND\n     10      10       1 S    java\n");
        assertThat(s.tasks).isEmpty();
    }

    @Test
    void theCgroupV2RootIsTheCgroup2MountOfTheHierarchyRoot() {
        String hybrid = "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
                + "37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer\n"
                + "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
        String unified = "30 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2"
                + " rw,nsdelegate,memory_recursiveprot\n";
        String bind = "50 24 0:26 /user.slice /mnt/c\\040g rw - cgroup2 cgroup2 rw\n"
                + "51 24 0:26 / /mnt/c\\040g2 rw - cgroup2 cgroup2 rw\n";
        assertThat(CgroupStates.cgroup2Root(hybrid)).isEqualTo("/sys/fs/cgroup/unified");
        assertThat(CgroupStates.cgroup2Root(unified)).isEqualTo("/sys/fs/cgroup");
        assertThat(CgroupStates.cgroup2Root(bind)).isEqualTo("/mnt/c g2");
        assertThat(CgroupStates.cgroup2Root("27 1 254:0 / / rw - ext4 /dev/vda rw\n"))
                .isNull();
    }
}
