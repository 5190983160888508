package io.lockdoc.paste;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Entities an HTML page or export left in the text ({@code &lt;lock1&gt;}, {@code &amp;mddev->open_mutex}). */
final class HtmlEntities implements PasteStep {
    private static final Pattern ENTITY =
            Pattern.compile("&(?:(lt|gt|amp|quot|apos|nbsp|#39)|#(\\d{1,6})|#x([0-9a-fA-F]{1,6}));");
    private static final Map<String, String> NAMED =
            Map.of("lt", "<", "gt", ">", "amp", "&", "quot", "\"", "apos", "'", "nbsp", " ", "#39", "'");

    @Override
    public String name() {
        return "HTML entities";
    }

    @Override
    public PasteText apply(PasteText text) {
        return text.map(l -> l.indexOf('&') < 0 ? l : decode(l));
    }

    static String decode(String l) {
        Matcher m = ENTITY.matcher(l);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String r;
            if (m.group(1) != null) {
                r = NAMED.get(m.group(1));
            } else {
                int cp = m.group(2) != null ? Integer.parseInt(m.group(2)) : Integer.parseInt(m.group(3), 16);
                // a control character or a non-character stays as it was written
                r = cp >= 0x20 && cp <= 0x10FFFF && cp != 0x7f ? new String(Character.toChars(cp)) : m.group();
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(r));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
