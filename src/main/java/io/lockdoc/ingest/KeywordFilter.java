package io.lockdoc.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A line may matter when it holds one of a set of ASCII keywords, found by their four-byte pieces: a
 * keyword of length L >= 4 + k - 1 covers a position that is a multiple of k from the start of the
 * scan with one of its first k pieces, so one table probe per k bytes finds every occurrence (and a
 * few lines that only share a piece: a superset test, callers still check the whole keyword).
 */
public final class KeywordFilter implements BoundedLineReader.LineFilter {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int BITS = 12;

    private final int[] table = new int[1 << BITS];
    private final int multiplier;
    private final int stride;

    private KeywordFilter(int[] prefixes, int stride) {
        this.stride = stride;
        this.multiplier = perfectMultiplier(prefixes);
        for (int slot = 0; slot < table.length; slot++) {
            // an empty slot holds a prefix that hashes elsewhere, so no window can match it
            table[slot] = slot(prefixes[0], multiplier) != slot ? prefixes[0] : prefixes[prefixes.length - 1];
        }
        for (int p : prefixes) {
            table[slot(p, multiplier)] = p;
        }
    }

    /** @param keywords ASCII, at least four characters each */
    public static KeywordFilter of(Collection<String> keywords) {
        int shortest = Integer.MAX_VALUE;
        for (String k : keywords) {
            if (k.length() < 4 || !StandardCharsets.US_ASCII.newEncoder().canEncode(k)) {
                throw new IllegalArgumentException("keyword must be ASCII and at least 4 characters: " + k);
            }
            shortest = Math.min(shortest, k.length());
        }
        int stride = Math.min(4, shortest - 3);
        Set<Integer> prefixes = new LinkedHashSet<>();
        for (String k : keywords) {
            byte[] b = k.getBytes(StandardCharsets.US_ASCII);
            for (int off = 0; off < stride; off++) {
                prefixes.add((int) INT.get(b, off));
            }
        }
        if (prefixes.size() < 2 || prefixes.size() > tableSize() / 8) {
            throw new IllegalArgumentException("between 2 and " + tableSize() / 8 + " distinct prefixes needed");
        }
        return new KeywordFilter(prefixes.stream().mapToInt(Integer::intValue).toArray(), stride);
    }

    private static int tableSize() {
        return 1 << BITS;
    }

    @Override
    public int find(byte[] bytes, int from, int to) {
        int[] t = table;
        int m = multiplier;
        int k = stride;
        for (int i = from; i <= to - 4; i += k) {
            int w = (int) INT.get(bytes, i);
            if (t[(w * m) >>> (32 - BITS)] == w) {
                return i;
            }
        }
        return -1;
    }

    private static int slot(int word, int multiplier) {
        return (word * multiplier) >>> (32 - BITS);
    }

    /** An odd multiplier that sends every prefix to its own slot (found by trying; the table is sparse). */
    private static int perfectMultiplier(int[] prefixes) {
        int m = 0x9E3779B1;
        for (int attempt = 0; attempt < 1_000_000; attempt++, m += 0x3C6EF372) {
            m |= 1;
            Set<Integer> used = new java.util.HashSet<>();
            boolean ok = true;
            for (int p : prefixes) {
                ok &= used.add(slot(p, m));
            }
            if (ok) {
                return m;
            }
        }
        throw new IllegalStateException("no collision-free multiplier for " + prefixes.length + " prefixes");
    }
}
