package io.lockdoc.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {

    private static List<String> lines(byte[] bytes, int max) throws IOException {
        List<String> out = new ArrayList<>();
        try (BoundedLineReader r = new BoundedLineReader(new ByteArrayInputStream(bytes), max)) {
            String l;
            while ((l = r.readLine()) != null) {
                out.add(l);
            }
        }
        return out;
    }

    @Test
    void onlyNewlineEndsALineAndTrailingCarriageReturnsGo() throws IOException {
        assertThat(lines("a\r\nb\nc\r\r\nlast".getBytes(StandardCharsets.UTF_8), 100))
                .containsExactly("a", "b", "c", "last");
    }

    @Test
    void aLineLongerThanTheLimitIsCutAndCounted() throws IOException {
        byte[] data = ("x".repeat(10_000) + "\nnext\n").getBytes(StandardCharsets.UTF_8);
        try (BoundedLineReader r = new BoundedLineReader(new ByteArrayInputStream(data), 100)) {
            assertThat(r.readLine()).hasSize(100);
            assertThat(r.readLine()).isEqualTo("next");
            assertThat(r.readLine()).isNull();
            assertThat(r.truncatedLines()).isEqualTo(1);
            assertThat(r.lineNumber()).isEqualTo(2);
        }
    }

    @Test
    void invalidUtf8AndNulBytesDoNotBreakReading() throws IOException {
        byte[] data = {'o', 'k', (byte) 0xff, (byte) 0xfe, 0, 'x', '\n', 'y'};
        assertThat(lines(data, 100)).containsExactly("ok\uFFFD\uFFFDx", "y");
    }

    @Test
    void utf16WithAndWithoutBomIsDecoded() throws IOException {
        byte[] bom = "\uFEFFhello\nworld\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] noBom = "hello world, a line long enough\nsecond\n".getBytes(StandardCharsets.UTF_16LE);

        assertThat(lines(bom, 100)).containsExactly("hello", "world");
        assertThat(lines(noBom, 100)).containsExactly("hello world, a line long enough", "second");
    }

    @Test
    void anEndlessLineCostsBoundedMemory() throws IOException {
        InputStream endless = new InputStream() {
            long left = 50L * 1024 * 1024;

            @Override
            public int read() {
                return left-- > 0 ? 'z' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'z');
                left -= n;
                return n;
            }
        };
        try (BoundedLineReader r = new BoundedLineReader(endless, 1000)) {
            assertThat(r.readLine()).hasSize(1000);
            assertThat(r.readLine()).isNull();
            assertThat(r.truncatedLines()).isEqualTo(1);
        }
    }
}
