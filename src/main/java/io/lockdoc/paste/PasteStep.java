package io.lockdoc.paste;

/** One thing copying does to a text, undone; returns its input unchanged when it does not apply. */
interface PasteStep {
    /** A short name for the input list ("fences", "quotes"). */
    String name();

    PasteText apply(PasteText text);

    /** Whether a change by this step proves the text was mangled, so its reading wins a tie with the raw one. */
    default boolean decisive() {
        return false;
    }
}
