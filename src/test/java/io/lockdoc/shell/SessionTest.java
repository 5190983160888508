package io.lockdoc.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.model.session.FollowUp;
import io.lockdoc.model.session.Question;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole sessions driven in code: symptoms, questions, pastes, diagnosis, the walk, save and resume. */
class SessionTest {
    static final Path HUNG = Path.of("src/test/resources/fixtures/shell/dmesg_T-hung-task-mutex.txt");
    static final Path LOCKDEP = Path.of("src/test/resources/fixtures/linux/dmesg_lockdep-circular-seed-mymod.log");

    @TempDir
    Path tmp;

    private String db() {
        return "jdbc:h2:file:" + tmp.resolve("lockdoc").toAbsolutePath();
    }

    /** The first 20 lines of the fixture: one complete hung-task report, as pasted from a terminal. */
    static List<String> pastedReport() throws IOException {
        return Files.readAllLines(HUNG, StandardCharsets.UTF_8).subList(0, 20);
    }

    /** Symptoms, the dmesg question answered by pasting, two steps (one failed), then save. */
    static List<String> fullScript() throws IOException {
        List<String> s = new ArrayList<>(List.of(
                "symptoms",
                "no",
                "yes",
                "no",
                "yes",
                "linux",
                "yes", // responsive .. own module
                "questions",
                "answer dmesg"));
        s.addAll(pastedReport());
        s.add(""); // an empty line ends the paste
        s.addAll(List.of("steps", "step done", "step failed the owner is still in D state after kill -9", "save"));
        return s;
    }

    /** What must survive a resume: answers, inputs, step outcomes, findings and the next step. */
    static List<String> describe(Session s) throws Exception {
        List<String> out = new ArrayList<>();
        SessionState st = s.state();
        st.answers.forEach(a -> out.add("answer " + a.question() + "=" + a.value()));
        st.inputs.forEach(i -> out.add("input " + i.kind() + " " + i.name() + " " + i.question()));
        st.steps.forEach(r -> out.add("step " + r.article() + "#" + r.step() + " " + r.outcome() + " " + r.note()));
        var findings = s.result().findings();
        for (int i = 0; i < findings.size(); i++) {
            out.add("finding "
                    + Session.findingLine(i + 1, findings.get(i).finding()).strip());
        }
        List<Session.WalkStep> walk = s.walk();
        out.add("walk " + walk.size());
        walk.stream()
                .filter(w ->
                        st.steps.stream().noneMatch(r -> r.article().equals(w.article()) && r.step() == w.number()))
                .findFirst()
                .ifPresent(w -> out.add("next " + w.article() + "#" + w.number() + " "
                        + w.step().title()));
        return out;
    }

