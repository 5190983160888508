package io.lockdoc.cli;

/** The documented exit codes of every one-shot command. */
public enum ExitCode {
    /** The analysis ran and found nothing (eval: every threshold met). */
    NO_FINDING(0),
    /** The analysis ran and reported at least one finding (eval: a threshold was missed). */
    FINDINGS(1),
    /** The command line, a rule pack or a knowledge-base folder is wrong. */
    USAGE(2),
    /** The input named cannot be read at all. */
    UNREADABLE_INPUT(3),
    /** A bug in lockdoc: the message says where; please report it. */
    INTERNAL(4),
    /** {@code analyze --fail-on}/{@code --baseline}: a finding of a gated cause that the baseline does not list. */
    GATED_FINDING(5);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
