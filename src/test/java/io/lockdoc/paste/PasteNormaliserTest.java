package io.lockdoc.paste;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each step undoes one thing copying did, and every line keeps the number it had in the paste. */
class PasteNormaliserTest {
    private static PasteNormaliser.Result normalise(String fixture) {
        return PasteNormaliser.normalise(
                Arrays.asList(Fixtures.text("paste/" + fixture).split("\n", -1)));
    }

    private static int[] origins(PasteNormaliser.Result r) {
        return r.text().origins();
    }

    @Test
    void aFenceGluedToTheFirstAndLastLineIsTakenOffAndTheTextKept() {
        PasteNormaliser.Result r = normalise("paste_fence-glued-jstack.txt");

        assertThat(r.text().lines().get(2)).isEqualTo("Found one Java-level deadlock:");
        assertThat(r.text().lines().get(9)).isEqualTo("  which is held by \"worker-A\"");
        assertThat(r.applied()).containsExactly("fences");
        assertThat(origins(r)).startsWith(1, 2, 3, 4);
    }

    @Test
    void noBreakAndZeroWidthSpacesOfARenderedPageBecomePlainSpaces() {
        PasteNormaliser.Result r = normalise("paste_nbsp-hung-task.txt");

        assertThat(r.text().lines().get(1))
                .isEqualTo("[  361.120004] INFO: task kworker/u8:3:217 blocked for more than 120 seconds.");
        assertThat(r.text().lines().get(12)).isEqualTo("[  361.120040]  n_tty_receive_buf_common+0x5c/0x5a0");
        assertThat(r.applied()).containsExactly("unicode spaces");
        assertThat(r.decisive()).isTrue();
        assertThat(origins(r)).startsWith(1, 2, 3);
    }

    @Test
    void nearMissPlainSpacesAndOtherUnicodeStayAsTheyAre() {
        PasteNormaliser.Result r = PasteNormaliser.normalise(
                List.of("[  1.000000] INFO: task köln:17 blocked for more than 120 seconds.", "  mutex_lock+0x1/0x2"));

        assertThat(r.applied()).isEmpty();
        assertThat(r.text().lines().get(0)).contains("köln:17");
    }

    @Test
    void quotesOfEveryLevelComeOff() {
        PasteNormaliser.Result r = normalise("paste_quoted.txt");

        assertThat(r.text().lines().subList(0, 4))
                .containsExactly(
                        "On Mon, someone wrote:",
                        "[  120.330114] INFO: task dbwriter:4711 blocked for more than 120 seconds.",
                        "[  120.330120]       Not tainted 6.1.0 #1",
                        "[  120.330130] task:dbwriter        state:D stack:0     pid:4711  ppid:1      flags:0x00000000");
        assertThat(r.applied()).containsExactly("quotes");
    }

    @Test
    void preTagsAndHtmlEntitiesAreUndone() {
        PasteNormaliser.Result r = normalise("paste_pre-entities.txt");

        assertThat(r.text().lines().subList(0, 2))
                .containsExactly("[  12.000001] possible circular locking dependency detected", "lock(&dev->mutex);");
        assertThat(r.applied()).containsExactly("markup blocks", "HTML entities");
    }

    @Test
    void rsyslogEscapesSplitTheLineAndEveryPieceKeepsItsOrigin() {
        PasteNormaliser.Result r = normalise("paste_rsyslog-012.txt");

        assertThat(r.text().lines().subList(0, 3))
                .containsExactly(
                        "Mar  4 10:12:31 host kernel: INFO: task dbwriter:4711 blocked for more than 122 seconds.",
                        "      Not tainted 6.1.0 #1",
                        "\ttask:dbwriter");
        assertThat(origins(r)).startsWith(1, 1, 1, 2);
        assertThat(r.applied()).containsExactly("#012 escapes");
    }

    @Test
    void ciRunnerTimestampsComeOffWhenTheyStampEveryLine() {
        PasteNormaliser.Result r = normalise("paste_ci-timestamps.txt");

        assertThat(r.text().lines().subList(0, 2))
                .containsExactly(
                        "[   24.403004] BUG: soft lockup - CPU#1 stuck for 22s! [kworker/1:2:141]",
                        "[   24.403010] Modules linked in: mymod(O)");
    }

