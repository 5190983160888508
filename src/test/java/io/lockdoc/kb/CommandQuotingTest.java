package io.lockdoc.kb;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.escape.ShellQuote;
import io.lockdoc.escape.ShellWords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command of every kb article, rendered with hostile values for every placeholder, has the
 * structure it has with a benign value: the same tokens and operators, and each value back, whole,
 * inside the word it was put in. Then a few rendered commands are run through bash.
 */
class CommandQuotingTest {
    static final String SAFE = "SAFEVALUE";

    /** Values an attacker puts in a log line, a file or archive entry name, a lock, task or module name. */
    static final List<String> HOSTILE = List.of(
            "x';touch /tmp/p;'",
            "m$(touch /tmp/p)",
            "a\"b$c\\`d",
            "dmesg;touch x;.log",
            "a\nrm -rf /",
            "a\r\nrm -rf /",
            "\u001b]0;title\u0007\u001b[2Jx",
            "`id`",
            "$HOME",
            "${IFS}x",
            "*",
            "~root",
            "{a,b}",
            "!!",
            "-rf",
            "a b",
            "'",
            "\"",
            "\\",
            "x\\",
            "%PATH%",
            "!x!",
            "^&calc",
            "a&b|c<d>e",
            "x; .shell calc",
            "x#y",
            " #comment",
            "a\u2028b\u202ec",
            "{code}[x|javascript:alert(1)]<script>");

    private static List<Article> articles() {
        return ArticleLoader.packaged();
    }

    private static List<String> templates(Article a) {
        List<String> out = new ArrayList<>();
        for (Article.Step s : a.steps()) {
            if (s.command() != null) {
                out.add(s.command());
            }
            if (s.rollback() != null) {
                out.add(s.rollback());
            }
        }
        return out;
    }

    private static Map<String, String> all(String template, String value) {
        Map<String, String> m = new HashMap<>();
        Matcher p = RemediationPlanner.PLACEHOLDER.matcher(template);
        while (p.find()) {
            m.put(p.group(2), value);
        }
        return m;
    }

    static String printable(String v) {
        return ShellWords.printable(v);
    }

    static List<String> expected(List<String> benign, String hostile, ShellQuote.Dialect d) {
        return ShellWords.expected(benign, Map.of(SAFE, hostile), d);
    }

    static List<String> structure(String command, ShellQuote.Dialect d) {
        return ShellWords.structure(command, d);
    }

