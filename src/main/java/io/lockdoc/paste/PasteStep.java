package io.lockdoc.paste;

/** One thing copying does to a text, undone; returns its input unchanged when it does not apply. */
interface PasteStep {
    /** A short name for the input list ("fences", "quotes"). */
    String name();

    PasteText apply(PasteText text);
}
