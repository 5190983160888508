package io.lockdoc.model;

import java.util.List;
import java.util.Objects;

/** Where a fact came from: the artifact, its first and last line, and the lines worth quoting. */
public final class Evidence {
    private final String artifact;
    private final int firstLine;
    private final int lastLine;
    private final List<QuotedLine> quoted;

    public Evidence(String artifact, int firstLine, int lastLine, List<QuotedLine> quoted) {
        this.artifact = Objects.requireNonNull(artifact, "artifact");
        if (firstLine < 1 || lastLine < firstLine) {
            throw new IllegalArgumentException("bad line range " + firstLine + "-" + lastLine);
        }
        this.firstLine = firstLine;
        this.lastLine = lastLine;
        this.quoted = List.copyOf(quoted);
    }

    public static Evidence of(String artifact, int firstLine, int lastLine) {
        return new Evidence(artifact, firstLine, lastLine, List.of());
    }

    public String getArtifact() {
        return artifact;
    }

    public int getFirstLine() {
        return firstLine;
    }

    public int getLastLine() {
        return lastLine;
    }

    public List<QuotedLine> getQuoted() {
        return quoted;
    }

    /** A source line kept verbatim (prefix stripped) for quoting in reports. */
    public record QuotedLine(int number, String text) {}

    @Override
    public String toString() {
        return artifact + ":" + firstLine + (lastLine != firstLine ? "-" + lastLine : "");
    }
}
