package io.lockdoc.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Finds lines that may hold one of a set of ASCII keywords without decoding them, for {@link
 * BoundedLineReader#skipLines}. The scan probes one four-byte window every four bytes; an occurrence
 * of a keyword (six bytes or more) always covers a probed position, whose window is then one of the
 * keyword's first four pieces (the last of which may run one byte past a six-byte keyword: every value
 * of that byte is stored). A superset test: callers still check the whole keyword.
 */
public final class KeywordFilter {
    static final int STRIDE = 4;
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final int MULTIPLIER = 0x9E3779B1;

    // open addressing, linear probing; read directly by the reader's scan loop
    final int[] table;
    final boolean[] used;
    final int shift;

    private KeywordFilter(Set<Integer> pieces) {
        int bits = 10;
        while ((1 << bits) < pieces.size() * 16) {
            bits++;
        }
        this.table = new int[1 << bits];
        this.used = new boolean[1 << bits];
        this.shift = 32 - bits;
        int mask = table.length - 1;
        for (int p : pieces) {
            int h = (p * MULTIPLIER) >>> shift;
            while (used[h]) {
                h = (h + 1) & mask;
            }
            used[h] = true;
            table[h] = p;
        }
    }

    /** @param keywords ASCII, at least six characters each */
    public static KeywordFilter of(Collection<String> keywords) {
        Set<Integer> pieces = new LinkedHashSet<>();
        for (String k : keywords) {
            if (k.length() < STRIDE + 2
                    || !StandardCharsets.US_ASCII.newEncoder().canEncode(k)) {
                throw new IllegalArgumentException("keyword must be ASCII and at least 6 characters: " + k);
            }
            byte[] b = java.util.Arrays.copyOf(k.getBytes(StandardCharsets.US_ASCII), k.length() + 1);
            for (int off = 0; off < STRIDE; off++) {
                if (off + 4 <= k.length()) {
                    pieces.add((int) INT.get(b, off));
                } else {
                    for (int next = 0; next < 256; next++) {
                        b[k.length()] = (byte) next;
                        pieces.add((int) INT.get(b, off));
                    }
                }
            }
        }
        return new KeywordFilter(pieces);
    }

    /** A probed position in [from, to) whose window is a keyword piece, or -1. */
    public int find(byte[] bytes, int from, int to) {
        for (int i = from; i <= to - 4; i += STRIDE) {
            if (contains((int) INT.get(bytes, i))) {
                return i;
            }
        }
        return -1;
    }

    boolean contains(int window) {
        int h = (window * MULTIPLIER) >>> shift;
        while (used[h]) {
            if (table[h] == window) {
                return true;
            }
            h = (h + 1) & (table.length - 1);
        }
        return false;
    }
}
