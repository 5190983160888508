package io.lockdoc.paste;

import java.util.regex.Pattern;

/** Block tags a forum or an issue tracker wraps a paste in: {@code <pre>}, {@code <code>}, {@code [code]}, {@code [quote]}. */
final class MarkupBlocks implements PasteStep {
    private static final Pattern AT_START = Pattern.compile(
            "^(\\s*)(?:</?(?:pre|code|tt|samp)(?:\\s[^>]*)?>|\\[/?(?:code|quote|noformat)(?:[=:][^\\]]*)?\\]|\\{(?:code|noformat)(?::[^}]*)?\\})+",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern AT_END = Pattern.compile(
            "(?:</?(?:pre|code|tt|samp)>|\\[/?(?:code|quote|noformat)\\]|\\{(?:code|noformat)\\})+\\s*$",
            Pattern.CASE_INSENSITIVE);

    @Override
    public String name() {
        return "markup blocks";
    }

    @Override
    public PasteText apply(PasteText text) {
        return text.map(l -> {
            if (l.indexOf('<') < 0 && l.indexOf('[') < 0 && l.indexOf('{') < 0) {
                return l;
            }
            String s = AT_START.matcher(l).replaceFirst("$1");
            return AT_END.matcher(s).replaceFirst("");
        });
    }
}
