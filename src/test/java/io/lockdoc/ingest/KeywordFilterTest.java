package io.lockdoc.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordFilterTest {
    private static final List<String> KEYWORDS = List.of("Oops: ", "INFO: rcu_", "blocked for more than");

    @Test
    void everyKeywordIsFoundAtEveryOffsetAndAnyFollowingByte() {
        KeywordFilter f = KeywordFilter.of(KEYWORDS);
        for (String k : KEYWORDS) {
            for (int offset = 0; offset < 9; offset++) {
                for (int next = 0; next < 256; next++) {
                    byte[] line = new byte[offset + k.length() + 1 + 3];
                    java.util.Arrays.fill(line, (byte) 'x');
                    System.arraycopy(k.getBytes(StandardCharsets.US_ASCII), 0, line, offset, k.length());
                    line[offset + k.length()] = (byte) next;
                    int at = f.find(line, 0, offset + k.length() + 1);
                    assertThat(at).as(k + " at " + offset).isBetween(offset, offset + k.length() - 1);
                }
            }
        }
    }

    @Test
    void aNearMissIsNotFound() {
        KeywordFilter f = KeywordFilter.of(KEYWORDS);
        // no four-byte piece of any keyword: "Oop", "INF0", "blo" followed by something else
        byte[] text = "[ 1.0] Oop 0000 INF0 rcu_x, blo-ck-ed path".getBytes(StandardCharsets.US_ASCII);
        assertThat(f.find(text, 0, text.length)).isEqualTo(-1);
        // no window reaches past the end of the range
        byte[] cut = "xxxxOops: ".getBytes(StandardCharsets.US_ASCII);
        assertThat(f.find(cut, 0, 7)).isEqualTo(-1);
        assertThat(f.find(cut, 0, 8)).isEqualTo(4);
    }

    @Test
    void shortOrNonAsciiKeywordsAreRefused() {
        assertThatThrownBy(() -> KeywordFilter.of(List.of("BUG: "))).hasMessageContaining("at least 6");
        assertThatThrownBy(() -> KeywordFilter.of(List.of("caf\u00e9 au lait"))).hasMessageContaining("ASCII");
    }
}
