package io.lockdoc.model;

/**
 * Where the finding points: a function (normalised), the module it lives in, the process, and the
 * source location ({@code file:line}) where the input shows one.
 */
public record Culprit(String function, String module, String process, String location) {
    public Culprit(String function, String module, String process) {
        this(function, module, process, null);
    }

    public String describe() {
        StringBuilder sb = new StringBuilder(function == null ? "(unknown)" : function);
        if (location != null) {
            sb.append(" at ").append(location);
        }
        if (module != null) {
            sb.append(" [").append(module).append(']');
        }
        if (process != null) {
            sb.append(" in ").append(process);
        }
        return sb.toString();
    }
}
