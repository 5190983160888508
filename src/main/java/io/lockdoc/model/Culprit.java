package io.lockdoc.model;

/** Where the finding points: a function (normalised), the module it lives in, and the process. */
public record Culprit(String function, String module, String process) {
    public String describe() {
        StringBuilder sb = new StringBuilder(function == null ? "(unknown)" : function);
        if (module != null) {
            sb.append(" [").append(module).append(']');
        }
        if (process != null) {
            sb.append(" in ").append(process);
        }
        return sb.toString();
    }
}
