package io.lockdoc.paste;

/**
 * rsyslog's control-character escapes: {@code #012} is a newline the sender kept inside one
 * message (a whole report on one line), {@code #011} a tab.
 */
final class RsyslogEscapes implements PasteStep {
    @Override
    public String name() {
        return "#012 escapes";
    }

    @Override
    public PasteText apply(PasteText text) {
        boolean any = false;
        for (String l : text.lines()) {
            if (l.contains("#012") || l.contains("#011")) {
                any = true;
                break;
            }
        }
        if (!any) {
            return text;
        }
        PasteText.Builder b = new PasteText.Builder();
        for (int i = 0; i < text.lines().size(); i++) {
            String l = text.lines().get(i).replace("#011", "\t");
            int from = 0;
            int at;
            while ((at = l.indexOf("#012", from)) >= 0) {
                b.add(l.substring(from, at), text.origin(i));
                from = at + 4;
            }
            b.add(l.substring(from), text.origin(i));
        }
        return b.build();
    }
}
