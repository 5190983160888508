package io.lockdoc.model;

/** An entry of an {@code N locks held by task/pid:} list. */
public record HeldLock(String task, int pid, int index, String lockClass, String at, int line) {
    public String atFunction() {
        return at == null ? null : FunctionNames.normalize(at);
    }
}
