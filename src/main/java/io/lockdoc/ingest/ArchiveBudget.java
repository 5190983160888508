package io.lockdoc.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Counts what reading one archive costs against its {@link Archives.Limits}: entries, the bytes of the
 * entries kept, every byte inflated (kept or only passed over, as a tar does to reach its next entry)
 * and the CPU time spent. A bound that cuts throws {@link Stop}, whose message says which.
 */
final class ArchiveBudget {
    /** A whole-archive bound was reached: the rest of the archive is not read. */
    static final class Stop extends IOException {
        Stop(String message) {
            super(message);
        }
    }

    final Archives.Limits limits;
    private final long compressed;
    private final LongSupplier cpu;
    private final long cpuStart;
    private long kept;
    private long inflated;
    private int entries;
    private long dropped;
    /** The entry being read or passed over, for messages. */
    String current = "the start of the archive";

    ArchiveBudget(long compressed, Archives.Limits limits, LongSupplier cpu) {
        this.compressed = compressed;
        this.limits = limits;
        this.cpu = cpu;
        this.cpuStart = cpu.getAsLong();
    }

    /** False once the archive has more entries than allowed: the entry is only counted, nothing is kept. */
    boolean entry(String name) throws Stop {
        entries++;
        current = name;
        cpu(0);
        if (entries > limits.entries()) {
            dropped++;
            return false;
        }
        return true;
    }

    /** One problem naming how many entries the entry limit dropped; {@code counted}: all were seen. */
    void reportDropped(List<Inputs.Entry> out, boolean counted) {
        if (dropped > 0) {
            out.add(Inputs.Entry.error(
                    "(more entries)",
                    "more than " + limits.entries() + " entries in the archive; " + (counted ? "the " : "at least ")
                            + dropped + " after the first " + limits.entries() + " were not read"));
        }
    }

    /** Bytes of an entry kept in memory. */
    void kept(long n) {
        kept += n;
    }

    boolean stillRoom() {
        return kept < limits.totalBytes();
    }

    String exhaustedReason() {
        return "the archive passed " + Archives.bytes(limits.totalBytes()) + " uncompressed; not read";
    }

    /** Bytes inflated, whether kept or passed over. */
    void inflated(long n) throws Stop {
        inflated += n;
        if (inflated > limits.ratioAfterBytes() && inflated / compressed > limits.ratio()) {
            throw new Stop("decompression bomb: " + current + " took the uncompressed size past " + limits.ratio()
                    + " times the archive's size; the rest of the archive is not read");
        }
        // the entry that crosses the total may still be read to its own limit; passing over more is not
        long most = limits.totalBytes() + limits.entryBytes();
        if (inflated > most) {
            throw new Stop("more than " + Archives.bytes(most) + " uncompressed by " + current
                    + "; the rest of the archive is not read");
        }
        cpu(n);
    }

    private int callsSinceLook;
    private long bytesSinceLook;

    /** Looks at the clock after 4096 calls or 1 MiB: a look costs microseconds, an entry of a million less. */
    void cpu(long bytes) throws Stop {
        bytesSinceLook += bytes;
        if (++callsSinceLook < 4096 && bytesSinceLook < (1 << 20)) {
            return;
        }
        callsSinceLook = 0;
        bytesSinceLook = 0;
        if (cpu.getAsLong() - cpuStart > limits.cpuNanos()) {
            long ms = limits.cpuNanos() / 1_000_000;
            throw new Stop("reading the archive took more than " + (ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms")
                    + " of CPU time, at " + current + "; the rest of the archive is not read");
        }
    }

    /** {@code in}, each byte read or skipped from it counted as inflated. */
    InputStream metered(InputStream in) {
        return new FilterInputStream(in) {
            private final byte[] scratch = new byte[64 * 1024];

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    inflated(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    inflated(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                // a decompressor skips by inflating: in slices, so a bound can stop a skip of 99 GiB
                long done = 0;
                while (done < n) {
                    int r = read(scratch, 0, (int) Math.min(scratch.length, n - done));
                    if (r < 0) {
                        break;
                    }
                    done += r;
                }
                return done;
            }
        };
    }

    /** {@code in} with the CPU bound checked at each read: for inflation the meter cannot see. */
    InputStream timed(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                cpu(Math.max(n, 0));
                return n;
            }
        };
    }
}
