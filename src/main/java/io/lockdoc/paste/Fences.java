package io.lockdoc.paste;

import java.util.regex.Pattern;

/** Markdown code fences ({@code ```}, {@code ~~~}, with a language or glued to the first or last line of the block). */
final class Fences implements PasteStep {
    private static final Pattern OPEN = Pattern.compile("^(\\s*)(?:`{3,}|~{3,})(?:[\\w+.#-]*\\s*$)?");
    private static final Pattern CLOSE = Pattern.compile("(?:`{3,}|~{3,})\\s*$");

    @Override
    public String name() {
        return "fences";
    }

    @Override
    public PasteText apply(PasteText text) {
        return text.map(l -> {
            if (l.indexOf('`') < 0 && l.indexOf('~') < 0) {
                return l;
            }
            String s = OPEN.matcher(l).replaceFirst("$1");
            return s.isBlank() ? "" : CLOSE.matcher(s).replaceFirst("");
        });
    }
}
