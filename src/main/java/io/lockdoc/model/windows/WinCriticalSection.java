package io.lockdoc.model.windows;

import io.lockdoc.model.Evidence;

/**
 * A user-mode critical section from {@code !locks}, {@code !critsec}, {@code !cs} or {@code
 * !mex.cs}. {@code waiters} is already decoded: the debugger prints the number of waiting threads
 * as LockCount on Vista and later (with WaiterWoken) and on older systems (LockCount -1 free, 0
 * owned, n = n waiters); a raw negative Vista value is decoded from its bits.
 */
public final class WinCriticalSection extends WinFact {
    private final String address;
    private final String symbol;
    private final boolean locked;
    private final long lockCount;
    private final int waiters;
    private final String ownerThreadId;
    private final int recursionCount;
    private final boolean vistaLayout;
    private final boolean ownerInvalid;
    private final String command;

    public WinCriticalSection(
            String id,
            Evidence evidence,
            String address,
            String symbol,
            boolean locked,
            long lockCount,
            int waiters,
            String ownerThreadId,
            int recursionCount,
            boolean vistaLayout,
            boolean ownerInvalid,
            String command) {
        super(id, evidence);
        this.address = address;
        this.symbol = symbol;
        this.locked = locked;
        this.lockCount = lockCount;
        this.waiters = waiters;
        this.ownerThreadId = ownerThreadId;
        this.recursionCount = recursionCount;
        this.vistaLayout = vistaLayout;
        this.ownerInvalid = ownerInvalid;
        this.command = command;
    }

    /** Decodes a LockCount as printed into the number of waiting threads. */
    public static int waitersFrom(long lockCount, boolean locked) {
        if (!locked) {
            return 0;
        }
        int v = (int) lockCount;
        if (v < -1) {
            // raw Vista+ encoding: bit 0 clear = locked, bit 1 = waiter woken, the rest = -(waiters) - 1
            return (~v) >>> 2;
        }
        return Math.max(0, v);
    }

    public String getAddress() {
        return address;
    }

    /** {@code CSLock!cs1}, {@code ntdll!LdrpLoaderLock}, or null for a heap address. */
    public String getSymbol() {
        return symbol;
    }

    /** The lock's name: symbol or address. */
    public String getName() {
        return symbol != null ? symbol : address;
    }

    /** The module of the symbol, or null. */
    public String getModule() {
        if (symbol == null || !symbol.contains("!")) {
            return symbol != null && !symbol.startsWith("+") ? symbol.replaceFirst("\\+.*$", "") : null;
        }
        return symbol.substring(0, symbol.indexOf('!'));
    }

    public boolean isLocked() {
        return locked;
    }

    public long getLockCount() {
        return lockCount;
    }

    public int getWaiters() {
        return waiters;
    }

    public boolean isContended() {
        return locked && waiters > 0;
    }

    public boolean isLoaderLock() {
        return symbol != null && symbol.matches("(?i)ntdll!(?:Ldrp)?LoaderLock(?:\\+.*)?");
    }

    public String getOwnerThreadId() {
        return ownerThreadId;
    }

    public int getRecursionCount() {
        return recursionCount;
    }

    public boolean isVistaLayout() {
        return vistaLayout;
    }

    /** The debugger itself said the owner is not a thread of the process (orphaned or corrupt). */
    public boolean isOwnerInvalid() {
        return ownerInvalid;
    }

    public String getCommand() {
        return command;
    }

    @Override
    public String toString() {
        return "WinCriticalSection[" + getName() + (locked ? " locked by " + ownerThreadId : " free") + ", " + waiters
                + " waiting]";
    }
}
