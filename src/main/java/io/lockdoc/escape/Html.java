package io.lockdoc.escape;

/**
 * HTML's escaping layer, for text and for attribute values (always written in double quotes):
 * {@code < > & " '} become entities; control characters but tab and newline are made visible as
 * in {@link Terminal#escape} (they are not allowed in XML, so SVG stays well-formed).
 * {@link #escapeWithBrackets} also turns {@code [ ]} into entities, for HTML that a ticket system
 * wraps in its own bracket markup (ServiceNow's {@code [code]...[/code]}).
 */
public final class Html {
    private Html() {}

    public static String escape(String s) {
        return escape(s, false);
    }

    public static String escapeWithBrackets(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean brackets) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                case '[' -> sb.append(brackets ? "&#91;" : "[");
                case ']' -> sb.append(brackets ? "&#93;" : "]");
                default -> {
                    if (c != '\n' && Terminal.isControl(c)) {
                        StringBuilder v = new StringBuilder(6);
                        Terminal.visible(c, v);
                        sb.append(brackets ? v.toString().replace("[", "&#91;") : v);
                    } else if (Character.isSurrogate(c)
                            && !(Character.isHighSurrogate(c)
                                    && i + 1 < s.length()
                                    && Character.isLowSurrogate(s.charAt(i + 1)))
                            && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)))) {
                        sb.append('\uFFFD');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
