package io.lockdoc.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that can be read once, such as stdin. It ends after {@code maxBytes}: an endless pipe
 * ({@code yes}, a log that keeps growing) costs bounded time, and the cut is reported.
 */
final class StreamArtifact implements Artifact {
    private final String name;
    private final long maxBytes;
    private InputStream in;
    private volatile boolean cut;

    StreamArtifact(String name, InputStream in, long maxBytes) {
        this.name = name;
        this.in = in;
        this.maxBytes = maxBytes;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() {
        return -1;
    }

    @Override
    public String cutReason() {
        return cut
                ? "the input passed " + Archives.bytes(maxBytes) + " (" + Inputs.MAX_STDIN_ENV
                        + "); the rest was not read"
                : null;
    }

    @Override
    public synchronized InputStream open() throws IOException {
        if (in == null) {
            throw new IOException(name + " can be read only once");
        }
        InputStream s = in;
        in = null;
        return new FilterInputStream(s) {
            private long left = maxBytes;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    cut = cut || super.read() >= 0;
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        };
    }
}
