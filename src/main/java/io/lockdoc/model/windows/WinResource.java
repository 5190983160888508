package io.lockdoc.model.windows;

import io.lockdoc.model.Evidence;
import java.util.List;

/** A kernel ERESOURCE from {@code !locks} (kdexts), {@code !mex.eresource} or WinDE {@code !blocks}. */
public final class WinResource extends WinFact {
    private final String address;
    private final boolean exclusive;
    private final List<String> owners;
    private final List<String> sharedHolders;
    private final List<String> exclusiveWaiters;
    private final int exclusiveWaiterCount;
    private final int sharedWaiterCount;
    private final long contentionCount;

    public WinResource(
            String id,
            Evidence evidence,
            String address,
            boolean exclusive,
            List<String> owners,
            List<String> sharedHolders,
            List<String> exclusiveWaiters,
            int exclusiveWaiterCount,
            int sharedWaiterCount,
            long contentionCount) {
        super(id, evidence);
        this.address = address;
        this.exclusive = exclusive;
        this.owners = owners.stream().filter(java.util.Objects::nonNull).toList();
        this.sharedHolders =
                sharedHolders.stream().filter(java.util.Objects::nonNull).toList();
        this.exclusiveWaiters =
                exclusiveWaiters.stream().filter(java.util.Objects::nonNull).toList();
        this.exclusiveWaiterCount = Math.max(exclusiveWaiterCount, exclusiveWaiters.size());
        this.sharedWaiterCount = sharedWaiterCount;
        this.contentionCount = contentionCount;
    }

    public String getAddress() {
        return address;
    }

    public boolean isExclusive() {
        return exclusive;
    }

    /** Threads marked {@code <*>} (owners), ETHREAD addresses. */
    public List<String> getOwners() {
        return owners;
    }

    /** Threads listed without {@code <*>}: shared holders that are not marked as owners. */
    public List<String> getSharedHolders() {
        return sharedHolders;
    }

    public List<String> getExclusiveWaiters() {
        return exclusiveWaiters;
    }

    public int getExclusiveWaiterCount() {
        return exclusiveWaiterCount;
    }

    public int getSharedWaiterCount() {
        return sharedWaiterCount;
    }

    public int getWaiterCount() {
        return exclusiveWaiterCount + sharedWaiterCount;
    }

    public long getContentionCount() {
        return contentionCount;
    }

    @Override
    public String toString() {
        return "WinResource[" + address + (exclusive ? " exclusive " : " shared ") + owners + ", waiters "
                + getWaiterCount() + "]";
    }
}
