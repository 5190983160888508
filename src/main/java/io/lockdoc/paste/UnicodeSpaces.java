package io.lockdoc.paste;

/**
 * Spaces a web page, a word processor or a chat client put in place of plain ones: no-break and
 * typographic spaces become spaces, zero-width characters and stray byte-order marks go. Text
 * copied from a rendered page carries them; no tool prints them in a log.
 */
final class UnicodeSpaces implements PasteStep {
    @Override
    public String name() {
        return "unicode spaces";
    }

    @Override
    public PasteText apply(PasteText text) {
        return text.map(l -> has(l) ? plain(l) : l);
    }

    @Override
    public boolean decisive() {
        return true;
    }

    /** Whether the text holds a character this step replaces. */
    static boolean has(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (kind(s.charAt(i)) != 0) {
                return true;
            }
        }
        return false;
    }

    private static String plain(String l) {
        StringBuilder sb = new StringBuilder(l.length());
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            switch (kind(c)) {
                case 1 -> sb.append(' ');
                case 2 -> {
                    // zero-width: dropped
                }
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** 1: a space in disguise; 2: a zero-width character; 0: anything else. */
    private static int kind(char c) {
        if (c == '\u00a0' || (c >= '\u2000' && c <= '\u200a') || c == '\u202f' || c == '\u205f' || c == '\u3000') {
            return 1;
        }
        if (c == '\u200b' || c == '\u200c' || c == '\u200d' || c == '\u2060' || c == '\ufeff') {
            return 2;
        }
        return 0;
    }
}
