package io.lockdoc.escape;

/**
 * Markdown's escaping layer (CommonMark and GitHub's): a value is text, never markup. Control
 * characters are made visible first ({@link Terminal#escape}); then HTML ({@code < > &}) becomes
 * entities, so no tag, comment or autolink can start; link, image and emphasis syntax
 * ({@code [ ] * _ ` ~ | \}) is backslash-escaped, and a {@code (} right after a {@code ]} too, so
 * {@code [x](javascript:...)} stays text; a value that would start a heading, quote or list
 * starts with a backslash. Code spans and fenced blocks get a fence longer than any run of
 * backticks inside, so a value cannot close them.
 */
public final class Markdown {
    private Markdown() {}

    /** A value as inline text. */
    public static String text(String s) {
        String t = Terminal.escape(s);
        StringBuilder sb = new StringBuilder(t.length() + 16);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\\', '`', '*', '_', '[', ']', '~', '|' -> sb.append('\\').append(c);
                case '(' -> {
                    if (i > 0 && t.charAt(i - 1) == ']') {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
                case '#', '+', '-', '=' -> {
                    if (i == 0) {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
                case '.', ')' -> {
                    if (i > 0 && t.substring(0, i).chars().allMatch(Character::isDigit)) {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A value as an inline code span, with a fence it cannot close. */
    public static String code(String s) {
        String t = Terminal.escape(s);
        String fence = "`".repeat(longestRun(t, '`') + 1);
        boolean pad = t.isEmpty() || t.startsWith("`") || t.endsWith("`") || t.startsWith(" ") || t.endsWith(" ");
        return pad ? fence + " " + t + " " + fence : fence + t + fence;
    }

    /** The fence for a code block holding {@code lines}: at least three backticks, more than any run inside. */
    public static String fence(Iterable<String> lines) {
        int longest = 0;
        for (String l : lines) {
            longest = Math.max(longest, longestRun(l, '`'));
        }
        return "`".repeat(Math.max(3, longest + 1));
    }

    /** One line of a code block: control characters visible (a CR would end the line early). */
    public static String codeLine(String s) {
        return Terminal.escape(s);
    }

    static int longestRun(String s, char c) {
        int best = 0;
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            run = s.charAt(i) == c ? run + 1 : 0;
            best = Math.max(best, run);
        }
        return best;
    }
}
