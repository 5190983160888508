package io.lockdoc.engine;

import io.lockdoc.model.KernelWaitChain;
import io.lockdoc.model.userspace.OpenFile;
import io.lockdoc.model.userspace.TaskRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A kernel mutex wait read from a live capture when no hung-task report names it: a task in D state
 * in {@code fdget_pos} waits for the {@code f_pos_lock} of an open file. Only tasks sharing that
 * open file description (threads of one process, or parent and child after fork) can hold it, and
 * the holder is the one among them that is inside a read/write/seek on the same descriptor past
 * {@code fdget_pos}. Exactly one such task makes a chain; none or several make none.
 */
final class ProcMutexWaits {
    /** read, write, lseek, pread64, pwrite64, readv, writev, getdents64 on x86_64: the calls that take f_pos_lock. */
    private static final Set<Integer> FPOS_SYSCALLS = Set.of(0, 1, 8, 17, 18, 19, 20, 217);

    private ProcMutexWaits() {}

    static List<KernelWaitChain> from(LiveTasks live) {
        List<KernelWaitChain> out = new ArrayList<>();
        for (TaskRow w : live.rows()) {
            if (!w.getStat().startsWith("D") || !inFdgetPos(w, live.stack(w))) {
                continue;
            }
            int fd = live.fdOfCall(w, FPOS_SYSCALLS);
            OpenFile file = fd < 0 ? null : live.file(w, fd);
            if (file == null) {
                continue;
            }
            List<TaskRow> holders = new ArrayList<>();
            for (TaskRow h : live.rows()) {
                if (h == w || !sharesDescription(w, h)) {
                    continue;
                }
                OpenFile hf = live.file(h, fd);
                List<String> hs = live.stack(h);
                boolean inside = live.fdOfCall(h, FPOS_SYSCALLS) == fd
                        && hf != null
                        && hf.getTarget().equals(file.getTarget())
                        && hs != null
                        && !hs.isEmpty()
                        && !hs.contains("fdget_pos");
                if (inside) {
                    holders.add(h);
                }
            }
            if (holders.size() != 1) {
                continue;
            }
            TaskRow h = holders.get(0);
            List<String> hs = live.stack(h);
            String top = hs.get(0);
            String waitsFor =
                    hs.contains("request_wait_answer") ? "a reply from its FUSE daemon (request_wait_answer)" : null;
            List<KernelWaitChain.Hop> hops = List.of(new KernelWaitChain.Hop(
                    w.getComm() + ":" + w.getTid(),
                    "mutex (f_pos_lock of " + file.getTarget() + ")",
                    h.getComm() + ":" + h.getTid(),
                    file.getEvidence().getArtifact(),
                    file.getEvidence().getFirstLine()));
            out.add(new KernelWaitChain(
                            w.getId(),
                            hops,
                            false,
                            h.getComm() + ":" + h.getTid(),
                            h.getStat(),
                            List.of(),
                            top,
                            waitsFor,
                            w.getEvidence(),
                            true)
                    .withWaiterFunction("fdget_pos"));
        }
        return out;
    }

    private static boolean inFdgetPos(TaskRow w, List<String> stack) {
        return "fdget_pos".equals(w.getWchan())
                || (stack != null && !stack.isEmpty() && "fdget_pos".equals(stack.get(0)));
    }

    /** The same process, parent and child, or children of one parent: who can share an open file description by fork. */
    private static boolean sharesDescription(TaskRow a, TaskRow b) {
        return Objects.equals(a.getPid(), b.getPid())
                || Objects.equals(a.getPpid(), b.getPid())
                || Objects.equals(b.getPpid(), a.getPid())
                || (a.getPpid() != null && a.getPpid() > 1 && Objects.equals(a.getPpid(), b.getPpid()));
    }
}