    @Test
    void fullSessionFromSymptomsToAFollowUpStepThenResumedInANewProcess() throws Exception {
        ScriptConsole con = new ScriptConsole(fullScript());
        List<String> before;
        try (Session s = Session.open(db(), con)) {
            // symptoms alone: no finding, but the rules ask for the kernel log
            con.drive(s);
            String t = con.transcript();
            assertThat(t).contains("Findings: none yet");
            assertThat(t).contains("Q1 [dmesg] What does the kernel log say");
            assertThat(t).contains("run: sudo dmesg -T | grep -i -E -A40 'lock|hung|stall'");
            // the pasted report went through detection and the dmesg parser, then the rules
            assertThat(t).contains("read dmesg.txt as dmesg: 1 fact(s)");
            assertThat(t)
                    .contains("  1. hung-task  0.85  culprit: ringbuf_ioctl_flush [ringbuf] in dbwriter/4711"
                            + "  [dmesg.txt:1-20]  [new]");
            // the failed step brought in the follow-up guide chosen by the rule
            assertThat(t).contains("recorded: step 2 failed (the owner is still in D state after kill -9)");
            assertThat(t).contains("Next move: the task at the head of the chain cannot be ended");
            assertThat(t).contains("Step hung-task-stuck-owner 1: List every blocked task with its stack (SysRq w)");
            assertThat(t).contains("saved as session 1;");
            assertThat(s.result().facts())
                    .anyMatch(f -> f instanceof FollowUp fu
                            && fu.getGuide().equals("hung-task-stuck-owner")
                            && fu.getStep() == 2);
            before = describe(s);
        }
        assertThat(before)
                .contains(
                        "answer d-state=yes",
                        "answer dmesg=pasted dmesg.txt",
                        "input paste dmesg.txt dmesg",
                        "step hung-task#1 done ",
                        "step hung-task#2 failed the owner is still in D state after kill -9",
                        // the plan's steps whose precondition holds (no blocker named: no head steps) + the guide's
                        "walk 7",
                        "next hung-task-stuck-owner#1 List every blocked task with its stack (SysRq w)");

        // a new JVM on the same database file continues with the same state
        Process p = new ProcessBuilder(
                        javaBin(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        SessionScriptMain.class.getName(),
                        db())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        p.getOutputStream().write("resume 1\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(out).contains("resumed session 1: 1 input(s), 7 answer(s), 2 step(s) recorded");
        assertThat(out).doesNotContain("the findings differ");
        assertThat(out).contains("Step hung-task-stuck-owner 1: List every blocked task");
        List<String> after = out.lines()
                .filter(l -> l.startsWith("STATE "))
                .map(l -> l.substring(6))
                .toList();
        assertThat(after).isEqualTo(before);
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : ""))
                .toString();
    }

    @Test
    void aBadPathOrAnUnparseablePasteGetsOneLineAndTheSessionGoesOn() throws Exception {
        ScriptConsole con = new ScriptConsole(List.of(
                "load " + tmp.resolve("nope.log"),
                "answer d-state yes",
                "answer dmesg",
                "hello there, this is not a log",
                "nor is this",
                "",
                "questions",
                "frobnicate"));
        try (Session s = Session.open(db(), con)) {
            con.drive(s);
            String t = con.transcript();
            assertThat(t).contains(tmp.resolve("nope.log") + ": no such file or directory\n");
            assertThat(t)
                    .contains("the pasted text (2 lines): nothing lockdoc can use (read as dmesg, but it holds no"
                            + " report or record lockdoc uses); nothing was kept\n");
            // the question is still open and the session still answers
            assertThat(t.substring(t.lastIndexOf("lockdoc> questions"))).contains("[dmesg]");
            assertThat(t).contains("unknown command 'frobnicate'; lockdoc's commands are:\nStart from anything");
            assertThat(s.state().inputs).isEmpty();
        }
    }

    @Test
    void answeringWithAFileLoadedBeforeDoesNotReadItTwice() throws Exception {
        ScriptConsole con = new ScriptConsole(List.of("load " + HUNG, "answer d-state yes", "answer ps-d " + HUNG));
        try (Session s = Session.open(db(), con)) {
            con.drive(s);
            assertThat(con.transcript()).contains(HUNG + " is loaded already\n");
            assertThat(s.state().inputs).singleElement().satisfies(i -> assertThat(i.question())
                    .isNull());
            assertThat(s.state().answers).anySatisfy(a -> {
                assertThat(a.question()).isEqualTo("ps-d");
                assertThat(a.value()).isEqualTo("file " + HUNG);
            });
        }
    }

