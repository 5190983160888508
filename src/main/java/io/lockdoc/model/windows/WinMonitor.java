package io.lockdoc.model.windows;

import io.lockdoc.model.Evidence;
import java.util.List;

/**
 * A CLR monitor (sync block) from SOS {@code !syncblk}: the object locked with {@code lock} /
 * {@code Monitor.Enter}, its owning thread (OS thread id and debugger number) and, when SOS prints
 * them, the waiting threads. {@code MonitorHeld} counts 1 for the owner and 2 per waiter.
 */
public final class WinMonitor extends WinFact {
    private final String syncBlock;
    private final int monitorHeld;
    private final int recursion;
    private final String ownerThreadId;
    private final Integer ownerDebuggerId;
    private final String object;
    private final String type;
    private final List<Integer> waiterDebuggerIds;

    public WinMonitor(
            String id,
            Evidence evidence,
            String syncBlock,
            int monitorHeld,
            int recursion,
            String ownerThreadId,
            Integer ownerDebuggerId,
            String object,
            String type,
            List<Integer> waiterDebuggerIds) {
        super(id, evidence);
        this.syncBlock = syncBlock;
        this.monitorHeld = monitorHeld;
        this.recursion = recursion;
        this.ownerThreadId = ownerThreadId;
        this.ownerDebuggerId = ownerDebuggerId;
        this.object = object;
        this.type = type;
        this.waiterDebuggerIds = List.copyOf(waiterDebuggerIds);
    }

    public String getSyncBlock() {
        return syncBlock;
    }

    public int getMonitorHeld() {
        return monitorHeld;
    }

    public int getRecursion() {
        return recursion;
    }

    /** Hex OS thread id of the owner ({@code 28a4}), or null when nobody owns it. */
    public String getOwnerThreadId() {
        return ownerThreadId;
    }

    public Integer getOwnerDebuggerId() {
        return ownerDebuggerId;
    }

    /** The locked object's address. */
    public String getObject() {
        return object;
    }

    /** The locked object's type ({@code System.Object}). */
    public String getType() {
        return type;
    }

    /** Debugger thread numbers SOS lists under {@code Waiting threads:} (often empty). */
    public List<Integer> getWaiterDebuggerIds() {
        return waiterDebuggerIds;
    }

    public boolean isOwned() {
        return ownerThreadId != null;
    }

    /** Owned with someone waiting: {@code MonitorHeld} above 1, or listed waiters. */
    public boolean isContended() {
        return isOwned() && (monitorHeld > 1 || !waiterDebuggerIds.isEmpty());
    }

    /** How the wait graph names it. */
    public String getLabel() {
        return object + (type == null ? "" : " (" + type + ")");
    }

    @Override
    public String toString() {
        return "WinMonitor[" + getLabel() + " held " + monitorHeld + " by " + ownerThreadId + "]";
    }
}
