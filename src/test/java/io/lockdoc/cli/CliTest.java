package io.lockdoc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CliTest {
    private static final AtomicInteger DB = new AtomicInteger();
    private static final String SEED =
            Fixtures.path("linux/dmesg_lockdep-circular-seed-mymod.log").toString();

    record Run(int exit, String out, String err) {}

    static Run run(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(Arrays.asList(args));
        if (all.size() > 0 && (all.get(0).equals("analyze") || all.get(0).equals("kb"))) {
            all.add("--db");
            all.add("jdbc:h2:mem:cli" + DB.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        }
        int exit = Cli.run(
                new Streams(
                        new ByteArrayInputStream(stdin),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)),
                all.toArray(String[]::new));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run run(String... args) {
        return run(new byte[0], args);
    }

    @Test
    void theSeedExampleNamesBothLocksBothFunctionsAndTheOrderToUse() {
        Run r = run("analyze", SEED);

        assertThat(r.exit()).isEqualTo(ExitCode.FINDINGS.code());
        assertThat(r.out())
                .contains("Finding 1 [primary]: lock-order-inversion  (confidence 0.95)")
                .contains("culprit:   another_function [mymod] in insmod/2817")
                .contains("takes lock2 while holding lock1 in bad_function")
                .contains("takes lock1 while holding lock2 in another_function")
                .contains("Apply one global order: lock1 before lock2, in both paths")
                .contains("Both bad_function and another_function now take lock1 first")
                .contains("sudo modprobe -r mymod && sudo modprobe mymod")
                .contains("      3 | WARNING: possible circular locking dependency detected");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void jsonHasTheFieldsScriptsRelyOn() throws Exception {
        Run r = run("analyze", SEED, "--format", "json");
        JsonNode f =
                JsonMapper.builder().build().readTree(r.out()).get("findings").get(0);

        assertThat(f.get("cause").asString()).isEqualTo("lock-order-inversion");
        assertThat(f.get("confidence").asDouble()).isEqualTo(0.95);
        assertThat(f.get("culprit").get("function").asString()).isEqualTo("another_function");
        assertThat(f.get("participants").size()).isEqualTo(6);
        JsonNode ev = f.get("evidence").get(0);
        assertThat(ev.get("artifact").asString()).isEqualTo("dmesg_lockdep-circular-seed-mymod.log");
        assertThat(ev.get("firstLine").asInt()).isEqualTo(2);
        assertThat(ev.get("lastLine").asInt()).isEqualTo(82);
        assertThat(f.get("rule").asString()).isEqualTo("lock-order-inversion: lockdep cycle with both paths");
        assertThat(f.get("signature").asString()).matches("v1:lock-order-inversion:[0-9a-f]{12}");
        assertThat(f.get("remediation").get("steps").size()).isEqualTo(7);
    }

    @Test
    void markdownIsAChecklist() {
        Run r = run("analyze", SEED, "--format", "markdown");

        assertThat(r.out())
                .contains(
                        "## Finding 1 (primary): `lock-order-inversion`",
                        "1. [ ] **Read both acquisition paths from the report**");
    }

    @Test
    void stdinIsAnInput() throws IOException {
        Run r = run(Files.readAllBytes(Path.of(SEED)), "analyze", "-");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("read    - as dmesg (by content)", "lock-order-inversion");
    }

    @Test
    void aFolderIsReadAndUnknownFilesAreListedAsSkipped(@TempDir Path dir) throws IOException {
        Files.copy(Path.of(SEED), dir.resolve("from-customer.txt"));
        Files.writeString(dir.resolve("notes.md"), "just some notes\n");

        Run r = run("analyze", dir.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out())
                .contains(
                        "read    from-customer.txt as dmesg (by content)",
                        "skipped notes.md: no known format recognised");
    }

    @Test
    void aSosreportsUnrecognisedFilesAreOneLineAndVerboseListsThem() {
        String sos = "src/test/resources/fixtures/bundle/sos_decoy-names";

        Run quiet = run("analyze", sos);

        assertThat(quiet.err()).isEmpty();
        assertThat(quiet.out())
                .contains(
                        "read    sos_commands/kernel/dmesg as dmesg (by known path and content): 2 fact(s)\n",
                        "skipped var/log/messages: kernel log already read from sos_commands/kernel/dmesg\n",
                        "\n7 files not recognised; --verbose lists them\n")
                .doesNotContain("journald.conf", "looked for", "skipped etc/");

        Run verbose = run("analyze", "--verbose", sos);

        assertThat(verbose.err()).isEmpty();
        assertThat(verbose.out())
                .contains(
                        "skipped etc/systemd/journald.conf: no known format\n",
                        "skipped proc/sys/kernel/dmesg_restrict: no known format\n",
                        "skipped sos_commands/logs/journalctl_--disk-usage: no known format\n",
                        "skipped usr/lib/systemd/system/console-getty.service: no known format\n")
                .doesNotContain("files not recognised", "looked for");
    }

    @Test
    void theHelpListsTheShell() {
        Run r = run("--help");

        assertThat(r.out()).containsPattern("(?m)^  shell +An interactive, guided troubleshooting session");
    }

    @Test
    void aMissingPathIsOneLineAndExitThree() {
        Run r = run("analyze", "/no/such/file.log");

        assertThat(r.exit()).isEqualTo(ExitCode.UNREADABLE_INPUT.code());
        assertThat(r.err()).isEqualTo("lockdoc: /no/such/file.log: no such file or directory\n");
    }

    @Test
    void anEmptyFileIsExplainedNotFatal(@TempDir Path dir) throws IOException {
        Path empty = Files.createFile(dir.resolve("dmesg"));

        Run r = run("analyze", empty.toString());

        assertThat(r.exit()).isEqualTo(ExitCode.UNREADABLE_INPUT.code());
        assertThat(r.out()).contains("skipped dmesg: empty file");
        assertThat(r.err()).isEqualTo("lockdoc: nothing in " + empty + " could be read as a known artifact\n");
    }

    @Test
    void aBinaryFileIsExplainedNotFatal(@TempDir Path dir) throws IOException {
        Path bin = dir.resolve("dmesg.bin");
        Files.write(bin, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0});

        Run r = run("analyze", bin.toString());

        assertThat(r.exit()).isEqualTo(ExitCode.UNREADABLE_INPUT.code());
        assertThat(r.out()).contains("skipped dmesg.bin: binary data, not a text log");
        assertThat(r.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void aTruncatedReportGivesAPartialResultAndSaysWhatIsMissing() {
        Run r = run(
                "analyze",
                Fixtures.path("linux/dmesg_lockdep-circular-truncated.log").toString());

        assertThat(r.exit()).isEqualTo(ExitCode.FINDINGS.code());
        assertThat(r.out())
                .contains(
                        "problem dmesg_lockdep-circular-truncated.log:2: report 'WARNING: possible circular locking dependency detected'"
                                + " is cut off after line 13 (the dependency chain, the call trace missing); diagnosed from what is there [LD-E005]")
                .contains("(confidence 0.70, report incomplete)");
    }

    @Test
    void aBadFileInAFolderCostsOnlyThatFile(@TempDir Path dir) throws IOException {
        Files.copy(Path.of(SEED), dir.resolve("a-dmesg"));
        Files.write(dir.resolve("b-dmesg"), new byte[] {0, 1, 2, 3, (byte) 0xff});

        Run r = run("analyze", dir.toString(), "--format", "json");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out())
                .contains("\"skipped\" : \"binary data, not a text log\"", "\"cause\" : \"lock-order-inversion\"");
    }

    @Test
    void noFindingExitsZero() {
        Run r = run("analyze", Fixtures.path("linux/dmesg_kasan-not-a-lock.log").toString());

        assertThat(r.exit()).isEqualTo(ExitCode.NO_FINDING.code());
        assertThat(r.out()).contains("No lock or hang problem found in 1 fact(s).");
    }

    @Test
    void anUnknownOptionOrFormatIsAUsageError() {
        assertThat(run("analyze", SEED, "--frobnicate").exit()).isEqualTo(ExitCode.USAGE.code());
        Run r = run("analyze", SEED, "--format", "pdf");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err())
                .isEqualTo("lockdoc: unknown format 'pdf'; choose one of: text, json, markdown, html, junit, sarif\n");
    }

    @Test
    void aBrokenRulePackStopsWithFileLineAndMessage(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("broken.drl"), "package x;\nrule \"oops\"\nwhen\n  NoSuchType( )\nthen\nend\n");

        Run r = run("analyze", SEED, "--rules", dir.toString());

        assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err())
                .startsWith("lockdoc: rules/broken.drl:4: ")
                .contains("NoSuchType")
                .doesNotContain("\tat ");
    }

    @Test
    void aRulePackCanAddARuleWithoutRecompiling(@TempDir Path dir) throws IOException {
        Files.writeString(
                dir.resolve("extra.drl"),
                """
                package site.rules;
                import io.lockdoc.model.KernelReport;
                import io.lockdoc.model.KernelReportKind;
                import io.lockdoc.engine.Diagnoses;
                rule "site: treat every oops as a lock-order lead"
                    @cause("lock-order-inversion")
                when
                    $r : KernelReport( kind == KernelReportKind.OTHER_OOPS )
                then
                    insert( Diagnoses.lockOrderInversion( $r, null, java.util.List.of(), drools.getRule().getName(), 0.1 ) );
                end
                """);

        Run r = run("analyze", Fixtures.path("linux/dmesg_kasan-not-a-lock.log").toString(), "--rules", dir.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("rule:      site: treat every oops as a lock-order lead");
    }

    @Test
    void kbShowPrintsAnArticle() {
        Run r = run("kb", "show", "lock-order-inversion");

        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains("Symptom:", "Reason:", "Solution:", "1. Read both acquisition paths from the report");
        assertThat(run("kb", "show", "nope").err()).isEqualTo("lockdoc: no article 'nope' (see: lockdoc kb list)\n");
    }

    @Test
    void evalScoresALabelledFolder(@TempDir Path dir) throws IOException {
        Files.copy(Path.of(SEED), dir.resolve("seed.log"));
        Files.copy(Fixtures.path("linux/dmesg_kasan-not-a-lock.log"), dir.resolve("kasan.log"));
        Files.writeString(
                dir.resolve("noise.log"), "[    1.000000] hello\n[    1.000001] world\n[    1.000002] again\n");
        Files.writeString(
                dir.resolve("labels.json"),
                """
                [ {"file": "seed.log", "cause": "lock-order-inversion", "culprit": "another_function"},
                  {"file": "kasan.log", "cause": "none", "culprit": "demo_read"},
                  {"file": "noise.log", "cause": "made-up-cause", "culprit": null} ]
                """);

        Run text = run("eval", dir.toString(), "--verbose", "--min-supported-accuracy", "1.0");
        Run json = run("eval", dir.toString(), "--format", "json", "--min-accuracy", "0.9");

        assertThat(text.exit()).isZero();
        assertThat(text.out())
                .contains(
                        "accuracy 0.667 (2/3); on supported causes 1.000 (2/2); culprit 1.000 (1/1); participants 0/0; false claims on none: 0");
        assertThat(text.out()).contains("noise.log", "expected made-up-cause/null, got none/null (unsupported)");
        assertThat(json.exit()).isEqualTo(1);
        assertThat(json.err()).contains("cause accuracy 0.667 is below 0.900");
        Map<?, ?> m = JsonMapper.builder().build().readValue(json.out(), Map.class);
        assertThat(m.get("cases")).isEqualTo(3);
        assertThat(m.get("causeCorrect")).isEqualTo(2);
        assertThat(m.get("culpritCases")).isEqualTo(1);
        assertThat(m.get("culpritCorrect")).isEqualTo(1);
        assertThat(m.get("falseDeadlockClaims")).isEqualTo(0);
        assertThat(((Map<?, ?>) m.get("perCause"))
                        .keySet().stream().map(Object::toString).toList())
                .containsExactly("lock-order-inversion", "made-up-cause", "none");
    }

    @Test
    void kbSearchRanksArticlesAndShowsFallbacksForPlaceholders() {
        Run r = run("kb", "search", "circular", "lockdep");

        assertThat(r.exit()).isZero();
        assertThat(r.out().lines().findFirst().orElseThrow())
                .startsWith("lock-order-inversion")
                .endsWith("Lock order inversion between the lock being acquired and the lock already held");
        assertThat(run("kb", "search", "zebra").err()).isEqualTo("lockdoc: no article matches 'zebra'\n");
    }

    @Test
    void explainAndWhyNotAreInTheReport() {
        Run r = run(
                "analyze",
                Fixtures.path("linux/dmesg_kasan-not-a-lock.log").toString(),
                "--why-not",
                "lock-order-inversion");

        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains(
                        "Why not lock-order-inversion:",
                        "[missing] a kernel report of kind circular locking (0 found)",
                        "sudo dmesg | grep -B2 -A120 'possible circular locking dependency'");
        Run e = run("analyze", SEED, "--explain");
        assertThat(e.out())
                .contains(
                        "Why finding 1 (lock-order-inversion):",
                        "rule \"lock-order-inversion: lockdep cycle with both paths\" matched 3 fact(s):",
                        "LockCycle dmesg_lockdep-circular-seed-mymod.log#1/cycle: cycle lock1 -> lock2 -> lock1");
    }

    @Test
    void htmlGoesToAFile(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("report.html");

        Run r = run("analyze", SEED, "--format", "html", "-o", out.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(out)).startsWith("<!DOCTYPE html>").contains("<svg");
    }

    @Test
    void aCauseOfBothPlatformsGetsTheArticleOfItsOwnPlatform() throws Exception {
        Run windows = run(
                "analyze", Fixtures.path("windows/windbg_kdlocks-self-wait.txt").toString(), "--format", "json");
        Run linux = run(
                "analyze",
                Fixtures.path("linux/kinds/dmesg_recursive-locking.log").toString(),
                "--format",
                "json");

        JsonNode w = JsonMapper.builder()
                .build()
                .readTree(windows.out())
                .get("findings")
                .get(0);
        JsonNode l = JsonMapper.builder()
                .build()
                .readTree(linux.out())
                .get("findings")
                .get(0);
        assertThat(w.get("cause").asString()).isEqualTo("recursive-locking");
        assertThat(w.get("remediation").get("article").asString()).isEqualTo("recursive-locking-windows");
        assertThat(l.get("cause").asString()).isEqualTo("recursive-locking");
        assertThat(l.get("remediation").get("article").asString()).isEqualTo("recursive-locking");
    }
}
