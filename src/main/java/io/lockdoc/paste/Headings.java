package io.lockdoc.paste;

import java.util.regex.Pattern;

/** Markdown heading marks a reporter put before a banner line ({@code # Found one Java-level deadlock:}). */
final class Headings implements PasteStep {
    // a gdb frame is "#0 ", a heading "# Text": only a letter after the space counts
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6} +(?=[A-Za-z\"])");

    @Override
    public String name() {
        return "headings";
    }

    @Override
    public PasteText apply(PasteText text) {
        return text.map(l -> l.indexOf('#') < 0 ? l : HEADING.matcher(l).replaceFirst(""));
    }
}
