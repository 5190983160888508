package io.lockdoc.parse;

import io.lockdoc.ingest.BoundedLineReader;
import java.io.IOException;
import java.io.Reader;

/**
 * A {@link Reader} over a {@link BoundedLineReader}: one {@code \n} per line, so line numbers agree. For
 * CSV, a line cut by the length limit inside a quoted field gets its quote closed, or the open quote
 * would swallow every line after it.
 */
public final class LinesReader extends Reader {
    /** Told of each line cut by the length limit: its number, and whether a quote was closed there. */
    public interface CutLines {
        void cut(int line, boolean quoteClosed);
    }

    private final BoundedLineReader lines;
    private final CutLines csvCuts; // null: not CSV, quotes mean nothing
    private boolean inQuote;
    private String current;
    private int pos;
    private boolean eof;

    public LinesReader(BoundedLineReader lines) {
        this(lines, null);
    }

    public LinesReader(BoundedLineReader lines, CutLines csvCuts) {
        this.lines = lines;
        this.csvCuts = csvCuts;
    }

    /** Told of each line as it is read, with its number (a parser that quotes what a token stream read). */
    public LinesReader onLine(java.util.function.ObjIntConsumer<String> listener) {
        this.listener = listener;
        return this;
    }

    private java.util.function.ObjIntConsumer<String> listener;

    private String next() throws IOException {
        long cutBefore = lines.truncatedLines();
        String l = lines.readLine();
        if (l != null && listener != null) {
            listener.accept(l, lines.lineNumber());
        }
        if (l == null || csvCuts == null) {
            return l;
        }
        for (int i = 0; i < l.length(); i++) {
            inQuote ^= l.charAt(i) == '"';
        }
        if (lines.truncatedLines() == cutBefore) {
            return l;
        }
        boolean close = inQuote;
        inQuote = false;
        csvCuts.cut(lines.lineNumber(), close);
        return close ? l + '"' : l;
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
                String l = next();
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
