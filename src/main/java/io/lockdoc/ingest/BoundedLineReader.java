package io.lockdoc.ingest;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads text lines from an untrusted stream in constant memory: only {@code \n} ends a line (so
 * line numbers match {@code sed -n}), trailing {@code \r} is dropped, NUL bytes vanish, bytes that
 * are not valid in the detected charset become U+FFFD, and a line longer than the limit is cut
 * (the rest is skipped and counted in {@link #truncatedLines()}).
 */
public final class BoundedLineReader implements Closeable {
    public static final int DEFAULT_MAX_LINE = 64 * 1024;

    private final Reader reader;
    private final int maxLine;
    private final char[] buf = new char[64 * 1024];
    private int pos;
    private int len;
    private int lineNumber;
    private long truncatedLines;
    private long charsRead;
    private final Charset charset;

    public BoundedLineReader(InputStream in) throws IOException {
        this(in, DEFAULT_MAX_LINE);
    }

    public BoundedLineReader(InputStream in, int maxLine) throws IOException {
        BufferedInputStream bin = in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, 64 * 1024);
        this.charset = Charsets.detect(bin);
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.reader = new InputStreamReader(bin, decoder);
        this.maxLine = maxLine;
    }

    /** The next line without its terminator, or null at the end of the stream. */
    public String readLine() throws IOException {
        String fast = lineInBuffer();
        if (fast != null) {
            return fast;
        }
        StringBuilder sb = null;
        boolean cut = false;
        boolean any = false;
        while (true) {
            if (pos >= len) {
                len = reader.read(buf, 0, buf.length);
                pos = 0;
                if (len <= 0) {
                    len = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
                charsRead += len;
            }
            any = true;
            int start = pos;
            while (pos < len && buf[pos] != '\n') {
                pos++;
            }
            int end = pos;
            boolean eol = pos < len;
            if (eol) {
                pos++;
            }
            if (sb == null) {
                sb = new StringBuilder(Math.min(end - start + 16, maxLine));
            }
            int room = maxLine - sb.length();
            int take = Math.min(room, end - start);
            if (take > 0) {
                append(sb, start, take);
            }
            if (end - start > take) {
                cut = true;
            }
            if (eol) {
                break;
            }
        }
        lineNumber++;
        if (cut) {
            truncatedLines++;
        }
        int n = sb.length();
        while (n > 0 && sb.charAt(n - 1) == '\r') {
            n--;
        }
        sb.setLength(n);
        return sb.toString();
    }

    /** The next line when it lies whole in the buffer, is short enough and has no NUL; else null, nothing consumed. */
    private String lineInBuffer() {
        int end = pos;
        int limit = Math.min(len, pos + maxLine + 1);
        while (end < limit) {
            char c = buf[end];
            if (c == '\n') {
                break;
            }
            if (c == '\0') {
                return null;
            }
            end++;
        }
        if (end >= limit || end - pos > maxLine) {
            return null;
        }
        int start = pos;
        pos = end + 1;
        lineNumber++;
        int n = end;
        while (n > start && buf[n - 1] == '\r') {
            n--;
        }
        return new String(buf, start, n - start);
    }

    private void append(StringBuilder sb, int start, int count) {
        for (int i = start; i < start + count; i++) {
            char c = buf[i];
            if (c != '\0') {
                sb.append(c);
            }
        }
    }

    /** 1-based number of the line last returned. */
    public int lineNumber() {
        return lineNumber;
    }

    public long truncatedLines() {
        return truncatedLines;
    }

    public long charsRead() {
        return charsRead;
    }

    public Charset charset() {
        return charset;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /** Picks the charset from a BOM or from the NUL pattern of UTF-16 without one; UTF-8 otherwise. */
    static final class Charsets {
        private Charsets() {}

        static Charset detect(BufferedInputStream in) throws IOException {
            in.mark(4096);
            byte[] head = in.readNBytes(4096);
            in.reset();
            int n = head.length;
            if (n >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
                in.skip(3);
                return StandardCharsets.UTF_8;
            }
            if (n >= 2 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE) {
                in.skip(2);
                return StandardCharsets.UTF_16LE;
            }
            if (n >= 2 && (head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF) {
                in.skip(2);
                return StandardCharsets.UTF_16BE;
            }
            return utf16Guess(head).orElse(StandardCharsets.UTF_8);
        }

        /** UTF-16 text of ASCII has a NUL in every other byte; binary has them scattered. */
        static java.util.Optional<Charset> utf16Guess(byte[] head) {
            int pairs = head.length / 2;
            if (pairs < 8) {
                return java.util.Optional.empty();
            }
            int evenNul = 0;
            int oddNul = 0;
            for (int i = 0; i + 1 < head.length; i += 2) {
                if (head[i] == 0) {
                    evenNul++;
                }
                if (head[i + 1] == 0) {
                    oddNul++;
                }
            }
            if (oddNul > pairs * 0.9 && evenNul < pairs * 0.05) {
                return java.util.Optional.of(StandardCharsets.UTF_16LE);
            }
            if (evenNul > pairs * 0.9 && oddNul < pairs * 0.05) {
                return java.util.Optional.of(StandardCharsets.UTF_16BE);
            }
            return java.util.Optional.empty();
        }
    }
}
