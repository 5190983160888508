package io.lockdoc.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Finds lines that may hold one of a set of ASCII keywords without decoding them. The scan probes one
 * four-byte window every {@code stride} bytes; an occurrence of a keyword always covers a probed
 * position, whose window is then one of the keyword's first {@code stride} four-byte pieces (the last
 * of which may run one byte past a short keyword: every value of that byte is stored). A superset
 * test: callers still check the whole keyword.
 */
public final class KeywordFilter implements BoundedLineReader.LineFilter {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int MULTIPLIER = 0x9E3779B1;

    private final int[] table;
    private final boolean[] used;
    private final int shift;
    private final int stride;

    private KeywordFilter(Set<Integer> pieces, int stride) {
        int bits = 10;
        while ((1 << bits) < pieces.size() * 16) {
            bits++;
        }
        this.table = new int[1 << bits];
        this.used = new boolean[1 << bits];
        this.shift = 32 - bits;
        this.stride = stride;
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

    /** @param keywords ASCII, at least four characters each; the shortest sets the stride (length - 2, at most 4) */
    public static KeywordFilter of(Collection<String> keywords) {
        int shortest = Integer.MAX_VALUE;
        for (String k : keywords) {
            if (k.length() < 4 || !StandardCharsets.US_ASCII.newEncoder().canEncode(k)) {
                throw new IllegalArgumentException("keyword must be ASCII and at least 4 characters: " + k);
            }
            shortest = Math.min(shortest, k.length());
        }
        int stride = Math.max(1, Math.min(4, shortest - 2));
        Set<Integer> pieces = new LinkedHashSet<>();
        for (String k : keywords) {
            byte[] b = java.util.Arrays.copyOf(k.getBytes(StandardCharsets.US_ASCII), k.length() + 1);
            for (int off = 0; off < stride; off++) {
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
        return new KeywordFilter(pieces, stride);
    }

    @Override
    public int find(byte[] bytes, int from, int to) {
        int[] t = table;
        boolean[] u = used;
        int sh = shift;
        int mask = t.length - 1;
        for (int i = from; i <= to - 4; i += stride) {
            int w = (int) INT.get(bytes, i);
            int h = (w * MULTIPLIER) >>> sh;
            while (u[h]) {
                if (t[h] == w) {
                    return i;
                }
                h = (h + 1) & mask;
            }
        }
        return -1;
    }
}
