package io.lockdoc.paste;

/**
 * The indentation every line shares (a Markdown code block's four spaces, a tracker that shifted
 * everything right): taken off so that the formats' own line starts are where parsers expect them.
 */
final class CommonIndent implements PasteStep {
    @Override
    public String name() {
        return "indentation";
    }

    @Override
    public PasteText apply(PasteText text) {
        String common = null;
        for (String l : text.lines()) {
            if (l.isBlank()) {
                continue;
            }
            int i = 0;
            while (i < l.length() && (l.charAt(i) == ' ' || l.charAt(i) == '\t')) {
                i++;
            }
            String indent = l.substring(0, i);
            if (common == null) {
                common = indent;
            } else {
                int k = 0;
                while (k < common.length() && k < indent.length() && common.charAt(k) == indent.charAt(k)) {
                    k++;
                }
                common = common.substring(0, k);
            }
            if (common.isEmpty()) {
                return text;
            }
        }
        if (common == null) {
            return text;
        }
        int cut = common.length();
        return text.map(l -> l.length() >= cut ? l.substring(cut) : l.strip());
    }
}
