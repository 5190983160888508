package io.lockdoc.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real front end (Spring Shell + JLine) in two ways: a script on stdin, and the same lines
 * typed into a terminal under tmux. Both must print the same findings.
 */
class ShellTerminalTest {
    private static final Pattern FINDING = Pattern.compile("^\\s+\\d+\\. [a-z-]+\\s+\\d\\.\\d\\d\\s+culprit: .*$");
    private static final long DEADLINE_MS = 180_000;

    @TempDir
    Path tmp;

    private List<String> script() throws IOException {
        List<String> s = new ArrayList<>(List.of("answer d-state yes", "answer dmesg"));
        s.addAll(SessionTest.pastedReport());
        s.add("");
        s.addAll(List.of("findings", "step done", "exit"));
        return s;
    }

    private List<String> command(String db) {
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + tmp,
                "-cp",
                System.getProperty("java.class.path"),
                "io.lockdoc.Main",
                "shell",
                "--db",
                db);
    }

    /** Spring Shell never answers a name it does not know: the session prints lockdoc's own help. */
    @Test
    void anUnknownCommandOrAnAliasIsAnsweredByTheSession() throws Exception {
        Path in = tmp.resolve("unknown.txt");
        Files.write(in, List.of("frobnicate now", "?", "exit"), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(command("jdbc:h2:file:" + tmp.resolve("unknown")))
                .redirectInput(in.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(DEADLINE_MS, TimeUnit.MILLISECONDS)).isTrue();

        assertThat(out)
                .contains("unknown command 'frobnicate'; lockdoc's commands are:\n")
                .doesNotContain("AVAILABLE COMMANDS", "not found", "lockdoc-unknown");
        assertThat(count(out, "  load PATH ")).isEqualTo(2);
    }

    private String scripted() throws Exception {
        Path in = tmp.resolve("script.txt");
        Files.write(in, script(), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(command("jdbc:h2:file:" + tmp.resolve("scripted")))
                .redirectInput(in.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(DEADLINE_MS, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return out;
    }

    @Test
    void aScriptOnStdinAndTheSameSessionTypedUnderTmuxPrintTheSameFindings() throws Exception {
        assumeTrue(onPath("tmux"), "tmux is not installed (apt-get install -y tmux); the typed half needs a terminal");
        String piped = scripted();
        // the script is echoed after each prompt, so the transcript reads as typed
        assertThat(piped).contains("lockdoc> answer dmesg");
        List<String> fromScript = findings(piped);
        assertThat(fromScript)
                .containsExactly(
                        "  1. hung-task  0.85  culprit: ringbuf_ioctl_flush [ringbuf] in dbwriter/4711  [dmesg.txt:1-20]  [new]",
                        "  1. hung-task  0.85  culprit: ringbuf_ioctl_flush [ringbuf] in dbwriter/4711  [dmesg.txt:1-20]");

        String typed = typedUnderTmux();
        assertThat(findings(typed)).isEqualTo(fromScript);
        assertThat(typed).contains("recorded: step 1 done");
    }

    private String typedUnderTmux() throws Exception {
        String socket = "lockdoc-test-" + ProcessHandle.current().pid();
        Path launcher = tmp.resolve("run.sh");
        StringBuilder sh = new StringBuilder("#!/bin/sh\nexec");
        for (String a : command("jdbc:h2:file:" + tmp.resolve("typed"))) {
            sh.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        Files.writeString(launcher, sh + "\n");
        launcher.toFile().setExecutable(true);
        try {
            tmux(socket, "new-session", "-d", "-s", "t", "-x", "200", "-y", "50", launcher.toString());
            tmux(socket, "set-option", "-t", "t", "remain-on-exit", "on");
            tmux(socket, "set-option", "-t", "t", "history-limit", "10000");
            int prompts = 1;
            waitFor(socket, t -> count(t, "lockdoc> ") >= 1);
            for (String line : List.of("answer d-state yes")) {
                type(socket, line);
                int want = ++prompts;
                waitFor(socket, t -> count(t, "lockdoc> ") >= want);
            }
            type(socket, "answer dmesg");
            waitFor(socket, t -> t.contains("or type a short answer."));
            for (String l : SessionTest.pastedReport()) {
                type(socket, l);
            }
            type(socket, "");
            int afterPaste = ++prompts;
            waitFor(socket, t -> count(t, "lockdoc> ") >= afterPaste);
            for (String line : List.of("findings", "step done")) {
                type(socket, line);
                int want = ++prompts;
                waitFor(socket, t -> count(t, "lockdoc> ") >= want);
            }
            type(socket, "exit");
            waitFor(socket, t -> t.contains("Exiting the shell"));
            // the JVM still closes its database after printing that: wait until the pane's process is gone,
            // so that nothing writes into the temp dir while it is deleted
            long until = System.currentTimeMillis() + DEADLINE_MS;
            while (!tmux(socket, "display-message", "-p", "-t", "t", "#{pane_dead}")
                    .strip()
                    .equals("1")) {
                assertThat(System.currentTimeMillis())
                        .as("shell process exit under tmux")
                        .isLessThan(until);
                TimeUnit.MILLISECONDS.sleep(100); // polling interval, not a synchronisation guess
            }
            return capture(socket);
        } finally {
            new ProcessBuilder("tmux", "-L", socket, "kill-server")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void type(String socket, String line) throws Exception {
        if (!line.isEmpty()) {
            tmux(socket, "send-keys", "-t", "t", "-l", line);
        }
        tmux(socket, "send-keys", "-t", "t", "Enter");
    }

    /** Polls the pane until the condition holds; fails with the pane's text at the deadline. */
    private static void waitFor(String socket, Predicate<String> done) throws Exception {
        long end = System.currentTimeMillis() + DEADLINE_MS;
        String t = "";
        while (System.currentTimeMillis() < end) {
            t = capture(socket);
            if (done.test(t)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling interval, not a synchronisation guess
        }
        throw new AssertionError("the terminal never showed what was expected; it shows:\n" + t);
    }

    private static String capture(String socket) throws Exception {
        return tmux(socket, "capture-pane", "-p", "-J", "-S", "-", "-t", "t");
    }

    private static String tmux(String socket, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as("tmux " + String.join(" ", args) + ": " + out)
                .isZero();
        return out;
    }

    private static int count(String text, String what) {
        return (int) text.lines().filter(l -> l.startsWith(what)).count();
    }

    static List<String> findings(String transcript) {
        return transcript
                .lines()
                .map(l -> l.replaceAll("\u001B\\[[0-9;]*m", "").stripTrailing())
                .filter(l -> FINDING.matcher(l).matches())
                .toList();
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
