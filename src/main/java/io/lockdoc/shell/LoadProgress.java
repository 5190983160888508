package io.lockdoc.shell;

import java.io.InterruptedIOException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Bytes a load read so far against the total, shown at most four times a second; stops on cancel. */
final class LoadProgress {
    private final String what;
    private final long total;
    private final AtomicBoolean cancel;
    private final Session.Console con;
    private final AtomicLong done = new AtomicLong();
    private long lastShown;

    /** @param what the path, escaped for the terminal already */
    LoadProgress(String what, long total, AtomicBoolean cancel, Session.Console con) {
        this.what = what;
        this.total = total;
        this.cancel = cancel;
        this.con = con;
    }

    void add(long n) throws InterruptedIOException {
        if (cancel.get()) {
            throw new InterruptedIOException("load cancelled");
        }
        long d = done.addAndGet(n);
        long now = System.nanoTime();
        if (now - lastShown > 250_000_000L) {
            lastShown = now;
            con.progress(String.format(
                    Locale.ROOT,
                    "loading %s: %d of %s MB (Ctrl-C cancels)",
                    what,
                    d >> 20,
                    total > 0 ? Long.toString(total >> 20) : "?"));
        }
    }
}
