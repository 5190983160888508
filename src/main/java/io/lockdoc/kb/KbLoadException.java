package io.lockdoc.kb;

/** An article that cannot be read or is incomplete: names the file and what is wrong. */
public final class KbLoadException extends RuntimeException {
    public KbLoadException(String message) {
        super(message);
    }
}
