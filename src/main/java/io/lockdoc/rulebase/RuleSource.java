package io.lockdoc.rulebase;

/** One DRL file: its path relative to the rules folder (e.g. {@code linux/lockdep.drl}) and its text. */
public record RuleSource(String path, String text) {}
