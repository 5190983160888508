package io.lockdoc.escape;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * The terminal's escaping layer: a value from the input (a file or entry name, a log line, a lock or
 * task name) is printed with every control character made visible, so that it can neither move the
 * cursor, recolour or retitle the terminal, nor start a line of its own that looks like lockdoc's.
 * ESC is shown as {@code ^[}, CR and LF as {@code \r} and {@code \n}, other C0 and DEL as
 * {@code \xNN}, C1 controls, line and paragraph separators and bidirectional overrides as
 * {@code \\u} and four hex digits. A tab stays a tab: it cannot overwrite anything.
 */
public final class Terminal {
    private Terminal() {}

    /** Whether {@code c} is shown escaped: every control character but tab. */
    public static boolean isControl(char c) {
        return (c < 0x20 && c != '\t')
                || c == 0x7f
                || (c >= 0x80 && c <= 0x9f)
                || c == 0x061c
                || c == 0x200e
                || c == 0x200f
                || (c >= 0x2028 && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069);
    }

    /** One value, as it may be printed anywhere on a line ({@code null} prints as {@code null}). */
    public static String escape(String s) {
        if (s == null) {
            return "null";
        }
        int n = s.length();
        int i = 0;
        while (i < n && !isControl(s.charAt(i))) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder sb = new StringBuilder(n + 16).append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (isControl(c)) {
                visible(c, sb);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static void visible(char c, StringBuilder sb) {
        switch (c) {
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case 0x1b -> sb.append("^[");
            default -> {
                if (c < 0x80) {
                    sb.append("\\x").append(hex(c, 2));
                } else {
                    sb.append("\\u").append(hex(c, 4));
                }
            }
        }
    }

    private static String hex(char c, int digits) {
        String h = Integer.toHexString(c);
        return "0".repeat(Math.max(0, digits - h.length())) + h;
    }

    /**
     * A writer for a whole terminal stream (the shell's output): line ends and lockdoc's own colour
     * codes ({@code ESC[...m}) pass, every other control character is made visible as in
     * {@link #escape}. It is the second line of defence; values are escaped where they are printed.
     */
    public static PrintWriter writer(Writer out) {
        return new PrintWriter(new Filter(out));
    }

    private static final class Filter extends FilterWriter {
        /** An ESC sequence (or a CR) held until it is known to be a colour code (or CRLF). */
        private final StringBuilder pending = new StringBuilder();

        Filter(Writer out) {
            super(out);
        }

        @Override
        public void write(int c) throws IOException {
            char ch = (char) c;
            if (!pending.isEmpty()) {
                if (pending.charAt(0) == '\r') {
                    pending.setLength(0);
                    if (ch == '\n') {
                        out.write("\r\n");
                        return;
                    }
                    out.write("\\r");
                } else if (pending.length() == 1 && ch == '[') {
                    pending.append(ch);
                    return;
                } else if (pending.length() >= 2 && ch == 'm') {
                    pending.append(ch);
                    out.write(pending.toString());
                    pending.setLength(0);
                    return;
                } else if (pending.length() >= 2 && pending.length() < 24 && (ch == ';' || (ch >= '0' && ch <= '9'))) {
                    pending.append(ch);
                    return;
                } else {
                    out.write(escape(pending.toString()));
                    pending.setLength(0);
                }
            }
            if (ch == 0x1b || ch == '\r') {
                pending.append(ch);
            } else if (ch == '\n' || !isControl(ch)) {
                out.write(ch);
            } else {
                StringBuilder sb = new StringBuilder(6);
                visible(ch, sb);
                out.write(sb.toString());
            }
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            for (int i = 0; i < len; i++) {
                write(buf[off + i]);
            }
        }

        @Override
        public void write(String s, int off, int len) throws IOException {
            for (int i = 0; i < len; i++) {
                write(s.charAt(off + i));
            }
        }

        @Override
        public void flush() throws IOException {
            super.flush();
        }

        @Override
        public void close() throws IOException {
            if (!pending.isEmpty()) {
                out.write(escape(pending.toString()));
                pending.setLength(0);
            }
            super.close();
        }
    }
}
