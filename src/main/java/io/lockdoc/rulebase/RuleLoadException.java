package io.lockdoc.rulebase;

/** A rule pack that does not compile: names the file, the line and Drools' message. */
public final class RuleLoadException extends RuntimeException {
    public RuleLoadException(String message) {
        super(message);
    }
}
