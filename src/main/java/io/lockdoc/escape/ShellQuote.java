package io.lockdoc.escape;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Quotes values from the input for the shell command they are put into, so that a suggested
 * command stays the command its author wrote: the one helper every plan and question uses. A
 * {@link Command} is built from the author's text ({@link Command#text}, read as the shell would,
 * to know whether the next value is bare, inside single or double quotes or in a comment) and
 * from values ({@link Command#value}), each quoted for where it lands.
 *
 * <p>POSIX sh: a bare value that is not a safe word is single-quoted ({@code 'a'\''b'}); inside
 * single quotes a {@code '} becomes {@code '\''}; inside double quotes {@code $ ` " \} are
 * backslash-escaped and {@code !} (history expansion of an interactive bash) is put in single
 * quotes; a comment takes the value as it is. Windows cmd: a bare value that is not a safe word is
 * double-quoted; {@code " % ! ^}, which cmd cannot quote, become {@code ?}, and so does {@code ;}
 * inside double quotes (a debugger's command separator in {@code cdb -c "..."}) and {@code & | < >}
 * in a {@code rem} line. In both, a control character (a newline would start a new command) becomes
 * {@code ?}. A list of numbers (pids) stays a list.
 */
public final class ShellQuote {
    /** The command language of a kb article: its platform's shell. */
    public enum Dialect {
        POSIX,
        CMD;

        public static Dialect forPlatform(String platform) {
            return platform != null && platform.toLowerCase(Locale.ROOT).startsWith("windows") ? CMD : POSIX;
        }
    }

    private static final Pattern SAFE_POSIX = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
    private static final Pattern SAFE_CMD = Pattern.compile("[A-Za-z0-9_@+:./\\\\-]+");
    private static final Pattern NUMBERS = Pattern.compile("[0-9]+(?: [0-9]+)*");

    private ShellQuote() {}

    /** One value as a word of its own (POSIX sh). */
    public static String word(String value) {
        return new Command(Dialect.POSIX).value(value).toString();
    }

    /**
     * A POSIX command from a template whose {@code {}} are filled, in order, with {@code values}, each
     * quoted for where it lands: {@code posix("sudo cat /proc/{}/stack", pid)}.
     */
    public static String posix(String template, String... values) {
        Command c = new Command(Dialect.POSIX);
        String[] parts = template.split("\\{\\}", -1);
        for (int i = 0; i < parts.length; i++) {
            c.text(parts[i]);
            if (i < parts.length - 1) {
                c.value(i < values.length ? values[i] : "");
            }
        }
        return c.toString();
    }

    /** The value with every control character replaced by {@code ?}: what a command can show of it. */
    public static String printable(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            sb.append(c == '\t' || Terminal.isControl(c) ? '?' : c);
        }
        return sb.toString();
    }

    /** What a value becomes in a command of {@code d}, after quoting is taken away (for tests and docs). */
    public static String unquotedForm(String value, Dialect d, boolean inDoubleQuotes, boolean inComment) {
        String p = printable(value);
        if (d == Dialect.POSIX) {
            return p;
        }
        p = p.replaceAll("[\"%!^]", "?");
        if (inComment) {
            p = p.replaceAll("[&|<>]", "?");
        }
        if (inDoubleQuotes) {
            p = p.replace(';', '?');
        }
        return p;
    }

    /** A command being written: author text and quoted values, in order. */
    public static final class Command {
        private final Dialect dialect;
        private final StringBuilder out = new StringBuilder();
        // POSIX lexer state: a stack of contexts
        private final Deque<Frame> frames = new ArrayDeque<>();
        private boolean wordStart = true;
        private boolean escaped;
        private char prev;
        // cmd lexer state
        private boolean cmdQuoted;
        private boolean cmdComment;
        private final StringBuilder cmdFirstWord = new StringBuilder();
        private boolean cmdLineStart = true;

        private enum Kind {
            NORMAL,
            SUBSHELL,
            SINGLE,
            DOUBLE,
            BACKTICK,
            COMMENT
        }

        private static final class Frame {
            final Kind kind;
            int parens;

            Frame(Kind kind) {
                this.kind = kind;
            }
        }

        public Command(Dialect dialect) {
            this.dialect = dialect;
            frames.push(new Frame(Kind.NORMAL));
        }

        /** Text written by the command's author (a kb article, a rule): copied, and read to follow the quoting. */
        public Command text(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                out.append(c);
                if (dialect == Dialect.POSIX) {
                    posix(c);
                } else {
                    cmd(c);
                }
            }
            return this;
        }

        /** A value from the input, quoted for where it lands. */
        public Command value(String v) {
            String p = printable(v == null ? "" : v);
            if (dialect == Dialect.POSIX) {
                posixValue(p);
            } else {
                cmdValue(p);
            }
            return this;
        }

        @Override
        public String toString() {
            return out.toString();
        }

        // ---------------------------------------------------------------- POSIX sh

        private void posixValue(String p) {
            Kind k = frames.peek().kind;
            switch (k) {
                case SINGLE -> out.append(p.replace("'", "'\\''"));
                case DOUBLE -> {
                    for (int i = 0; i < p.length(); i++) {
                        char c = p.charAt(i);
                        if (c == '$' || c == '`' || c == '"' || c == '\\') {
                            out.append('\\').append(c);
                        } else if (c == '!') {
                            out.append("\"'!'\"");
                        } else {
                            out.append(c);
                        }
                    }
                }
                case COMMENT -> out.append(p);
                default -> {
                    if (!p.isEmpty()
                            && (SAFE_POSIX.matcher(p).matches()
                                    || NUMBERS.matcher(p).matches())) {
                        out.append(p);
                    } else {
                        out.append('\'').append(p.replace("'", "'\\''")).append('\'');
                    }
                    wordStart = false;
                }
            }
            prev = 0;
        }

        private void posix(char c) {
            Frame f = frames.peek();
            char before = prev;
            prev = c;
            if (escaped) {
                escaped = false;
                wordStart = false;
                prev = 0;
                return;
            }
            switch (f.kind) {
                case COMMENT -> {
                    if (c == '\n') {
                        frames.pop();
                        wordStart = true;
                    }
                }
                case SINGLE -> {
                    if (c == '\'') {
                        frames.pop();
                    }
                }
                case DOUBLE -> {
                    if (c == '\\') {
                        escaped = true;
                    } else if (c == '"') {
                        frames.pop();
                    } else if (c == '`') {
                        frames.push(new Frame(Kind.BACKTICK));
                        wordStart = true;
                    } else if (c == '(' && before == '$') {
                        frames.push(new Frame(Kind.SUBSHELL));
                        wordStart = true;
                    }
                }
                default -> normal(f, c, before);
            }
        }

        private void normal(Frame f, char c, char before) {
            switch (c) {
                case '\\' -> escaped = true;
                case '\'' -> {
                    frames.push(new Frame(Kind.SINGLE));
                    wordStart = false;
                }
                case '"' -> {
                    frames.push(new Frame(Kind.DOUBLE));
                    wordStart = false;
                }
                case '`' -> {
                    if (f.kind == Kind.BACKTICK) {
                        frames.pop();
                        wordStart = false;
                    } else {
                        frames.push(new Frame(Kind.BACKTICK));
                        wordStart = true;
                    }
                }
                case '#' -> {
                    if (wordStart) {
                        frames.push(new Frame(Kind.COMMENT));
                    }
                }
                case '(' -> {
                    if (before == '$') {
                        frames.push(new Frame(Kind.SUBSHELL));
                    } else {
                        f.parens++;
                    }
                    wordStart = true;
                }
                case ')' -> {
                    if (f.parens > 0) {
                        f.parens--;
                    } else if (f.kind == Kind.SUBSHELL) {
                        frames.pop();
                    }
                    wordStart = true;
                }
                case ' ', '\t', '\n', ';', '&', '|', '<', '>' -> wordStart = true;
                default -> wordStart = false;
            }
        }

        // ---------------------------------------------------------------- Windows cmd

        private void cmdValue(String p) {
            String v = p.replaceAll("[\"%!^]", "?");
            if (cmdComment) {
                out.append(v.replaceAll("[&|<>]", "?"));
            } else if (cmdQuoted) {
                out.append(v.replace(';', '?'));
            } else if (!v.isEmpty()
                    && (SAFE_CMD.matcher(v).matches() || NUMBERS.matcher(v).matches())) {
                out.append(v);
            } else {
                out.append('"').append(v.replace(';', '?')).append('"');
            }
            cmdLineStart = false;
        }

        private void cmd(char c) {
            if (c == '\n') {
                cmdComment = false;
                cmdQuoted = false;
                cmdLineStart = true;
                cmdFirstWord.setLength(0);
                return;
            }
            if (cmdComment) {
                return;
            }
            if (cmdLineStart) {
                if (c == ' ' || c == '\t' || c == '@') {
                    if (cmdFirstWord.isEmpty()) {
                        return;
                    }
                    String w = cmdFirstWord.toString().toLowerCase(Locale.ROOT);
                    cmdComment = w.equals("rem") || w.startsWith("::");
                    cmdLineStart = false;
                    return;
                }
                cmdFirstWord.append(c);
                if (cmdFirstWord.toString().startsWith("::")) {
                    cmdComment = true;
                    cmdLineStart = false;
                    return;
                }
            }
            if (c == '"') {
                cmdQuoted = !cmdQuoted;
            }
        }
    }
}
