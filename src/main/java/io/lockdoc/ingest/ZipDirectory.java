package io.lockdoc.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;

/**
 * How many entries a zip's central directory can hold at most, from where its end record says the
 * directory starts: commons-compress's {@code ZipFile} builds an object for every one before any is
 * read, so a zip of millions of empty entries is read as a stream instead.
 */
final class ZipDirectory {
    /** The smallest central-directory record (46 bytes and an empty name). */
    static final int MIN_RECORD = 46;

    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int EOCD_LENGTH = 22;

    private ZipDirectory() {}

    /** The most records the directory can hold, or -1 when the end record is missing or nonsense. */
    static long maxEntries(SeekableByteChannel ch) throws IOException {
        long size = ch.size();
        int tail = (int) Math.min(size, EOCD_LENGTH + 0xFFFF);
        ByteBuffer end = read(ch, size - tail, tail);
        for (int i = tail - EOCD_LENGTH; i >= 0; i--) {
            if (end.getInt(i) != EOCD) {
                continue;
            }
            long offset = end.getInt(i + 16) & 0xFFFFFFFFL;
            long eocdAt = size - tail + i;
            if (offset == 0xFFFFFFFFL && eocdAt >= 20) {
                offset = zip64Offset(ch, eocdAt);
            }
            return offset < 0 || offset > size ? -1 : (size - offset) / MIN_RECORD;
        }
        return -1;
    }

    /** The directory's offset from the zip64 end record, or -1. */
    private static long zip64Offset(SeekableByteChannel ch, long eocdAt) throws IOException {
        ByteBuffer locator = read(ch, eocdAt - 20, 20);
        if (locator.getInt(0) != ZIP64_LOCATOR) {
            return -1;
        }
        long recordAt = locator.getLong(8);
        if (recordAt < 0 || recordAt + 56 > ch.size()) {
            return -1;
        }
        ByteBuffer record = read(ch, recordAt, 56);
        return record.getInt(0) == ZIP64_EOCD ? record.getLong(48) : -1;
    }

    private static ByteBuffer read(SeekableByteChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        ch.position(at);
        while (b.hasRemaining() && ch.read(b) >= 0) {
            // keep reading: a channel may return fewer bytes than asked
        }
        return b.flip();
    }
}
