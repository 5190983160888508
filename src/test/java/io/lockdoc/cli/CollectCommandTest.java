package io.lockdoc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectCommandTest {
    @TempDir
    Path tmp;

    @Test
    void onThisHostItWritesABundleThatAnalyzeReadsAndListsWhatItCouldNotCollect() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs a Linux /proc");
        Path out = tmp.resolve("host.tar.gz");

        CliTest.Run c = CliTest.run("collect", "--pid", "4194305", "-o", out.toString());

        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).contains("into " + out).contains("next: lockdoc analyze " + out);
        assertThat(c.err()).contains("could not collect").contains("  pid 4194305: no such process");
        CliTest.Run a = CliTest.run("analyze", out.toString());
        assertThat(a.out())
                .contains("host/proc-locks.txt as proc-locks")
                .contains("host/proc-stat.txt as system-values")
                .containsPattern("host/ps-(eLo|from-proc)\\.txt as ps");
    }

    @Test
    void aBundleInAFolderThatDoesNotExistIsAUsageError() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs a Linux /proc");

        CliTest.Run c =
                CliTest.run("collect", "-o", tmp.resolve("no/such/dir/b.tar.gz").toString());

        assertThat(c.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(c.err()).startsWith("lockdoc: cannot write ").contains("does not exist or is not writable");
    }

    @Test
    void aPidThatIsNotANumberIsAUsageError() {
        CliTest.Run c = CliTest.run("collect", "--pid", "abc");

        assertThat(c.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(c.err()).contains("--pid");
    }
}