    @Test
    void cancellingALoadKeepsNothingAndTheSessionContinues() throws Exception {
        Path big = tmp.resolve("dmesg-big.log");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40_000; i++) {
            sb.append("[")
                    .append(1000 + i)
                    .append(".000000] usb 1-1: noise line ")
                    .append(i)
                    .append('\n');
        }
        sb.append(String.join("\n", pastedReport())).append('\n');
        Files.writeString(big, sb.toString());
        ScriptConsole con = new ScriptConsole(List.of("load " + big, "facts"));
        try (Session s = Session.open(db(), con)) {
            con.onProgress = s::cancel; // what Ctrl-C does while the load runs
            con.drive(s);
            String t = con.transcript();
            assertThat(t).contains("load cancelled: nothing from " + big + " was kept");
            assertThat(t).contains("nothing known yet");
            assertThat(s.state().inputs).isEmpty();
            con.onProgress = () -> {};
            con.add(List.of("load " + big));
            con.drive(s);
            assertThat(s.state().inputs).hasSize(1);
        }
    }

    @Test
    void aFailedLockdepStepLeadsToEnablingLockdepAndAnUnrelatedFailureToNothing() throws Exception {
        ScriptConsole con = new ScriptConsole(List.of(
                "load " + LOCKDEP,
                "step done",
                "step failed typo in my notes",
                "step failed no report: lockdep is not enabled on this kernel"));
        try (Session s = Session.open(db(), con)) {
            con.drive(s);
            String t = con.transcript();
            assertThat(t).contains("1. lock-order-inversion");
            // near miss: a failure the rules know nothing about changes nothing
            assertThat(t)
                    .contains("recorded: step 2 failed (typo in my notes)\n"
                            + "  no rule has a follow-up for this failure");
            assertThat(t).contains("Next move: lockdep is not active on this kernel: enable CONFIG_PROVE_LOCKING");
            assertThat(t).contains("Step enable-lockdep 1: Check whether this kernel has lockdep at all");
            assertThat(s.result().facts())
                    .filteredOn(f -> f instanceof FollowUp)
                    .extracting(f -> ((FollowUp) f).getGuide() + "@" + ((FollowUp) f).getStep())
                    .containsExactly("enable-lockdep@3");
        }
    }

    @Test
    void questionRulesFollowTheAnswers() throws Exception {
        ScriptConsole con = new ScriptConsole(List.of(
                "answer platform windows", "answer responsive no", "answer d-state no", "answer own-module yes"));
        try (Session s = Session.open(db(), con)) {
            con.drive(s);
            List<String> keys = s.result().facts().stream()
                    .filter(f -> f instanceof Question)
                    .map(f -> ((Question) f).getKey())
                    .toList();
            // Windows: ask the debugger; no kernel log, no D-state list, no lockdep (near misses)
            assertThat(keys).containsExactly("windbg");
            assertThat(con.transcript()).contains("!locks; ~*kb");
        }
    }

    @Test
    void wordsKeepQuotedSpaces() {
        assertThat(Session.words("load \"my dir/dmesg.txt\"  x")).containsExactly("load", "my dir/dmesg.txt", "x");
        assertThat(Session.words("  ")).isEmpty();
    }

    @Test
    void aFileNameWithEscapeSequencesAndAForgedLineIsShownEscaped() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bundle"));
        String name = "dmesg\u001b]0;owned\u0007\u001b[2J\nread    evil.log as kernel-log: 99 fact(s)\r.log";
        Files.copy(LOCKDEP, dir.resolve(name));
        ScriptConsole con = new ScriptConsole(List.of("load " + dir, "facts", "findings", "steps", "report"));
        try (Session s = Session.open(db(), con)) {
            con.drive(s);
            String t = con.transcript();
            assertThat(t).doesNotContain("\u001b", "\u0007", "\r");
            assertThat(t.lines()).noneMatch(l -> l.stripLeading().startsWith("read    evil.log"));
            assertThat(t).contains("dmesg^[]0;owned\\x07^[[2J\\nread    evil.log as kernel-log: 99 fact(s)\\r.log");
            // the plan's command gets the name quoted, with the control characters as ?
            assertThat(t)
                    .contains("sed -n '2,82p' 'dmesg?]0;owned??[2J?read    evil.log as kernel-log: 99 fact(s)?.log'");
        }
    }
}
