package io.lockdoc.ingest;

/** The named input cannot be read at all: missing, unreadable, an empty folder. */
public final class InputException extends Exception {
    public InputException(String message) {
        super(message);
    }
}
