package io.lockdoc.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * Drops the NUL bytes a text file may start with (a preallocated log, blocks lost when a machine
 * crashed), so the text after them is judged and read. Bounded: past {@link #MAX_SKIPPED} NULs, or
 * when nothing but NULs follows, the NULs are kept and the input reads as binary, as before.
 */
public final class NulPadding {
    /** Leading NULs beyond this are not skipped ({@code /dev/zero} must end). */
    public static final long MAX_SKIPPED = 64L * 1024 * 1024;

    private static final int CHUNK = 64 * 1024;

    private NulPadding() {}

    public static InputStream skip(InputStream in) throws IOException {
        return skip(in, MAX_SKIPPED);
    }

    static InputStream skip(InputStream in, long max) throws IOException {
        byte[] buf = new byte[CHUNK];
        long skipped = 0;
        while (true) {
            int n = in.readNBytes(buf, 0, CHUNK);
            int i = 0;
            while (i < n && buf[i] == 0) {
                i++;
            }
            if (i < n) {
                // a UTF-16BE character starts with a NUL: keep it when the text starts at an odd offset
                boolean utf16be = ((skipped + i) & 1) == 1 && i + 1 < n && buf[i + 1] == 0;
                int from = utf16be ? i - 1 : i;
                return new SequenceInputStream(new ByteArrayInputStream(buf, from, n - from), in);
            }
            if (n == CHUNK && skipped + n < max) {
                skipped += n;
                continue;
            }
            // only NULs up to the end or the bound: keep some, so the input is judged binary, not empty
            int keep = n > 0 ? n : (int) Math.min(skipped, CHUNK);
            return new SequenceInputStream(new ByteArrayInputStream(n > 0 ? buf : new byte[keep], 0, keep), in);
        }
    }
}
