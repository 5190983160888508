package io.lockdoc.model;

/**
 * Something wrong with an input: which artifact and line, what was expected, and a stable id that
 * links to a knowledge-base article ({@code kb/errors}).
 */
public record Problem(ErrorId id, String artifact, int line, String message) {
    /** Stable ids for input errors; each has an article in {@code kb/errors/}. */
    public enum ErrorId {
        UNREADABLE("LD-E001"),
        EMPTY("LD-E002"),
        BINARY("LD-E003"),
        UNKNOWN_FORMAT("LD-E004"),
        TRUNCATED_REPORT("LD-E005"),
        LINE_TOO_LONG("LD-E006"),
        LIMIT_EXCEEDED("LD-E007"),
        PARSER_FAILURE("LD-E008");

        private final String code;

        ErrorId(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** One line for the terminal: {@code dmesg.log:42: message [LD-E005]}. */
    public String describe() {
        return artifact + (line > 0 ? ":" + line : "") + ": " + message + " [" + id.code() + "]";
    }
}
