package io.lockdoc.paste;

/** Carriage returns a terminal or an editor left at line ends: a real CR, {@code ^M} and a literal {@code \r}. */
final class LineEnds implements PasteStep {
    @Override
    public String name() {
        return "line ends";
    }

    @Override
    public PasteText apply(PasteText text) {
        return text.map(LineEnds::strip);
    }

    static String strip(String l) {
        int end = l.length();
        while (true) {
            if (end > 0 && l.charAt(end - 1) == '\r') {
                end--;
            } else if (end > 1 && l.charAt(end - 2) == '^' && l.charAt(end - 1) == 'M') {
                end -= 2;
            } else if (end > 1 && l.charAt(end - 2) == '\\' && l.charAt(end - 1) == 'r') {
                end -= 2;
            } else {
                break;
            }
        }
        return end == l.length() ? l : l.substring(0, end);
    }
}
