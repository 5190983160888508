package io.lockdoc.model;

/**
 * One stack frame as printed: function, offset text ({@code +0x1d9/0x3210}) and module ({@code
 * [mymod]}), with {@code reliable=false} for frames the kernel marks with {@code ?}, and the frame's
 * {@link Role} in the stack it was printed in.
 */
public record Frame(String function, String offset, String module, boolean reliable, int line, Role role) {

    /**
     * Where a frame sits in a printed stack. Culprit selection depends on it: a stall's culprit is
     * in the interrupted code, not in the interrupt that reported it.
     */
    public enum Role {
        /** An ordinary caller frame of the task (or the only context printed). */
        CALL,
        /** A frame printed between {@code <IRQ>}/{@code <NMI>}/{@code <SOFTIRQ>} and its end marker. */
        INTERRUPT,
        /** The exact instruction the CPU was at ({@code RIP: 0010:fn+0x..}, {@code pc : fn+0x..}). */
        PC
    }

    public Frame(String function, String offset, String module, boolean reliable, int line) {
        this(function, offset, module, reliable, line, Role.CALL);
    }

    /** The function with compiler suffixes removed: {@code do_ip_setsockopt.isra.12} -> {@code do_ip_setsockopt}. */
    public String baseFunction() {
        return FunctionNames.normalize(function);
    }

    @Override
    public String toString() {
        return function + (offset == null ? "" : offset) + (module == null ? "" : " [" + module + "]");
    }
}
