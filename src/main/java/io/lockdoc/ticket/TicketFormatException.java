package io.lockdoc.ticket;

/** A ticket that cannot be read: says which field or why, for that ticket only. */
public final class TicketFormatException extends Exception {
    public TicketFormatException(String message) {
        super(message);
    }
}
