package io.lockdoc.model.windows;

import io.lockdoc.model.Evidence;

/** A handle from {@code !handle H f}: a mutant with its owner, or an event with its state. */
public final class WinHandle extends WinFact {
    private final String handle;
    private final String type;
    private final String name;
    private final String ownerProcessId;
    private final String ownerThreadId;
    private final boolean owned;
    private final Boolean signaled;

    public WinHandle(
            String id,
            Evidence evidence,
            String handle,
            String type,
            String name,
            String ownerProcessId,
            String ownerThreadId,
            boolean owned,
            Boolean signaled) {
        super(id, evidence);
        this.handle = handle;
        this.type = type;
        this.name = name;
        this.ownerProcessId = ownerProcessId;
        this.ownerThreadId = ownerThreadId;
        this.owned = owned;
        this.signaled = signaled;
    }

    public String getHandle() {
        return handle;
    }

    /** {@code Mutant}, {@code Event}, ... */
    public String getType() {
        return type;
    }

    public boolean isMutant() {
        return "Mutant".equalsIgnoreCase(type);
    }

    public boolean isEvent() {
        return "Event".equalsIgnoreCase(type);
    }

    public String getName() {
        return name;
    }

    /** The display name: object name or handle value. */
    public String getLabel() {
        if (name != null && !name.isBlank() && !"<none>".equals(name)) {
            return name.replaceFirst("^.*\\\\", "");
        }
        return "handle " + handle;
    }

    public String getOwnerProcessId() {
        return ownerProcessId;
    }

    public String getOwnerThreadId() {
        return ownerThreadId;
    }

    public boolean isOwned() {
        return owned;
    }

    /** An event that is set; {@code Event is Waiting} means not signalled; null when not printed. */
    public Boolean getSignaled() {
        return signaled;
    }

    /** An event the output shows as not signalled ({@code Event is Waiting}). */
    public boolean isUnsignaledEvent() {
        return isEvent() && Boolean.FALSE.equals(signaled);
    }

    @Override
    public String toString() {
        return "WinHandle[" + type + " " + getLabel() + (owned ? " owned by " + ownerThreadId : "") + "]";
    }
}
