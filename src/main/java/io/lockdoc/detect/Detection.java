package io.lockdoc.detect;

/**
 * The outcome of detection: a type, or the reason the artifact is skipped.
 *
 * @param how what decided it: the name, the content, or both
 */
public record Detection(ArtifactType type, String how, String skipReason) {
    /** How the skip reason of a file of no known format starts (reports count these in one line). */
    public static final String UNRECOGNISED = "no known format recognised";

    public static Detection of(ArtifactType type, String how) {
        return new Detection(type, how, null);
    }

    public static Detection skip(String reason) {
        return new Detection(null, null, reason);
    }

    public boolean recognised() {
        return type != null;
    }

    /** Skipped as empty or as binary data: no text to normalise either. */
    public boolean binary() {
        return skipReason != null && (skipReason.startsWith("binary") || skipReason.startsWith("empty"));
    }
}
