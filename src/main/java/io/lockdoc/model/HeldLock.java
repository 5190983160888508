package io.lockdoc.model;

/**
 * An entry of an {@code N locks held by task/pid:} list.
 *
 * @param address the lock instance address as printed before the class (e.g. {@code ffff88801234abcd}),
 *     or null on kernels that do not print it; two tasks listing the same address share one lock
 */
public record HeldLock(String task, int pid, int index, String lockClass, String at, int line, String address) {
    public HeldLock(String task, int pid, int index, String lockClass, String at, int line) {
        this(task, pid, index, lockClass, at, line, null);
    }

    public String atFunction() {
        return at == null ? null : FunctionNames.normalize(at);
    }
}
