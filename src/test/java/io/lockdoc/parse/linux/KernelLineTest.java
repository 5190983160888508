package io.lockdoc.parse.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KernelLineTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "raw dmesg            | '[  123.456789] INFO: task a:1 blocked' | 123.456789 | ",
                "printk task caller   | '[ 2718.383687][ T3699] syz/3699 is trying' | 2718.383687 | T3699",
                "printk cpu caller    | '[ 1740.381219][    C0] lock(x);' | 1740.381219 | C0",
                "caller no padding    | '[  492.200243][T24950] syz/24950 is trying' | 492.200243 | T24950",
                "printk level         | '<4>[   36.345030] WARNING: x' | 36.345030 | ",
                "dmesg -T             | '[Sat Nov 21 08:36:49 2026] WARNING: x' | Sat Nov 21 08:36:49 2026 | ",
                "journalctl short     | 'Nov 21 08:36:49 web01 kernel: WARNING: x' | Nov 21 08:36:49 | ",
                "journalctl iso       | '2026-11-21T08:36:49+0000 web01 kernel: WARNING: x' | 2026-11-21T08:36:49+0000 | ",
                "journalctl monotonic | '[  112.462016] web01 kernel: WARNING: x' | [  112.462016] | ",
                "kern.log with stamp  | 'Nov 21 08:36:49 web01 kernel: [  112.462016] WARNING: x' | 112.462016 | ",
                "console noise first  | 'syzkaller login: [   19.781382] audit: x' | 19.781382 | ",
            })
    void stripsAndKeepsThePrefix(String shape, String raw, String timestamp, String caller) {
        KernelLine line = KernelLine.of(7, raw);

        assertThat(line.number()).isEqualTo(7);
        assertThat(line.timestamp()).isEqualTo(timestamp);
        assertThat(line.caller()).isEqualTo(caller);
        assertThat(line.trimmed()).doesNotContain("kernel:").doesNotStartWith("[");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"'no timestamp at all'|no timestamp at all", "'   indented frame+0x1/0x2'|indented frame+0x1/0x2"})
    void keepsLinesWithoutPrefix(String raw, String trimmed) {
        KernelLine line = KernelLine.of(1, raw);

        assertThat(line.timestamp()).isNull();
        assertThat(line.trimmed()).isEqualTo(trimmed);
    }

    @org.junit.jupiter.api.Test
    void removesAnsiEscapesAndControlCharacters() {
        KernelLine line = KernelLine.of(
                1,
                "\u001B[32m ok \u001B[39;49m[   36.123456] WARNING:\u0007 possible circular locking dependency detected");

        assertThat(line.trimmed()).isEqualTo("WARNING: possible circular locking dependency detected");
    }
}
