package io.lockdoc.escape;

import java.util.regex.Pattern;

/**
 * Jira wiki markup's escaping layer: a value is text, never a macro, link, image, table or
 * emphasis. Control characters are made visible first ({@link Terminal#escape}); then
 * {@code * _ { } [ ] | ^ ~ !} are backslash-escaped and a backslash becomes {@code &#92;} (two
 * backslashes would be a line break, and one would escape the character lockdoc writes next).
 * Inside a {@code {code}} block nothing can be escaped, so a value that would open or close a
 * macro ({@code {code}}, {@code {noformat}}) gets a space after its brace.
 */
public final class JiraWiki {
    private static final Pattern MACRO = Pattern.compile("(?i)\\{(code|noformat|html|panel|quote)");

    private JiraWiki() {}

    /** A value as running text. */
    public static String text(String s) {
        String t = Terminal.escape(s);
        StringBuilder sb = new StringBuilder(t.length() + 16);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            switch (c) {
                case '\\' -> sb.append("&#92;");
                case '*', '_', '{', '}', '[', ']', '|', '^', '~', '!' -> sb.append('\\')
                        .append(c);
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The body of a {@code {code}} block: one line per line, none able to end the block. */
    public static String code(String block) {
        StringBuilder sb = new StringBuilder(block.length() + 16);
        block.lines().forEach(l -> {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(MACRO.matcher(Terminal.escape(l)).replaceAll("{ $1"));
        });
        return sb.toString();
    }
}
