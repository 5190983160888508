package io.lockdoc.model;

/**
 * One stack frame as printed: function, offset text ({@code +0x1d9/0x3210}) and module ({@code
 * [mymod]}), with {@code reliable=false} for frames the kernel marks with {@code ?}.
 */
public record Frame(String function, String offset, String module, boolean reliable, int line) {

    /** The function with compiler suffixes removed: {@code do_ip_setsockopt.isra.12} -> {@code do_ip_setsockopt}. */
    public String baseFunction() {
        return FunctionNames.normalize(function);
    }

    @Override
    public String toString() {
        return function + (offset == null ? "" : offset) + (module == null ? "" : " [" + module + "]");
    }
}
