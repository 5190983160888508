package io.lockdoc.eval;

/** One labelled case of a corpus: a file or a bundle folder, its expected cause and culprit. */
public record Label(String file, String cause, String culprit) {}
