package io.lockdoc.parse.linux;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kernel log line with its prefix (timestamp, printk caller, syslog host) stripped and kept, in
 * every common shape: raw {@code dmesg}, caller ids {@code [ T123]}/{@code [ C1]}, {@code dmesg
 * -T}, {@code journalctl -k} (short, short-iso, short-monotonic), kern.log/syslog, or none.
 *
 * @param number 1-based line number in the artifact
 * @param text the message, prefix and ANSI escapes removed, leading message indentation kept
 * @param timestamp the timestamp as printed, or null
 * @param caller the printk caller id ({@code T123} task, {@code C1} CPU), or null
 */
record KernelLine(int number, String text, String timestamp, String caller) {
    private static final Pattern ANSI =
            Pattern.compile("\u001B(?:\\[[0-9;?]*[ -/]*[@-~]|\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)?|[@-Z\\\\-_78])");
    private static final Pattern LEVEL = Pattern.compile("^<\\d{1,2}>");
    private static final Pattern SYSLOG =
            Pattern.compile("^(?<ts>(?:\\p{L}{3,4}\\.? [ \\d]\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?)"
                    + "|(?:\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?(?:Z|[+-]\\d\\d:?\\d\\d)?)"
                    + "|(?:\\[\\s*\\d+\\.\\d+\\]))"
                    // journalctl -o short-precise without a host, and a localised month name
                    + "(?: \\S+)? kernel: ?");
    /** A raw /dev/kmsg record ({@code level,seq,usec,flags[,caller=T1];text}), alone or behind a syslog prefix. */
    private static final Pattern KMSG = Pattern.compile(
            "^(?:\\p{L}{3,4}\\.? [ \\d]\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)? \\S+ )?\\d{1,3},\\d+,(?<usec>\\d+),[-c+][^;]*?(?:,caller=(?<caller>[TC]\\d+))?;");

    private static final Pattern DMESG_T =
            Pattern.compile("^\\[(?<ts>[A-Z][a-z]{2} [A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4})\\] ?");
    private static final Pattern RAW =
            Pattern.compile("^\\[\\s*(?<ts>\\d+\\.\\d+)\\](?:\\[\\s*(?<caller>[TC]\\d+)\\])? ?");
    private static final Pattern EMBEDDED =
            Pattern.compile("\\[\\s*(?<ts>\\d+\\.\\d{6})\\](?:\\[\\s*(?<caller>[TC]\\d+)\\])? ?");

    static KernelLine of(int number, String raw) {
        return of(number, raw, true);
    }

    /** @param fast false skips the hand-written path for the plain shape (its test compares both) */
    static KernelLine of(int number, String raw, boolean fast) {
        String s = raw;
        if (s.indexOf('\u001B') >= 0) {
            s = ANSI.matcher(s).replaceAll("");
        }
        s = clean(s);
        KernelLine plain = fast ? plainRaw(number, s) : null;
        if (plain != null) {
            return plain;
        }
        String ts = null;
        String caller = null;
        Matcher m = LEVEL.matcher(s);
        if (m.lookingAt()) {
            s = s.substring(m.end());
        }
        m = SYSLOG.matcher(s);
        if (m.lookingAt()) {
            ts = m.group("ts");
            s = s.substring(m.end());
        }
        if (ts == null && s.indexOf(';') > 0 && (m = KMSG.matcher(s)).lookingAt()) {
            String us = m.group("usec");
            ts = us.length() > 6 ? us.substring(0, us.length() - 6) + "." + us.substring(us.length() - 6) : "0." + us;
            caller = m.group("caller");
            s = s.substring(m.end());
        }
        m = DMESG_T.matcher(s);
        if (m.lookingAt()) {
            ts = m.group("ts");
            s = s.substring(m.end());
        } else {
            m = RAW.matcher(s);
            if (m.lookingAt()) {
                ts = m.group("ts");
                caller = m.group("caller");
                s = s.substring(m.end());
            } else if (ts == null) {
                // console noise (login prompts, harness output) can precede the kernel's timestamp
                m = EMBEDDED.matcher(s);
                if (m.find()) {
                    ts = m.group("ts");
                    caller = m.group("caller");
                    s = s.substring(m.end());
                }
            }
        }
        return new KernelLine(number, s, ts, caller);
    }

    /**
     * The common {@code [ 123.456789] text} shape without the patterns: the same result as the
     * general path below, or null when the line has any other shape (caller id, syslog host, ...).
     */
    private static KernelLine plainRaw(int number, String s) {
        int n = s.length();
        if (n == 0 || s.charAt(0) != '[') {
            return null;
        }
        int i = 1;
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        int tsStart = i;
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (digits == 0 || i >= n || s.charAt(i) != '.') {
            return null;
        }
        i++;
        digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (digits == 0 || i >= n || s.charAt(i) != ']') {
            return null;
        }
        int tsEnd = i;
        i++;
        if (i < n && s.charAt(i) == '[') {
            return null; // a printk caller id: the general path reads it
        }
        if (i < n && s.charAt(i) == ' ') {
            // "[ 1.2] host kernel: ..." is a syslog line whose host the general path strips too
            int k = i + 1;
            while (k < n && s.charAt(k) != ' ' && s.charAt(k) != '\t') {
                k++;
            }
            if (k > i + 1 && s.startsWith(" kernel:", k)) {
                return null;
            }
            i++;
        }
        return new KernelLine(number, s.substring(i), s.substring(tsStart, tsEnd), null);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Control characters other than tab become nothing; they only hide text from the patterns. */
    private static String clean(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = (c < 0x20 && c != '\t') || c == 0x7f;
            if (bad && sb == null) {
                sb = new StringBuilder(s.length());
                sb.append(s, 0, i);
            }
            if (sb != null && !bad) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    String trimmed() {
        return text.strip();
    }
}
