package io.lockdoc.parse.linux.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written header path gives the pattern's groups. */
class JstackHeaderTest {
    private static final Pattern HEADER = Pattern.compile("^\"(.*)\" .*?\\bnid=(0x[0-9a-f]+|\\d+)");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"worker-1\" #11 prio=5 os_prio=0 cpu=1.00ms elapsed=10.00s tid=0x00007f nid=0x1a2b waiting",
                "\"main\" #1 prio=5 os_prio=0 tid=0x00007f nid=4242 runnable",
                "\"a \" b\" #2 nid=0x10 x",
                "\"q\" #3 nid=0xZZ nid=0x5 y",
                "\"q\" #3 (nid=0x7) nid=0x5 y",
                "\"q\" #3xnid=0x7 nid=0x5 y",
                "\"q\" nid=",
                "\"q\" #3 nid=abc",
                "\"tab\tname\" #4 nid=0x9",
                "\"cr\rname\" #4 nid=0x9",
                "\"no close nid=0x1",
                "\"\" nid=12",
                "\" nid=12",
            })
    void matchesThePattern(String line) {
        Matcher m = HEADER.matcher(line);
        String[] expected = m.lookingAt() ? new String[] {m.group(1), m.group(2)} : null;
        assertThat(JstackParser.header(line)).isEqualTo(expected);
    }
}
