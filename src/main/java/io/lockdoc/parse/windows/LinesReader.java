package io.lockdoc.parse.windows;

import io.lockdoc.ingest.BoundedLineReader;
import java.io.IOException;
import java.io.Reader;

/** A {@link Reader} over a {@link BoundedLineReader}: one {@code \n} per line, so line numbers agree. */
final class LinesReader extends Reader {
    private final BoundedLineReader lines;
    private String current;
    private int pos;
    private boolean eof;

    LinesReader(BoundedLineReader lines) {
        this.lines = lines;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len) {
            if (current == null) {
                if (eof) {
                    break;
                }
                String l = lines.readLine();
                if (l == null) {
                    eof = true;
                    break;
                }
                current = l + "\n";
                pos = 0;
            }
            int take = Math.min(len - n, current.length() - pos);
            current.getChars(pos, pos + take, buf, off + n);
            pos += take;
            n += take;
            if (pos >= current.length()) {
                current = null;
            }
        }
        return n == 0 ? -1 : n;
    }

    @Override
    public void close() {
        // the caller owns the line reader
    }
}
