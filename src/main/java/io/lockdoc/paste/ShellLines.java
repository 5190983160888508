package io.lockdoc.paste;

import java.util.regex.Pattern;

/**
 * The shell around the output: prompt lines with the command typed ({@code root@host:~# dmesg},
 * {@code $ sudo dmesg -T}) and {@code set -x} traces ({@code + mount -o ro ...}). They are dropped, so
 * the output alone is detected and sectioned; a text that is all {@code +}/{@code -} lines is a diff and
 * is left alone.
 */
final class ShellLines implements PasteStep {
    private static final Pattern PROMPT = Pattern.compile(
            "^(?:\\(\\w[\\w.-]*\\) )?[\\w.-]+@[\\w.-]+(?::[^#$\\s]*)?\\s?[#$] \\S|^\\[[\\w.-]+@[\\w.-]+ [^\\]]*\\][#$] \\S|^\\$ \\S");
    private static final Pattern TRACE = Pattern.compile("^\\+{1,3} [a-z_][\\w./-]*(?: |$)");
    private static final Pattern DIFF = Pattern.compile("^(?:[+-]|@@ |diff --git|index [0-9a-f]|--- |\\+\\+\\+ )");

    @Override
    public String name() {
        return "shell prompts";
    }

    @Override
    public PasteText apply(PasteText text) {
        int shell = 0;
        int diff = 0;
        int nonBlank = 0;
        for (String l : text.lines()) {
            if (l.isBlank()) {
                continue;
            }
            nonBlank++;
            if (PROMPT.matcher(l).lookingAt() || TRACE.matcher(l).lookingAt()) {
                shell++;
            }
            if (DIFF.matcher(l).lookingAt()) {
                diff++;
            }
        }
        if (shell == 0 || shell == nonBlank || diff * 2 > nonBlank) {
            return text;
        }
        PasteText.Builder b = new PasteText.Builder();
        for (int i = 0; i < text.lines().size(); i++) {
            String l = text.lines().get(i);
            if (!PROMPT.matcher(l).lookingAt() && !TRACE.matcher(l).lookingAt()) {
                b.add(l, text.origin(i));
            }
        }
        return b.build();
    }
}
