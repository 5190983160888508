package io.lockdoc.model.windows;

import io.lockdoc.model.Evidence;
import java.util.List;

/**
 * Computed by the Windows wait graph: one lock that somebody waits for, with its owner and what the
 * dump says about that owner. {@code kind} is {@code critical-section}, {@code loader-lock}, {@code
 * mutex}, {@code eresource}, {@code push-lock}, {@code fast-mutex}, {@code kmutex}, {@code event},
 * {@code monitor}.
 */
public final class WinLockWait extends WinFact {
    private final String kind;
    private final String lock;
    private final String owner;
    private final boolean ownerGone;
    private final boolean ownerBlocked;
    private final boolean selfWait;
    private final int waiterCount;
    private final List<String> waiters;
    private final int peers;
    private final String culpritFunction;
    private final String culpritModule;
    private final String detail;
    private final List<String> sourceIds;

    public WinLockWait(
            String id,
            Evidence evidence,
            String kind,
            String lock,
            String owner,
            boolean ownerGone,
            boolean ownerBlocked,
            boolean selfWait,
            int waiterCount,
            List<String> waiters,
            int peers,
            String culpritFunction,
            String culpritModule,
            String detail,
            List<String> sourceIds) {
        super(id, evidence);
        this.kind = kind;
        this.lock = lock;
        this.owner = owner;
        this.ownerGone = ownerGone;
        this.ownerBlocked = ownerBlocked;
        this.selfWait = selfWait;
        this.waiterCount = waiterCount;
        this.waiters = List.copyOf(waiters);
        this.peers = peers;
        this.culpritFunction = culpritFunction;
        this.culpritModule = culpritModule;
        this.detail = detail;
        this.sourceIds = List.copyOf(sourceIds);
    }

    public String getKind() {
        return kind;
    }

    public String getLock() {
        return lock;
    }

    /** The owner thread, or null when the dump does not name it. */
    public String getOwner() {
        return owner;
    }

    /** The owner is not a thread of the process any more (orphaned lock), per the thread list or the debugger. */
    public boolean isOwnerGone() {
        return ownerGone;
    }

    /** The owner is itself blocked (its stack shows a wait). */
    public boolean isOwnerBlocked() {
        return ownerBlocked;
    }

    /** The waiter is the owner: a re-acquisition of a lock it holds. */
    public boolean isSelfWait() {
        return selfWait;
    }

    public int getWaiterCount() {
        return waiterCount;
    }

    public List<String> getWaiters() {
        return waiters;
    }

    /** How many locks of the same kind in the same artifact are contended with distinct owners (this one included). */
    public int getPeers() {
        return peers;
    }

    public String getCulpritFunction() {
        return culpritFunction;
    }

    public String getCulpritModule() {
        return culpritModule;
    }

    /** One line that says what was seen. */
    public String getDetail() {
        return detail;
    }

    public List<String> getSourceIds() {
        return sourceIds;
    }

    @Override
    public String toString() {
        return "WinLockWait[" + kind + " " + lock + " owner=" + owner + (ownerGone ? " gone" : "") + " waiters="
                + waiterCount + " peers=" + peers + "]";
    }
}
