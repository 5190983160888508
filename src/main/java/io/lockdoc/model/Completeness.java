package io.lockdoc.model;

/** Whether a report was captured whole or cut off (console lost, log rotated, paste truncated). */
public enum Completeness {
    COMPLETE,
    TRUNCATED
}
