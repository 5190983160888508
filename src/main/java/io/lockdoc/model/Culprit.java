package io.lockdoc.model;

/**
 * Where the finding points: a function (normalised), the module it lives in, the process, the
 * source location ({@code file:line}) where the input shows one, and for a wait chain the victim
 * beside it ({@code fdget_pos in reader-2/6324}: where the reported task waits, while the culprit
 * is the head to unblock).
 */
public record Culprit(String function, String module, String process, String location, String victim) {
    public Culprit(String function, String module, String process) {
        this(function, module, process, null, null);
    }

    public Culprit(String function, String module, String process, String location) {
        this(function, module, process, location, null);
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
        if (victim != null) {
            sb.append("; victim: ").append(victim);
        }
        return sb.toString();
    }
}