    @Test
    void terminalLoggerStampsComeOffButTheKernelsOwnTimestampStays() {
        PasteNormaliser.Result r = normalise("console_terminal-stamps-arm.log");

        assertThat(r.text().lines().get(0)).isEqualTo("BUG: scheduling while atomic: demo-rx/3/0x00010102");
        assertThat(r.applied()).containsExactly("terminal timestamps");
        assertThat(normalise("paste_ci-timestamps.txt").text().lines().get(0)).startsWith("[   24.403004] ");
    }

    @Test
    void caretMAndLiteralBackslashRAtLineEndsGo() {
        PasteNormaliser.Result r = normalise("paste_caret-m.txt");

        assertThat(r.text().lines().subList(0, 3))
                .containsExactly(
                        "[  100.000000] WARNING: possible circular locking dependency detected",
                        "[  100.000001] at: md_open+0x4f/0x110",
                        "[  100.000002] literal");
        assertThat(r.applied()).containsExactly("line ends");
    }

    @Test
    void aHeadingMarkComesOffButAGdbFrameNumberStays() {
        PasteNormaliser.Result r = normalise("paste_heading.txt");

        assertThat(r.text().lines().subList(0, 2))
                .containsExactly("Found one Java-level deadlock:", "#0  0x00007f in __lll_lock_wait ()");
    }

    @Test
    void theIndentationEveryLineSharesComesOffAndDeeperIndentationStays() {
        PasteNormaliser.Result r = normalise("paste_indented-block.txt");

        assertThat(r.text().lines().subList(0, 3))
                .containsExactly("Thread 2 (Thread 0x7f (LWP 12)):", "", "  #0  __lll_lock_wait ()");
        assertThat(r.applied()).containsExactly("indentation");
    }

    @Test
    void aCleanLogIsLeftAsItIs() {
        List<String> clean = List.of("[    1.000000] Linux version 6.1.0", "[    2.000000] INFO: task x:1 blocked");
        PasteNormaliser.Result r = PasteNormaliser.normalise(clean);

        assertThat(r.changed()).isFalse();
        assertThat(r.text().lines()).isEqualTo(clean);
        assertThat(PasteNormaliser.looksPasted(String.join("\n", clean))).isFalse();
    }

    @Test
    void onlyATextThatLooksPastedIndentedOrStampedIsWorthASecondReading() {
        assertThat(PasteNormaliser.mayHelp("[    1.000000] Linux version 6.1.0\n"))
                .isFalse();
        assertThat(PasteNormaliser.mayHelp("  PID TTY STAT\n    1 ?   Ss\n")).isTrue();
        assertThat(PasteNormaliser.mayHelp("\n2024-05-01T10:11:12.1Z [ 1.0] x\n"))
                .isTrue();
        assertThat(PasteNormaliser.mayHelp("[2021/07/05, 13:43:52.334] BUG: x\n"))
                .isTrue();
        assertThat(PasteNormaliser.mayHelp("```\nx\n")).isTrue();
    }

    @Test
    void aFewRedirectionsDoNotMakeAQuote() {
        List<String> shell = List.of("echo 1 > /proc/sys/kernel/sysrq", "cat /proc/locks", "dmesg", "ps -eLo pid,stat");
        assertThat(PasteNormaliser.normalise(shell).changed()).isFalse();
    }

    @Test
    void lineNumbersThatCountUpOnePerLineComeOff() {
        PasteNormaliser.Result r = normalise("paste_line-numbers.txt");

        assertThat(r.applied()).contains("line numbers");
        assertThat(r.text().lines().get(0))
                .isEqualTo("[  812.330114] INFO: task dbwriter:4711 blocked for more than 120 seconds.");
        assertThat(origins(r)).startsWith(1, 2, 3);
    }

