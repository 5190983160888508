package io.lockdoc.collect;

import java.util.ArrayList;
import java.util.List;

/**
 * The processes holding {@code /dev/fuse} open, found by reading fd links (strings, never
 * followed; bounded in processes and descriptors). Only looked for when a task waits for a FUSE
 * reply: which of them serves the waiter's mount is decided by {@code analyze} from their fdinfo.
 */
final class FuseDaemons {
    static final int MAX_SCANNED = 4096;
    static final int MAX_DAEMONS = 16;

    private FuseDaemons() {}

    static List<Integer> find(Collection c) {
        List<Integer> out = new ArrayList<>();
        var pids = c.io.list(c.proc, 1_000_000);
        if (!pids.ok()) {
            c.miss("FUSE daemons", c.proc + " cannot be listed: " + pids.failure());
            return out;
        }
        int scanned = 0;
        for (String p : pids.value()) {
            if (p.isEmpty() || !p.chars().allMatch(Character::isDigit)) {
                continue;
            }
            if (scanned++ >= MAX_SCANNED || out.size() >= MAX_DAEMONS) {
                c.notes.add("FUSE daemons: stopped after " + out.size() + " daemons in " + scanned + " processes");
                break;
            }
            var fds = c.io.list(c.proc.resolve(p).resolve("fd"), Collector.MAX_FDS);
            if (!fds.ok()) {
                continue; // exited, or a kernel thread
            }
            for (String fd : fds.value()) {
                var l = c.io.readLink(c.proc.resolve(p).resolve("fd").resolve(fd));
                if (l.ok() && l.value().equals("/dev/fuse")) {
                    out.add(Integer.parseInt(p));
                    break;
                }
            }
        }
        return out;
    }
}
