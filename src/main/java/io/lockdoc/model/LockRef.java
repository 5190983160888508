package io.lockdoc.model;

/**
 * A lock as lockdep prints it: {@code (&port_lock_key){-.-...}, at: serial8250_console_write+0x108/0x134}.
 *
 * @param lockClass the lock class name, e.g. {@code rtnl_mutex}
 * @param usage the usage bits between braces, or null
 * @param at the function (with offset) where it was taken, or null
 */
public record LockRef(String lockClass, String usage, String at, int line) {
    public String atFunction() {
        return at == null ? null : FunctionNames.normalize(at);
    }
}
