package io.lockdoc.engine;

import io.lockdoc.model.Frame;
import io.lockdoc.model.KernelWaitChain;
import io.lockdoc.model.userspace.OpenFile;
import io.lockdoc.model.userspace.TaskRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A kernel lock wait read from a live capture when no hung-task report names it, for locks a
 * system call takes at the start of a known function: a task in D with that function on top of
 * its stack waits for the lock (the scheduling frames /proc hides are the lock's); the holder is
 * the one task inside a call on the same file whose stack goes on above such a function (a page
 * fault, a FUSE request), not one asleep in a wait that let go of it. Exactly one such task makes
 * a chain; none or several make none.
 */
final class LockSiteWaits {
    /** Where a lock is taken: the functions, the calls that reach them, the files, and the lock's name. */
    private record Site(Pattern function, Set<Integer> syscalls, String targetPrefix, String lock) {
        boolean on(OpenFile f) {
            return f.getTarget().startsWith(targetPrefix);
        }
    }

    private static final List<Site> SITES = List.of(
            // read, write, readv, writev on x86_64; waiting for data or room sleeps in S with the mutex released
            new Site(
                    Pattern.compile("^(?:anon_)?pipe_(?:read|write)$"),
                    Set.of(0, 1, 19, 20),
                    "pipe:[",
                    "mutex (pipe->mutex of %s)"),
            // write, pwrite64, writev, pwritev, pwritev2: inode_lock (down_write on i_rwsem) in the write_iter
            new Site(
                    Pattern.compile("^(?:\\w+_file_write_iter|generic_file_write_iter|\\w+_buffered_write_iter)$"),
                    Set.of(1, 18, 20, 296, 328),
                    "/",
                    "rw-semaphore (i_rwsem of %s)"));

    /** Frames of a task that sleeps with the lock released, or has not got it yet. */
    private static final Pattern WAITING = Pattern.compile(
            "^(?:pipe_wait\\w*|prepare_to_wait\\w*|__?mutex_lock\\w*|mutex_lock\\w*|rwsem_down\\w*|down_(?:read|write)\\w*)$");

    private LockSiteWaits() {}

    static List<KernelWaitChain> from(LiveTasks live) {
        List<KernelWaitChain> out = new ArrayList<>();
        for (TaskRow w : live.rows()) {
            Site site = w.getStat().startsWith("D") ? siteOnTop(w, live.stack(w)) : null;
            OpenFile file = site == null ? null : fileOfCall(live, w, site);
            if (file == null) {
                continue;
            }
            List<TaskRow> holders = new ArrayList<>();
            for (TaskRow h : live.rows()) {
                OpenFile hf = h == w ? null : fileOfCall(live, h, site);
                if (hf != null && hf.getTarget().equals(file.getTarget()) && pastTheLock(site, live.stack(h))) {
                    holders.add(h);
                }
            }
            if (holders.size() == 1) {
                out.add(chain(w, live.stack(w), holders.get(0), live.stack(holders.get(0)), site, file));
            }
        }
        return out;
    }

    private static KernelWaitChain chain(
            TaskRow w, List<String> ws, TaskRow h, List<String> hs, Site site, OpenFile file) {
        List<Frame> frames =
                hs.stream().map(f -> new Frame(f, null, null, true, 0)).toList();
        List<KernelWaitChain.Hop> hops = List.of(new KernelWaitChain.Hop(
                w.getComm() + ":" + w.getTid(),
                String.format(site.lock(), file.getTarget()),
                h.getComm() + ":" + h.getTid(),
                file.getEvidence().getArtifact(),
                file.getEvidence().getFirstLine()));
        return new KernelWaitChain(
                        w.getId(),
                        hops,
                        false,
                        h.getComm() + ":" + h.getTid(),
                        h.getStat(),
                        frames,
                        hs.get(0),
                        KernelWaitChains.waitsFor(frames).orElse(null),
                        w.getEvidence(),
                        true)
                .withWaiterFunction(top(w, ws));
    }

    /** The site whose function is where the task sleeps: on top of its stack, or its wait channel. */
    private static Site siteOnTop(TaskRow w, List<String> stack) {
        String top = top(w, stack);
        for (Site s : SITES) {
            if (top != null && s.function().matcher(top).matches()) {
                return s;
            }
        }
        return null;
    }

    private static String top(TaskRow w, List<String> stack) {
        return stack != null && !stack.isEmpty() ? stack.get(0) : w.getWchan();
    }

    private static OpenFile fileOfCall(LiveTasks live, TaskRow r, Site site) {
        int fd = live.fdOfCall(r, site.syscalls());
        OpenFile f = fd < 0 ? null : live.file(r, fd);
        return f != null && site.on(f) ? f : null;
    }

    /** Above the site's function and past its lock: something it does while holding it, not a wait. */
    private static boolean pastTheLock(Site site, List<String> stack) {
        if (stack == null) {
            return false;
        }
        for (int i = 0; i < stack.size(); i++) {
            if (site.function().matcher(stack.get(i)).matches()) {
                return i > 0
                        && stack.subList(0, i).stream()
                                .noneMatch(f -> WAITING.matcher(f).matches());
            }
        }
        return false;
    }
}
