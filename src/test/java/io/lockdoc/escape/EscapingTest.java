package io.lockdoc.escape;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each output format's escaping layer on the injections the outside battery found. */
class EscapingTest {
    @Test
    void terminalShowsControlCharactersAndKeepsTabs() {
        assertThat(Terminal.escape("a\u001b[2Jb\rc\nd\te\u0007\u007f\u009b\u202e\u2028"))
                .isEqualTo("a^[[2Jb\\rc\\nd\te\\x07\\x7f\\u009b\\u202e\\u2028");
        assertThat(Terminal.escape("plain caf\u00e9")).isEqualTo("plain caf\u00e9");
        assertThat(Terminal.escape(null)).isEqualTo("null");
        // a forged line after a newline in a file name stays on the name's line
        assertThat(Terminal.escape("x.log\nread    evil as kernel-log (by name): 9 fact(s)"))
                .doesNotContain("\n");
    }

    @Test
    void theTerminalWriterLetsLockdocsColoursAndLineEndsThroughAndNothingElse() {
        StringWriter s = new StringWriter();
        try (var w = Terminal.writer(s)) {
            w.print("\u001b[1mbold\u001b[0m \u001b]0;title\u0007 \u001b[2J \r\n x\ry \u001b");
        }
        assertThat(s.toString()).isEqualTo("\u001b[1mbold\u001b[0m ^[]0;title\\x07 ^[[2J \r\n x\\ry ^[");
    }

    @Test
    void markdownTextHasNoLiveHtmlLinkImageOrEmphasis() {
        assertThat(Markdown.text("<script>alert(1)</script>")).isEqualTo("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(Markdown.text("[x](javascript:alert(1))")).isEqualTo("\\[x\\]\\(javascript:alert(1))");
        assertThat(Markdown.text("![i](http://e/x.png)")).doesNotContain("](");
        assertThat(Markdown.text("*a* _b_ `c` ~d~ |e| \\")).isEqualTo("\\*a\\* \\_b\\_ \\`c\\` \\~d\\~ \\|e\\| \\\\");
        assertThat(Markdown.text("# h")).isEqualTo("\\# h");
        assertThat(Markdown.text("1. x")).isEqualTo("1\\. x");
        assertThat(Markdown.text("CPU#3 a-b")).isEqualTo("CPU#3 a-b");
        assertThat(Markdown.text("a\nb")).isEqualTo("a\\\\nb");
    }

    @Test
    void markdownCodeSpansAndFencesAreLongerThanAnyBacktickRunInside() {
        assertThat(Markdown.code("a")).isEqualTo("`a`");
        assertThat(Markdown.code("a`b")).isEqualTo("``a`b``");
        assertThat(Markdown.code("`x``")).isEqualTo("``` `x`` ```");
        assertThat(Markdown.fence(List.of("plain"))).isEqualTo("```");
        assertThat(Markdown.fence(List.of("a ````` b"))).isEqualTo("``````");
    }

    @Test
    void jiraWikiEscapesMacrosLinksImagesTablesAndBackslashes() {
        assertThat(JiraWiki.text("{html}<b>x</b>{html}")).isEqualTo("\\{html\\}<b>x</b>\\{html\\}");
        assertThat(JiraWiki.text("[x|javascript:alert(1)]")).isEqualTo("\\[x\\|javascript:alert(1)\\]");
        assertThat(JiraWiki.text("!http://e/x.png! *b* _i_ ^s^ ~t~"))
                .isEqualTo("\\!http://e/x.png\\! \\*b\\* \\_i\\_ \\^s\\^ \\~t\\~");
        assertThat(JiraWiki.text("C:\\dumps\\")).isEqualTo("C:&#92;dumps&#92;");
        assertThat(JiraWiki.code("a {code} b\n{noformat}{CODE:x}")).isEqualTo("a { code} b\n{ noformat}{ CODE:x}");
    }

    @Test
    void htmlEscapesTagsAttributesControlsAndOnRequestBrackets() {
        assertThat(Html.escape("<script>&\"'")).isEqualTo("&lt;script&gt;&amp;&quot;&#39;");
        assertThat(Html.escape("a\u001b[31m\nb\u0000")).isEqualTo("a^[[31m\nb\\x00");
        assertThat(Html.escape("[/code]")).isEqualTo("[/code]");
        assertThat(Html.escapeWithBrackets("[/code]<b>")).isEqualTo("&#91;/code&#93;&lt;b&gt;");
        assertThat(Html.escape("\ud800x")).isEqualTo("\ufffdx");
    }

    @Test
    void shellQuotingFollowsWhereTheValueLands() {
        assertThat(ShellQuote.word("plain-word_1.log")).isEqualTo("plain-word_1.log");
        assertThat(ShellQuote.word("dmesg;touch x;.log")).isEqualTo("'dmesg;touch x;.log'");
        assertThat(ShellQuote.word("x'y")).isEqualTo("'x'\\''y'");
        assertThat(ShellQuote.word("")).isEqualTo("''");
        assertThat(ShellQuote.word("a\nrm -rf /")).isEqualTo("'a?rm -rf /'");
        assertThat(ShellQuote.posix("grep '{}' f", "x';touch p;'")).isEqualTo("grep 'x'\\'';touch p;'\\''' f");
        assertThat(ShellQuote.posix("echo \"{}\"", "a\"b$c\\`d!e")).isEqualTo("echo \"a\\\"b\\$c\\\\\\`d\"'!'\"e\"");
        assertThat(ShellQuote.posix("ls # {}\necho {}", "x\nrm", "y z")).isEqualTo("ls # x?rm\necho 'y z'");
        assertThat(ShellQuote.posix("echo $(cat /proc/{}/x)", "1;reboot")).isEqualTo("echo $(cat /proc/'1;reboot'/x)");
        assertThat(ShellQuote.posix("echo 'a#{}'", "b'c")).isEqualTo("echo 'a#b'\\''c'");
        assertThat(ShellQuote.posix("for p in {}; do :; done", "1 2 3")).isEqualTo("for p in 1 2 3; do :; done");
    }

    @Test
    void cmdQuotingDropsWhatCmdCannotQuote() {
        ShellQuote.Command c = new ShellQuote.Command(ShellQuote.Dialect.CMD)
                .text("handle ")
                .value("a b&calc")
                .text(" \"")
                .value("x\"%PATH%!y!;z^")
                .text("\"\nrem ")
                .value("f & calc | x")
                .text("\nverifier /driver ")
                .value("drv")
                .text(".sys");
        assertThat(c.toString())
                .isEqualTo("handle \"a b&calc\" \"x??PATH??y??z?\"\nrem f ? calc ? x\nverifier /driver drv.sys");
    }
}
