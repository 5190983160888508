package io.lockdoc.ingest;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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

    private final InputStream in;
    private final Reader reader; // UTF-16 only; UTF-8 is read as bytes, so lines can be skipped undecoded
    private final int maxLine;
    private final char[] buf;
    private int pos;
    private int len;
    private final byte[] bytes;
    private int bpos;
    private int blen;
    private boolean eof;
    private int lineNumber;
    private int[] origins; // normalised paste: the original number of each line
    private long truncatedLines;
    private final Charset charset;

    public BoundedLineReader(InputStream in) throws IOException {
        this(in, DEFAULT_MAX_LINE);
    }

    public BoundedLineReader(InputStream in, int maxLine) throws IOException {
        BufferedInputStream bin = in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, 64 * 1024);
        this.in = bin;
        this.charset = Charsets.detect(bin);
        this.maxLine = maxLine;
        if (charset == StandardCharsets.UTF_8) {
            this.reader = null;
            this.buf = null;
            // room for a pending line and a whole next one, so skipLines can leave the line before a hit unread
            this.bytes = new byte[Math.max(256 * 1024, 2 * maxLine + 16)];
        } else {
            CharsetDecoder decoder = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            this.reader = new InputStreamReader(bin, decoder);
            this.buf = new char[64 * 1024];
            this.bytes = null;
        }
    }

    /** The next line without its terminator, or null at the end of the stream. */
    public String readLine() throws IOException {
        return bytes != null ? readByteLine() : readCharLine();
    }

    /**
     * Skips whole lines the filter rules out, without decoding them, and stops so that the next {@link
     * #readLine()} returns the last skipped line, then the first line the filter did not rule out (callers
     * keep the line before a hit as context). A line is ruled out only when it is at most the length
     * limit, holds no control character other than tab (and a CR before its newline), and the filter
     * finds nothing in it. Does nothing for UTF-16 input.
     *
     * @return the number of lines skipped
     */
    public long skipLines(KeywordFilter filter) throws IOException {
        if (bytes == null) {
            return 0;
        }
        long skipped = 0;
        int pending = -1; // start of the last line ruled out, not yet consumed
        int s = bpos; // start of the first line not looked at
        while (true) {
            int end = blen;
            while (end > s && bytes[end - 1] != '\n') {
                end--;
            }
            if (end > s) {
                int stop = plainUpTo(s, end, filter);
                if (newlines > 0) {
                    int consumed = newlines - 1 + (pending >= 0 ? 1 : 0);
                    skipped += consumed;
                    lineNumber += consumed;
                    pending = newlines >= 2 ? previousNewline + 1 : s;
                }
                if (stop < end) {
                    s = lastNewline + 1; // the line holding the hit or the control character
                    break;
                }
                s = end;
            }
            int keep = pending >= 0 ? pending : s;
            if (eof || blen - keep >= bytes.length - 1) {
                break;
            }
            compact(keep);
            s -= keep;
            if (pending >= 0) {
                pending -= keep;
            }
            fill();
        }
        bpos = pending >= 0 ? pending : s;
        return skipped;
    }

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LOWS = 0x7f7f7f7f7f7f7f7fL;

    /** The high bit of each zero byte of {@code y}, exactly (no borrow between bytes). */
    private static long zeroBytes(long y) {
        return ~(((y & LOWS) + LOWS) | y) & HIGHS;
    }

    // results of plainUpTo, in fields to spare an allocation per call
    private int newlines;
    private int lastNewline;
    private int previousNewline;

    /**
     * Scans [s, to) for the first byte that makes its line not plain (a control character other than
     * tab, newline and CR-before-newline; a byte of a line that may be over the limit; a window the
     * filter holds) and returns its index, or {@code to}. Counts the newlines before it; {@link
     * #lastNewline} and {@link #previousNewline} are the last two of them ({@code s - 1} standing in
     * when there are fewer). One eight-byte load serves the control test and two filter probes.
     */
    private int plainUpTo(int s, int to, KeywordFilter filter) {
        byte[] b = bytes;
        boolean[] used = filter.used;
        int shift = filter.shift;
        int count = 0;
        int lineStart = s; // at or before the start of the line being scanned
        int i = s;
        int stop = to;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONG.get(b, i);
            int w = (int) x;
            int v = (int) (x >>> 32);
            if (used[(w * KeywordFilter.MULTIPLIER) >>> shift] && filter.contains(w)) {
                stop = i;
                break;
            }
            if (used[(v * KeywordFilter.MULTIPLIER) >>> shift] && filter.contains(v)) {
                stop = firstStop(i, i + 4, lineStart); // the hit's line, or an earlier one not plain
                count += newlinesIn(i, stop);
                break;
            }
            // one test for most longs: is any byte's low seven bits 0x7f or below 0x20? (0x80-0x9f, 0xff too)
            if ((~((((x & LOWS) + ONES) & LOWS) + 0x5f5f5f5f5f5f5f5fL) & HIGHS) != 0) {
                // per byte, in its high bit: below 0x20 (ASCII only), equal to 0x7f
                long control = ~(((x & LOWS) + 0x6060606060606060L) | x) & HIGHS;
                long delete = zeroBytes(x ^ LOWS);
                long nl = zeroBytes(x ^ 0x0a0a0a0a0a0a0a0aL);
                long allowed =
                        nl | zeroBytes(x ^ 0x0909090909090909L) | (zeroBytes(x ^ 0x0d0d0d0d0d0d0d0dL) & (nl >>> 8));
                if (((control & ~allowed) | delete) != 0 || i + 8 - lineStart > maxLine) {
                    int at = firstStop(i, i + 8, lineStart);
                    if (at < i + 8) {
                        stop = at;
                        count += newlinesIn(i, at);
                        break;
                    }
                }
                count += (int) (((nl >>> 7) * ONES) >>> 56);
                lineStart = i;
            }
        }
        if (stop == to && i < to) {
            // fewer than eight bytes left: one window at most
            if (filter.find(b, i, to) >= 0) {
                stop = i;
            } else {
                stop = firstStop(i, to, lineStart);
                count += newlinesIn(i, stop);
            }
        }
        newlines = count;
        int last = stop - 1;
        while (last >= s && b[last] != '\n') {
            last--;
        }
        int previous = last - 1;
        while (previous >= s && b[previous] != '\n') {
            previous--;
        }
        lastNewline = Math.max(last, s - 1);
        previousNewline = Math.max(previous, s - 1);
        return stop;
    }

    private int newlinesIn(int from, int to) {
        int n = 0;
        for (int k = from; k < to; k++) {
            n += bytes[k] == '\n' ? 1 : 0;
        }
        return n;
    }

    /**
     * The first byte in [from, to) that makes its line not plain, or {@code to}; {@code lineStart} is at
     * or before the start of the line {@code from} is in.
     */
    private int firstStop(int from, int to, int lineStart) {
        byte[] b = bytes;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (((c & 0xff) >= 0x20 && c != 0x7f) || c == '\t') {
                if (i - lineStart >= maxLine) {
                    return i; // perhaps a line over the limit: let readLine measure it
                }
                continue;
            }
            if (c == '\n' && i - lineStart <= maxLine) {
                lineStart = i + 1;
                continue;
            }
            if (c == '\r' && i + 1 < blen && b[i + 1] == '\n') {
                continue;
            }
            return i;
        }
        return to;
    }

    private void compact(int from) {
        System.arraycopy(bytes, from, bytes, 0, blen - from);
        blen -= from;
        bpos = Math.max(0, bpos - from);
    }

    /** Reads more bytes after {@code blen}; sets {@code eof} when the stream ends. */
    private void fill() throws IOException {
        int n = in.read(bytes, blen, bytes.length - blen);
        if (n < 0) {
            eof = true;
        } else {
            blen += n;
        }
    }

    private String readByteLine() throws IOException {
        int scan = bpos;
        while (true) {
            int i = scan;
            byte[] b = bytes;
            int limit = Math.min(blen, bpos + maxLine + 1);
            while (i < limit && b[i] != '\n') {
                i++;
            }
            if (i < blen && b[i] == '\n' && i - bpos <= maxLine) {
                String line = decode(bpos, i);
                bpos = i + 1;
                lineNumber++;
                return line;
            }
            if (i - bpos > maxLine) {
                return longLine();
            }
            if (eof) {
                if (bpos >= blen) {
                    return null;
                }
                String line = decode(bpos, blen);
                bpos = blen;
                lineNumber++;
                return line;
            }
            scan = i - bpos;
            compact(bpos);
            fill();
            scan += bpos;
        }
    }

    /** The first {@code maxLine} bytes of a line longer than that; the rest is read and dropped. */
    private String longLine() throws IOException {
        String head = decode(bpos, bpos + maxLine);
        bpos += maxLine;
        truncatedLines++;
        lineNumber++;
        while (true) {
            int i = bpos;
            while (i < blen && bytes[i] != '\n') {
                i++;
            }
            if (i < blen) {
                bpos = i + 1;
                return head;
            }
            bpos = 0;
            blen = 0;
            if (eof) {
                return head;
            }
            fill();
        }
    }

    /** Bytes [from, to) as UTF-8, NUL bytes and trailing CRs dropped, bad bytes as U+FFFD. */
    private String decode(int from, int to) {
        int n = to;
        while (n > from && bytes[n - 1] == '\r') {
            n--;
        }
        int nul = -1;
        for (int i = from; i < n; i++) {
            if (bytes[i] == 0) {
                nul = i;
                break;
            }
        }
        if (nul < 0) {
            return new String(bytes, from, n - from, StandardCharsets.UTF_8);
        }
        byte[] kept = new byte[n - from];
        int k = 0;
        for (int i = from; i < n; i++) {
            if (bytes[i] != 0) {
                kept[k++] = bytes[i];
            }
        }
        return new String(kept, 0, k, StandardCharsets.UTF_8);
    }

    private String readCharLine() throws IOException {
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

    /** 1-based number of the line last returned (in the original text, for a normalised paste). */
    public int lineNumber() {
        int[] o = origins;
        return o != null && lineNumber > 0 && lineNumber <= o.length ? o[lineNumber - 1] : lineNumber;
    }

    /** Reports line numbers through {@code origins} (line i of this stream was line origins[i-1] of the paste). */
    public BoundedLineReader withOrigins(int[] origins) {
        this.origins = origins;
        return this;
    }

    public long truncatedLines() {
        return truncatedLines;
    }

    public Charset charset() {
        return charset;
    }

    @Override
    public void close() throws IOException {
        in.close();
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
