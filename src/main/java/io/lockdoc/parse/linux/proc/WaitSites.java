package io.lockdoc.parse.linux.proc;

import io.lockdoc.model.userspace.LockEdge;
import io.lockdoc.parse.FactSink;
import java.util.ArrayList;
import java.util.List;

/**
 * A thread's waits, held until the application frame they happen in is known: the frame just
 * above the wait, or, when that is the JDK's (a synchronized {@code Hashtable.get}), the first
 * application frame below it. Frames are parsed only while a wait still needs its site.
 */
final class WaitSites {
    private final List<LockEdge> waits = new ArrayList<>();
    private String lastFrame;
    private String[] site;
    private boolean pending;

    void frame(String line) {
        if (pending) {
            String[] f = JavaFrames.frame(line);
            if (JavaFrames.isApplication(f)) {
                site = f;
                pending = false;
            }
        }
        lastFrame = line;
    }

    void add(LockEdge e) {
        if (site == null && !pending) {
            String[] f = lastFrame == null ? null : JavaFrames.frame(lastFrame);
            if (JavaFrames.isApplication(f)) {
                site = f;
            } else {
                pending = true;
            }
        }
        waits.add(e);
    }

    void flush(FactSink sink) {
        for (LockEdge e : waits) {
            sink.fact(site == null ? e : e.withSite(site[0], site[1]));
        }
        waits.clear();
        lastFrame = null;
        site = null;
        pending = false;
    }
}
