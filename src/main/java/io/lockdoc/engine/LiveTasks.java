package io.lockdoc.engine;

import io.lockdoc.model.Fact;
import io.lockdoc.model.userspace.OpenFile;
import io.lockdoc.model.userspace.ProcTask;
import io.lockdoc.model.userspace.TaskRow;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tasks of a live capture by thread id: their ps rows, the kernel stacks and system calls
 * /proc showed, and the open files by pid and descriptor. What the kernel-lock readers of a
 * capture ({@link ProcMutexWaits}, {@link LockSiteWaits}) look up.
 */
final class LiveTasks {
    private final Map<Integer, TaskRow> rows = new HashMap<>();
    private final Map<Integer, List<String>> stacks = new HashMap<>();
    private final Map<Integer, ProcTask> syscalls = new HashMap<>();
    private final Map<String, OpenFile> files = new HashMap<>();

    private LiveTasks() {}

    static LiveTasks of(List<? extends Fact> facts) {
        LiveTasks t = new LiveTasks();
        for (Fact f : facts) {
            if (f instanceof TaskRow r && r.getTid() != null && r.getStat() != null) {
                t.rows.putIfAbsent(r.getTid(), r);
            } else if (f instanceof ProcTask p && p.getKind() == ProcTask.Kind.STACK) {
                t.stacks.put(p.getTid(), p.getStack());
            } else if (f instanceof ProcTask p && p.getKind() == ProcTask.Kind.SYSCALL && p.getSyscall() != null) {
                t.syscalls.put(p.getTid(), p);
            } else if (f instanceof OpenFile o) {
                t.files.put(o.getPid() + "/" + o.getFd(), o);
            }
        }
        return t;
    }

    Collection<TaskRow> rows() {
        return rows.values();
    }

    /** The task's kernel stack, innermost first; null when /proc was not read for it. */
    List<String> stack(TaskRow r) {
        return stacks.get(r.getTid());
    }

    /** The open file behind descriptor {@code fd} of the task's process, if the capture lists it. */
    OpenFile file(TaskRow r, int fd) {
        return files.get(r.getPid() + "/" + fd);
    }

    /** The descriptor the task's system call works on, when that call is one of {@code calls}; else -1. */
    int fdOfCall(TaskRow r, Set<Integer> calls) {
        ProcTask call = syscalls.get(r.getTid());
        if (call == null || !calls.contains(call.getSyscall()) || call.getArgs().isEmpty()) {
            return -1;
        }
        return call.getArgs().get(0).intValue();
    }
}
