package io.lockdoc.gate;

/** A baseline file that is missing or malformed: a usage error naming the file. */
public final class BaselineException extends RuntimeException {
    BaselineException(String message) {
        super(message);
    }
}
