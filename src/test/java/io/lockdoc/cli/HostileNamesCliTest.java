package io.lockdoc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.report.Oracles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outside battery's cases end to end: hostile file names through analyze, in each format. */
class HostileNamesCliTest {
    @Test
    void aKernelLogNamedLikeACommandGetsAQuotedCommandAndAnEscapedInputsList(@TempDir Path dir) throws Exception {
        Path log = Fixtures.path("linux/dmesg_lockdep-circular-seed-mymod.log");
        Files.copy(log, dir.resolve("dmesg;touch x;.log"));
        Files.copy(
                log, dir.resolve("k\u001b]0;owned\u0007\nread    evil.log as kernel-log (by name): 99 fact(s)\r.log"));
        Files.copy(log, dir.resolve("<img src=x onerror=alert(1)>[a](javascript:b).log"));

        CliTest.Run text = CliTest.run("analyze", dir.toString());
        assertThat(text.out())
                .contains("run:      sed -n '2,82p' 'dmesg;touch x;.log'")
                .contains("read    k^[]0;owned\\x07\\nread    evil.log as kernel-log (by name): 99 fact(s)\\r.log as")
                .doesNotContain("\u001b", "\u0007", "\r");
        assertThat(text.out().lines()).noneMatch(l -> l.startsWith("read    evil.log"));

        String md =
                CliTest.run("analyze", dir.toString(), "--format", "markdown").out();
        assertThat(Oracles.liveMarkdown(md)).doesNotContain("<img", "](javascript:");
        assertThat(md).contains("sed -n '2,82p' 'dmesg;touch x;.log'");

        String html = CliTest.run("analyze", dir.toString(), "--format", "html").out();
        assertThat(html).doesNotContain("<img", "\u001b").contains("&lt;img src=x onerror=alert(1)&gt;");
    }
}
