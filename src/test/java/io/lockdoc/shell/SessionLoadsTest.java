package io.lockdoc.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads accumulate, why speaks in words, unknown commands get lockdoc's help. */
class SessionLoadsTest {
    private static final Path FLOCK = Path.of("src/test/resources/fixtures/userspace/bundle-flock-abba");

    @TempDir
    Path tmp;

    private String db() {
        return "jdbc:h2:file:" + tmp.resolve("lockdoc").toAbsolutePath();
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    private static List<String> causes(Session s) {
        return s.result().findings().stream()
                .map(d -> d.finding().getCause().id())
                .sorted()
                .toList();
    }

    @Test
    void aSecondBundleAddsItsFindingsAndKeepsTheFirstsEachInputListedOnce() throws Exception {
        Path a = tmp.resolve("host-a");
        copyTree(FLOCK, a);
        Path b = Files.createDirectories(tmp.resolve("host-b"));
        Files.copy(SessionTest.HUNG, b.resolve("dmesg.txt")); // the same name as host-a's kernel log
        ScriptConsole con = new ScriptConsole(List.of("load " + a, "load " + b, "facts"));
        try (Session s = Session.open(db(), con)) {
            con.drive(s);
            String t = con.transcript();

            assertThat(causes(s)).containsExactly("file-lock-deadlock", "hung-task");
            String inputs = t.substring(t.lastIndexOf("Inputs:"), t.lastIndexOf("Facts ("));
            assertThat(inputs.lines().skip(1).map(String::strip).toList())
                    .doesNotHaveDuplicates()
                    .contains("dmesg.txt: dmesg, 0 fact(s)", "host-b:/dmesg.txt: dmesg, 2 fact(s)");
            // the second bundle's evidence names its own file
            assertThat(s.result().findings().stream()
                            .filter(d -> d.finding().getCause().id().equals("hung-task"))
                            .map(d -> d.finding().getEvidence().get(0).getArtifact()))
                    .containsExactly("host-b:/dmesg.txt");
        }
    }

    @Test
    void aUserSpaceBundleLoadedSecondIsItsOwnCaptureNotOneNestedInTheFirst() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("host-a"));
        Files.copy(SessionTest.LOCKDEP, a.resolve("dmesg.txt"));
        Files.writeString(
                a.resolve("ps-eLo.txt"),
                "  PID   TID  PPID STAT WCHAN                            COMMAND\n    1     1     0 Ss   ep_poll                          systemd\n");
        Path b = tmp.resolve("host-b");
        copyTree(FLOCK, b);
        ScriptConsole con = new ScriptConsole(List.of("load " + a, "load " + b));
        try (Session s = Session.open(db(), con)) {
            con.drive(s);

            assertThat(causes(s)).containsExactly("file-lock-deadlock", "lock-order-inversion");
        }
    }

    @Test
    void whySaysWhatTheFactsMeanInWords() throws Exception {
        ScriptConsole con = new ScriptConsole(
                List.of("load src/test/resources/fixtures/linux/kinds/dmesg_hung-task-blocker-chain.log", "why 1"));
        try (Session s = Session.open(db(), con)) {
            con.drive(s);
            String t = con.transcript();
            String why = t.substring(t.lastIndexOf("lockdoc> why 1"));

            assertThat(why)
                    .contains("KernelWaitChain dmesg_hung-task-blocker-chain.log#1/wait-chain: demo-b/502 waits for"
                            + " mutex held by demo-a/501; demo-a/501 is the head of the chain, in state S, in"
                            + " request_wait_answer")
                    .doesNotContain("KernelWaitChain[", "KernelReport[");
        }
    }

    @Test
    void anUnknownCommandPrintsLockdocsOwnHelp() throws Exception {
        ScriptConsole con = new ScriptConsole(List.of("frobnicate now"));
        try (Session s = Session.open(db(), con)) {
            con.drive(s);

            assertThat(con.transcript())
                    .contains(
                            "unknown command 'frobnicate'; lockdoc's commands are:\n",
                            "  load PATH                read a file, a folder or an archive",
                            "  why N / why-not CAUSE");
        }
    }
}
