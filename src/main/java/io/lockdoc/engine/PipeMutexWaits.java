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
 * A pipe's mutex wait read from a live capture when no hung-task report names it. A reader or
 * writer in D with a pipe function on top of its stack waits for {@code pipe->mutex} (waiting for
 * data or room it would sleep in S); the holder is the one task inside a read or write of the same
 * pipe whose stack goes on above the pipe function (a page fault, a copy), not one asleep in a
 * pipe wait. Exactly one such task makes a chain; none or several make none.
 */
final class PipeMutexWaits {
    /** read, write, readv, writev on x86_64: the calls that take a pipe's mutex. */
    private static final Set<Integer> PIPE_SYSCALLS = Set.of(0, 1, 19, 20);

    private static final Pattern PIPE_FUNCTION = Pattern.compile("^(?:anon_)?pipe_(?:read|write)$");

    /** Frames of a task that sleeps with the mutex released, or has not got it yet. */
    private static final Pattern WAITING =
            Pattern.compile("^(?:pipe_wait\\w*|prepare_to_wait\\w*|__?mutex_lock\\w*|mutex_lock\\w*)$");

    private PipeMutexWaits() {}

    static List<KernelWaitChain> from(LiveTasks live) {
        List<KernelWaitChain> out = new ArrayList<>();
        for (TaskRow w : live.rows()) {
            List<String> ws = live.stack(w);
            if (!w.getStat().startsWith("D") || !waitsAtTop(w, ws)) {
                continue;
            }
            OpenFile pipe = pipeOfCall(live, w);
            if (pipe == null) {
                continue;
            }
            List<TaskRow> holders = new ArrayList<>();
            for (TaskRow h : live.rows()) {
                OpenFile hp = h == w ? null : pipeOfCall(live, h);
                if (hp != null && hp.getTarget().equals(pipe.getTarget()) && insidePipeCall(live.stack(h))) {
                    holders.add(h);
                }
            }
            if (holders.size() != 1) {
                continue;
            }
            TaskRow h = holders.get(0);
            List<String> hs = live.stack(h);
            List<Frame> frames =
                    hs.stream().map(f -> new Frame(f, null, null, true, 0)).toList();
            List<KernelWaitChain.Hop> hops = List.of(new KernelWaitChain.Hop(
                    w.getComm() + ":" + w.getTid(),
                    "mutex (pipe->mutex of " + pipe.getTarget() + ")",
                    h.getComm() + ":" + h.getTid(),
                    pipe.getEvidence().getArtifact(),
                    pipe.getEvidence().getFirstLine()));
            out.add(new KernelWaitChain(
                    w.getId(),
                    hops,
                    false,
                    h.getComm() + ":" + h.getTid(),
                    h.getStat(),
                    frames,
                    hs.get(0),
                    KernelWaitChains.waitsFor(frames).orElse(null),
                    w.getEvidence(),
                    true));
        }
        return out;
    }

    /** The pipe function is where the task sleeps: on top of its stack, or its wait channel. */
    private static boolean waitsAtTop(TaskRow w, List<String> stack) {
        String top = stack != null && !stack.isEmpty() ? stack.get(0) : w.getWchan();
        return top != null && PIPE_FUNCTION.matcher(top).matches();
    }

    private static OpenFile pipeOfCall(LiveTasks live, TaskRow r) {
        int fd = live.fdOfCall(r, PIPE_SYSCALLS);
        OpenFile f = fd < 0 ? null : live.file(r, fd);
        return f != null && f.getTarget().startsWith("pipe:[") ? f : null;
    }

    /** Above a pipe function and past its mutex: something it does while holding it, not a pipe wait. */
    private static boolean insidePipeCall(List<String> stack) {
        if (stack == null) {
            return false;
        }
        for (int i = 0; i < stack.size(); i++) {
            if (PIPE_FUNCTION.matcher(stack.get(i)).matches()) {
                return i > 0
                        && stack.subList(0, i).stream()
                                .noneMatch(f -> WAITING.matcher(f).matches());
            }
        }
        return false;
    }
}
