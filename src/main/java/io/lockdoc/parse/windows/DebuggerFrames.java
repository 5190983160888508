package io.lockdoc.parse.windows;

import io.lockdoc.model.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one stack frame from any of the debugger's stack layouts: x86 {@code kb}/{@code kv}
 * ({@code ChildEBP RetAddr Args...}), x64 {@code k}/{@code kv} ({@code Child-SP RetAddr : Args :
 * Call Site}), frame numbers, inline frames, {@code kc}, MEX tables, {@code !stacks} continuation
 * lines, and bare symbol lists.
 */
final class DebuggerFrames {
    /** A frame and what the line printed around it. */
    record Parsed(Frame frame, List<String> args, String info) {}

    private static final Pattern HEXISH =
            Pattern.compile("[0-9a-fA-F]+(?:`[0-9a-fA-F]+)?|:|\\(Inline|Function\\)|\\(Inline\\)|-+`-+|-{8}");
    private static final Pattern SYMBOL =
            Pattern.compile("(?:[\\w.\\-]+![^\\s]+|[\\w.\\-]+\\+0x[0-9a-fA-F]+|0x[0-9a-fA-F`]{6,}|\\+0x[0-9a-fA-F]+)");
    private static final Pattern OFFSET = Pattern.compile("\\+(?:0x)?[0-9a-fA-F]+$");
    private static final Pattern MEX_OWNER_NOTE =
            Pattern.compile("Thread: ([0-9a-fA-F`]+)\\b.*?owner of (\\w+): ([0-9a-fA-F`]+)");

    private DebuggerFrames() {}

    static Parsed parse(String raw, int lineNo) {
        String line = raw.strip();
        if (line.isEmpty() || line.length() > 4000) {
            return null;
        }
        String[] t = line.split("\\s+");
        int i = 0;
        int longHex = 0;
        List<String> skipped = new ArrayList<>();
        while (i < t.length
                && HEXISH.matcher(t[i]).matches()
                && !SYMBOL.matcher(t[i]).matches()) {
            if (t[i].replace("`", "").length() >= 8) {
                longHex++;
            }
            skipped.add(t[i]);
            i++;
        }
        if (i >= t.length) {
            return null;
        }
        String sym = t[i];
        if (sym.endsWith(":") || !SYMBOL.matcher(sym).matches()) {
            return null;
        }
        boolean named = sym.contains("!") || sym.matches("[\\w.\\-]+\\+0x[0-9a-fA-F]+");
        if (longHex == 0 && !named) {
            return null;
        }
        if (longHex == 0
                && !skipped.stream()
                        .allMatch(s -> s.matches("[0-9a-fA-F]{1,4}|\\(Inline\\)|\\(Inline|Function\\)|-+`?-+"))) {
            return null;
        }
        String rest = i + 1 < t.length ? String.join(" ", java.util.Arrays.copyOfRange(t, i + 1, t.length)) : "";
        return new Parsed(frame(sym, lineNo), args(skipped), rest);
    }

    static Frame frame(String sym, int lineNo) {
        String s = sym.replace("`", "");
        String offset = null;
        Matcher m = OFFSET.matcher(s);
        if (!s.startsWith("0x") && !s.startsWith("+") && m.find()) {
            offset = m.group();
            s = s.substring(0, m.start());
        }
        String module = null;
        int bang = s.indexOf('!');
        if (bang > 0) {
            module = s.substring(0, bang);
        } else if (!s.startsWith("0x") && !s.startsWith("+") && offset != null) {
            module = s;
        }
        return new Frame(s, offset, module, true, lineNo);
    }

    /** The arguments a layout prints: between the colons (x64 kv) or the three after ChildEBP/RetAddr (x86 kb). */
    private static List<String> args(List<String> skipped) {
        int first = skipped.indexOf(":");
        if (first >= 0) {
            int second = skipped.subList(first + 1, skipped.size()).indexOf(":");
            int end = second < 0 ? skipped.size() : first + 1 + second;
            return norm(skipped.subList(first + 1, end));
        }
        if (skipped.size() >= 5 && skipped.stream().allMatch(s -> s.matches("[0-9a-fA-F]{8}"))) {
            return norm(skipped.subList(2, skipped.size()));
        }
        return List.of();
    }

    private static List<String> norm(List<String> in) {
        List<String> out = new ArrayList<>();
        for (String s : in) {
            String h = s.replace("`", "").toLowerCase(java.util.Locale.ROOT).replaceFirst("^0+(?=.)", "");
            if (h.matches("[0-9a-f]+")) {
                out.add(h);
            }
        }
        return out;
    }

    /** A MEX note "Thread: X ... owner of EResource: Y" after a frame: {owner, kind, object}. */
    static String[] ownerNote(String info) {
        if (info == null) {
            return null;
        }
        Matcher m = MEX_OWNER_NOTE.matcher(info);
        return m.find() ? new String[] {m.group(1), m.group(2), m.group(3)} : null;
    }

    /** Frames that start a thread: a stack that ends elsewhere was cut. */
    static boolean isThreadStart(Frame f) {
        return f.function()
                .matches(
                        "(?i).*!_?(?:RtlUserThreadStart|BaseThreadInitThunk|BaseThreadStart|BaseProcessStart|KiStartSystemThread|PspSystemThreadStartup|KiThreadStartup|RtlpUserThreadStart)$");
    }
}