    @Test
    void everyArticleCommandKeepsItsStructureWithHostileValuesForEveryPlaceholder() {
        int checked = 0;
        TreeSet<String> placeholders = new TreeSet<>();
        for (Article a : articles()) {
            ShellQuote.Dialect d = ShellQuote.Dialect.forPlatform(a.platform());
            for (String template : templates(a)) {
                Map<String, String> benign = all(template, SAFE);
                if (benign.isEmpty()) {
                    continue;
                }
                placeholders.addAll(benign.keySet());
                String good = RemediationPlanner.command(template, benign, d);
                List<String> shape = structure(good, d);
                assertThat(String.join(" ", shape)).as(a.id() + ": " + good).contains(SAFE);
                for (String h : HOSTILE) {
                    String bad = RemediationPlanner.command(template, all(template, h), d);
                    assertThat(bad)
                            .as("no control character survives")
                            .doesNotContain("\r", "\u001b", "\u0007", "\u2028", "\u202e");
                    assertThat(bad.lines().count()).isEqualTo(good.lines().count());
                    assertThat(structure(bad, d))
                            .as("%s, %s with %s:%n%s%nbenign:%n%s", a.id(), d, h, bad, good)
                            .containsExactlyElementsOf(expected(shape, h, d));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
        assertThat(placeholders)
                .contains("artifact", "firstLine", "function", "module", "outOfTreeModule", "pids", "process");
    }

    @Test
    void oneValueAtATimeToo() {
        // a value next to the benign others: no placeholder's quoting depends on another's value
        for (Article a : articles()) {
            ShellQuote.Dialect d = ShellQuote.Dialect.forPlatform(a.platform());
            for (String template : templates(a)) {
                Map<String, String> benign = all(template, SAFE);
                for (String name : benign.keySet()) {
                    Map<String, String> marked = new HashMap<>(benign);
                    marked.put(name, "SAFEONE");
                    List<String> shape = structure(RemediationPlanner.command(template, marked, d), d);
                    for (String h : List.of("x';touch /tmp/p;'", "m$(touch /tmp/p)", "a\"b$c\\`d%x%")) {
                        Map<String, String> one = new HashMap<>(benign);
                        one.put(name, h);
                        assertThat(structure(RemediationPlanner.command(template, one, d), d))
                                .as(a.id() + " " + name)
                                .containsExactlyElementsOf(ShellWords.expected(shape, Map.of("SAFEONE", h), d));
                    }
                }
            }
        }
    }

    @Test
    void theCollectCommandsOfWhyNotTakeNoValueFromTheInput() {
        for (Article a : articles()) {
            for (Article.Collect c : a.collect()) {
                assertThat(RemediationPlanner.PLACEHOLDER.matcher(c.command()).find())
                        .as(a.id() + ": " + c.command())
                        .isFalse();
            }
        }
    }

    @Test
    void aPlaceholderMarkedShInATextIsOneShellWordAndTheOthersAreTextWithVisibleControls() {
        Map<String, String> v = Map.of("module", "m$(touch x)", "lock", "a\nread x");
        assertThat(RemediationPlanner.fill("lsmod | grep -w {sh:module|MODULE}; the lock {lock|L}", v))
                .isEqualTo("lsmod | grep -w 'm$(touch x)'; the lock a\\nread x");
        assertThat(RemediationPlanner.fill("{sh:module|MODULE} {sh:other|FALLBACK}", Map.of()))
                .isEqualTo("MODULE FALLBACK");
    }

    @Test
    void listsOfPidsStayListsAndFallbacksStayAsWritten() {
        String t = "for p in {pids|PID1 PID2}; do cat /proc/$p/stack; done";
        assertThat(RemediationPlanner.command(t, Map.of("pids", "700 701"), ShellQuote.Dialect.POSIX))
                .isEqualTo("for p in 700 701; do cat /proc/$p/stack; done");
        assertThat(RemediationPlanner.command(t, Map.of(), ShellQuote.Dialect.POSIX))
                .isEqualTo("for p in PID1 PID2; do cat /proc/$p/stack; done");
        assertThat(RemediationPlanner.command(t, Map.of("pids", "700 701;reboot"), ShellQuote.Dialect.POSIX))
                .isEqualTo("for p in '700 701;reboot'; do cat /proc/$p/stack; done");
    }

    @Test
    void theReportedCasesAreQuoted() {
        assertThat(RemediationPlanner.command(
                        "sed -n '{firstLine},{lastLine}p' {artifact}",
                        Map.of("firstLine", "1", "lastLine", "66", "artifact", "dmesg;touch x;.log"),
                        ShellQuote.Dialect.POSIX))
                .isEqualTo("sed -n '1,66p' 'dmesg;touch x;.log'");
        assertThat(RemediationPlanner.command(
                        "git grep -n -W -e '{functionNew|FUNCTION_NEW}(' -- '*.c'",
                        Map.of("functionNew", "x';touch x;'"),
                        ShellQuote.Dialect.POSIX))
                .isEqualTo("git grep -n -W -e 'x'\\'';touch x;'\\''(' -- '*.c'");
        assertThat(RemediationPlanner.command(
                        "modinfo {outOfTreeModule|MODULE} | grep x\n# in {module|M}: take it",
                        Map.of("outOfTreeModule", "m$(touch x)", "module", "m\ntouch x"),
                        ShellQuote.Dialect.POSIX))
                .isEqualTo("modinfo 'm$(touch x)' | grep x\n# in m?touch x: take it");
        assertThat(RemediationPlanner.command(
                        "cdb -z \"{artifact|C:\\d.dmp}\" -c \"!thread {owner|<t>}; q\"\nrem in {function|f}: x",
                        Map.of("artifact", "a\" & calc & \"", "owner", "x; .shell calc", "function", "f & calc"),
                        ShellQuote.Dialect.CMD))
                .isEqualTo("cdb -z \"a? & calc & ?\" -c \"!thread x? .shell calc; q\"\nrem in f ? calc: x");
    }

    @Test
    void renderedCommandsRunThroughBashCreateNothing(@TempDir Path dir) throws Exception {
        Path bash = Path.of("/bin/bash");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(bash), "bash is needed");
        Path pwned = dir.resolve("pwned");
        String touch = "touch pwned";
        List<String> values = new ArrayList<>();
        for (String h : HOSTILE) {
            values.add(h.replace("touch /tmp/p", touch).replace("touch x", touch));
        }
        values.add("dmesg;" + touch + ";.log");
        values.add("$(" + touch + ")");
        values.add("`" + touch + "`");
        values.add("x';" + touch + ";'");
        values.add("x\"; " + touch + "; \"");
        values.add("x\n" + touch);
        // each place a kb command puts a value: bare, inside '...', inside "...", in $(...), in a comment
        List<String> templates = List.of(
                "printf '%s\\n' {v}",
                "printf '%s\\n' 'a{v}b'",
                "printf '%s\\n' \"a{v}b\"",
                "printf '%s\\n' \"$(printf '%s' {v})\"",
                "printf '%s\\n' x/{v}/y # and {v} in a comment\n: {v}");
        for (String t : templates) {
            for (String v : values) {
                String cmd =
                        RemediationPlanner.command(t.replace("{v}", "{v|V}"), Map.of("v", v), ShellQuote.Dialect.POSIX);
                String out = run(bash, dir, cmd);
                String p = printable(v);
                String want =
                        switch (templates.indexOf(t)) {
                            case 0 -> p;
                            case 1, 2 -> "a" + p + "b";
                            case 3 -> p;
                            default -> "x/" + p + "/y";
                        };
                assertThat(out).as(cmd).isEqualTo(want + "\n");
                assertThat(pwned).as(cmd).doesNotExist();
            }
        }
        // and a real step: workqueue-lockup's first command on a hostile kernel log name
        Files.writeString(dir.resolve("dmesg;" + touch + ";.log"), "one\ntwo\nthree\n");
        Article wq = articles().stream()
                .filter(a -> a.id().equals("workqueue-lockup"))
                .findFirst()
                .orElseThrow();
        String step = RemediationPlanner.command(
                wq.steps().get(0).command(),
                Map.of("firstLine", "2", "lastLine", "3", "artifact", "dmesg;" + touch + ";.log"),
                ShellQuote.Dialect.POSIX);
        assertThat(run(bash, dir, step)).isEqualTo("two\nthree\n");
        assertThat(pwned).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("dmesg;" + touch + ";.log");
        }
    }

    private static String run(Path bash, Path dir, String cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(bash.toString(), "-c", cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }
}
