package io.lockdoc.paste;

/** Mail and Markdown quotes: when most lines start with {@code >}, every level of it is taken off. */
final class Quotes implements PasteStep {
    @Override
    public String name() {
        return "quotes";
    }

    @Override
    public PasteText apply(PasteText text) {
        int quoted = 0;
        int nonBlank = 0;
        for (String l : text.lines()) {
            if (!l.isBlank()) {
                nonBlank++;
                if (l.stripLeading().startsWith(">")) {
                    quoted++;
                }
            }
        }
        // a few '>' lines are content (shell redirections, C++ templates); a quoted paste is mostly quoted
        if (nonBlank == 0 || quoted * 2 < nonBlank) {
            return text;
        }
        return text.map(Quotes::unquote);
    }

    static String unquote(String l) {
        int i = 0;
        while (i < l.length() && (l.charAt(i) == ' ' || l.charAt(i) == '\t')) {
            i++;
        }
        if (i >= l.length() || l.charAt(i) != '>') {
            return l;
        }
        while (i < l.length() && l.charAt(i) == '>') {
            i++;
            if (i < l.length() && l.charAt(i) == ' ') {
                i++;
            }
        }
        return l.substring(i);
    }
}