    @Test
    void procLocksIdsAreNotLineNumbers() {
        // near miss: "1: POSIX", "1: -> POSIX", "2: OFDLCK" is the file's own format
        PasteNormaliser.Result r = normalise("proc-locks_numbered-ids.txt");

        assertThat(r.applied()).doesNotContain("line numbers");
        assertThat(r.text().lines().get(0)).startsWith("1: POSIX");
    }

    @Test
    void aTableWhoseFirstColumnIsPidsKeepsIt() {
        List<String> ps = List.of("4120 D orderd", "4133 S orderd", "4134 S orderd", "4200 R bash");

        assertThat(PasteNormaliser.normalise(ps).applied()).doesNotContain("line numbers");
    }

    @Test
    void shellPromptsAndSetXTracesAroundTheOutputAreDropped() {
        PasteNormaliser.Result r = normalise("paste_shell-prompts.txt");

        assertThat(r.applied()).contains("shell prompts");
        assertThat(r.text().lines().get(0)).isEqualTo("[  333.100201] ============================================");
        assertThat(r.text().lines()).noneMatch(l -> l.startsWith("+ ") || l.startsWith("root@"));
        // the output keeps the numbers it had in the paste
        assertThat(origins(r)).startsWith(3, 4, 5, 6);
    }

    @Test
    void aDiffIsNotASetXTrace() {
        List<String> diff =
                List.of("--- a/x.c", "+++ b/x.c", "@@ -1,2 +1,2 @@", "- mutex_lock(&a);", "+ mutex_lock(&b);");

        assertThat(PasteNormaliser.normalise(diff).applied()).doesNotContain("shell prompts");
    }

    @Test
    void mailWrappedLogLinesAreJoinedAtTheWordTheClientBrokeBefore() {
        PasteNormaliser.Result r = normalise("paste_mail-wrap-72-lockdep.txt");

        assertThat(r.applied()).containsExactly("hard wraps");
        assertThat(r.decisive()).isTrue();
        assertThat(r.text().lines().get(6))
                .isEqualTo(
                        "[  112.462027] ffffffffc0a02100 (lock1){+.+.}-{3:3}, at: another_function+0x2c/0x60 [mymod]");
        // the joined line is numbered as its first piece; the next line keeps its own number
        assertThat(origins(r)).startsWith(1, 2, 3, 4, 5, 6, 7, 9);
    }

    @Test
    void terminalWrappedLinesAreJoinedWithoutASpaceWhereTheCutFellInAWord() {
        PasteNormaliser.Result r = normalise("paste_terminal-wrap-80-hung-task.txt");

        assertThat(r.text().lines().get(2))
                .isEqualTo(
                        "[  300.000003] \"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.");
        assertThat(r.text().lines().get(3)).endsWith("pid:701 ppid:1 flags:0x00004000");
    }

    @Test
    void aCleanLogWhoseLinesRunToAnyLengthIsNotRewrapped() {
        List<String> log = List.of(
                "[  300.000001] INFO: task demo-x:701 blocked for more than 143 seconds.",
                "[  300.000002]       Not tainted 5.10.0-demo #1",
                "[  300.000003] \"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.",
                "[  300.000004] task:demo-x          state:D stack:0     pid:701 ppid:1 flags:0x00004000",
                "[  300.000005] Call Trace:",
                "ps output follows:",
                "[  300.000006]  __schedule+0x3cc/0xf50");

        assertThat(PasteNormaliser.normalise(log).applied()).doesNotContain("hard wraps");
    }

    @Test
    void proseAfterAShortLogLineStaysItsOwnLine() {
        List<String> log = List.of(
                "[  300.000001] INFO: task demo-x:701 blocked for more than 143 seconds.......",
                "[  300.000002] INFO: task demo-y:702 blocked for more than 143 seconds.......",
                "[  300.000003] INFO: task demo-z:703 blocked for more than 143 seconds.......",
                "[  300.000004] Call Trace:",
                "then the host froze",
                "[  300.000005]  __schedule+0x3cc/0xf50");

        assertThat(PasteNormaliser.normalise(log).text().lines()).contains("then the host froze");
    }
}
