package io.lockdoc.model.windows;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Frame;
import java.util.List;
import java.util.Locale;

/**
 * A thread seen in debugger output ({@code ~*k}, {@code !thread}, {@code !mex.t}, {@code !stacks}
 * ...): its ids, stack (top first), the kernel wait reason when printed, and what it waits on when
 * the output names it (an argument or a MEX annotation).
 */
public final class WinThread extends WinFact {
    private final String processId;
    private final String threadId;
    private final Integer debuggerId;
    private final String address;
    private final String state;
    private final String waitReason;
    private final List<Frame> frames;
    private final List<String> waitArgs;
    private final String waitObject;
    private final String waitObjectOwner;
    private final boolean listedOnly;
    private final WaitKind waitKind;

    public WinThread(
            String id,
            Evidence evidence,
            String processId,
            String threadId,
            Integer debuggerId,
            String address,
            String state,
            String waitReason,
            List<Frame> frames,
            List<String> waitArgs,
            String waitObject,
            String waitObjectOwner,
            boolean listedOnly) {
        super(id, evidence);
        this.processId = processId;
        this.threadId = threadId;
        this.debuggerId = debuggerId;
        this.address = address;
        this.state = state;
        this.waitReason = waitReason;
        this.frames = List.copyOf(frames);
        this.waitArgs = List.copyOf(waitArgs);
        this.waitObject = waitObject;
        this.waitObjectOwner = waitObjectOwner;
        this.listedOnly = listedOnly;
        this.waitKind = WaitSignatures.classify(this.frames, waitReason, state);
    }

    /** Hex process id as printed ({@code 1914}), or null. */
    public String getProcessId() {
        return processId;
    }

    /** Hex thread id, lower case without leading zeros, or null (kernel threads may only have an address). */
    public String getThreadId() {
        return threadId;
    }

    public Integer getDebuggerId() {
        return debuggerId;
    }

    /** Kernel ETHREAD address, lower case without backtick, or null. */
    public String getAddress() {
        return address;
    }

    public String getState() {
        return state;
    }

    public String getWaitReason() {
        return waitReason;
    }

    public List<Frame> getFrames() {
        return frames;
    }

    /** Arguments printed on the lock-entry frame (x86 {@code kb}) or the wait frame: candidates for the lock or handle. */
    public List<String> getWaitArgs() {
        return waitArgs;
    }

    /** The object the output says this thread waits on (e.g. a MEX "owner of EResource" note), or null. */
    public String getWaitObject() {
        return waitObject;
    }

    /** The owner of {@link #getWaitObject()} when the output names it. */
    public String getWaitObjectOwner() {
        return waitObjectOwner;
    }

    /** Only named in a thread list ({@code ~}), without a stack. */
    public boolean isListedOnly() {
        return listedOnly;
    }

    public WaitKind getWaitKind() {
        return waitKind;
    }

    /** Blocked on something that is not idle waiting. */
    public boolean isBlocked() {
        return waitKind != WaitKind.NONE && waitKind != WaitKind.IDLE && waitKind != WaitKind.TERMINATING;
    }

    /** A frame of a DLL entry point or the loader calling one: waiting here means waiting under the loader lock. */
    public boolean isInDllInit() {
        return WaitSignatures.dllInitFrame(frames) != null && !WaitSignatures.inProcessShutdown(frames);
    }

    /** The {@code DllMain}-like frame, or null. */
    public Frame getDllInitFrame() {
        return WaitSignatures.dllInitFrame(frames);
    }

    /** The first frame of the caller's own code (not ntdll/kernel32/nt/...). */
    public Frame getOwnFrame() {
        return WaitSignatures.firstOwnFrame(frames);
    }

    /** A printable name: {@code 20ec.28a4}, {@code ffff...}, or {@code #49}. */
    public String getName() {
        if (threadId != null) {
            return (processId == null ? "" : processId + ".") + threadId;
        }
        if (address != null) {
            return address;
        }
        return debuggerId == null ? getId() : "#" + debuggerId;
    }

    public static String normHex(String s) {
        if (s == null) {
            return null;
        }
        String h = s.trim().toLowerCase(Locale.ROOT).replace("`", "");
        if (h.startsWith("0x")) {
            h = h.substring(2);
        }
        h = h.replaceFirst("^0+(?=.)", "");
        return h.isEmpty() ? null : h;
    }

    @Override
    public String toString() {
        return "WinThread[" + getName() + " " + waitKind + " " + frames.size() + " frames]";
    }
}
