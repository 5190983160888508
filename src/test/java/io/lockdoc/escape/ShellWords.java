package io.lockdoc.escape;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Test-only shell tokenizers: a command becomes its structure, one string per token. A word is its
 * parts, quoted text as it is (what the command receives) and everything the shell would expand or
 * interpret marked with a NUL-led tag: {@code $name}, command substitution (its own tokens, nested),
 * unquoted glob and brace characters, a tilde, a history {@code !}. Operators, newlines and comments
 * are tokens of their own. Two commands with the same structure do the same thing with the same
 * words, so a hostile value that left its word (or started an expansion) shows as a difference.
 */
public final class ShellWords {
    private ShellWords() {}

    /** The structure of a command in its dialect (cmd words without their quote marks: see {@link #cmd}). */
    public static List<String> structure(String command, ShellQuote.Dialect d) {
        if (d == ShellQuote.Dialect.POSIX) {
            return posix(command);
        }
        return cmd(command).stream().map(ShellWords::unquote).toList();
    }

    /**
     * The structure a command must have with hostile values: the structure it has with benign ones
     * (safe words, each occurring nowhere else), with each benign word replaced by what the command
     * can carry of its hostile value ({@link #printable}; in cmd also less what cmd cannot quote).
     */
    public static List<String> expected(
            List<String> benign, Map<String, String> hostileByBenign, ShellQuote.Dialect d) {
        List<String> out = new ArrayList<>();
        for (String t : benign) {
            String e = t;
            for (Map.Entry<String, String> h : hostileByBenign.entrySet()) {
                String p = printable(h.getValue());
                if (d == ShellQuote.Dialect.POSIX) {
                    e = e.replace(h.getKey(), p);
                } else if (t.startsWith("C:")) {
                    e = e.replace(h.getKey(), p.replaceAll("[\"%!^&|<>]", "?"));
                } else {
                    e = e.replace(h.getKey(), p.replaceAll("[\"%!^;]", "?"));
                }
            }
            out.add(e);
        }
        return out;
    }

    /** A value with each control character (a newline too) as {@code ?}: what a command can show of it. */
    public static String printable(String v) {
        StringBuilder sb = new StringBuilder();
        for (char c : v.toCharArray()) {
            boolean control = c < 0x20
                    || c == 0x7f
                    || (c >= 0x80 && c <= 0x9f)
                    || (c >= 0x2028 && c <= 0x202e)
                    || (c >= 0x2066 && c <= 0x2069)
                    || c == 0x200e
                    || c == 0x200f
                    || c == 0x061c;
            sb.append(control ? '?' : c);
        }
        return sb.toString();
    }

    private static String unquote(String token) {
        return token.replace("\0Q", "").replace("\0q", "");
    }

    /** POSIX sh (with bash's interactive {@code !} and brace expansion marked). */
    public static List<String> posix(String s) {
        Posix p = new Posix(s);
        List<String> out = p.tokens((char) 0);
        if (p.i < s.length()) {
            throw new IllegalArgumentException("unexpected '" + s.charAt(p.i) + "' at " + p.i + " in: " + s);
        }
        return out;
    }

    private static final class Posix {
        final String s;
        int i;

        Posix(String s) {
            this.s = s;
        }

        List<String> tokens(char terminator) {
            List<String> out = new ArrayList<>();
            StringBuilder word = null;
            int depth = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (terminator == '`' && c == '`') {
                    break;
                }
                if (terminator == ')' && c == ')' && depth == 0) {
                    break;
                }
                if (c == ' ' || c == '\t') {
                    word = end(out, word);
                    i++;
                } else if (c == '\n') {
                    word = end(out, word);
                    out.add("NL");
                    i++;
                } else if (c == '#' && word == null) {
                    int e = s.indexOf('\n', i);
                    e = e < 0 ? s.length() : e;
                    out.add("C:" + s.substring(i + 1, e));
                    i = e;
                } else if (";&|<>()".indexOf(c) >= 0) {
                    word = end(out, word);
                    String op = String.valueOf(c);
                    if (i + 1 < s.length()) {
                        String two = s.substring(i, i + 2);
                        if (List.of("&&", "||", ";;", ">>", "<<", ">&", "<&", ">|")
                                .contains(two)) {
                            op = two;
                        }
                    }
                    if (c == '(') {
                        depth++;
                    } else if (c == ')') {
                        depth--;
                    }
                    out.add("OP:" + op);
                    i += op.length();
                } else {
                    if (word == null) {
                        word = new StringBuilder("W:");
                        if (c == '~') {
                            word.append("\0~");
                            i++;
                            continue;
                        }
                    }
                    part(word);
                }
            }
            end(out, word);
            return out;
        }

        private static StringBuilder end(List<String> out, StringBuilder word) {
            if (word != null) {
                out.add(word.toString());
            }
            return null;
        }

        /** One part of a word at {@code i}. */
        private void part(StringBuilder w) {
            char c = s.charAt(i);
            switch (c) {
                case '\'' -> {
                    int e = s.indexOf('\'', i + 1);
                    if (e < 0) {
                        throw new IllegalArgumentException("unterminated ' in: " + s);
                    }
                    w.append(s, i + 1, e);
                    i = e + 1;
                }
                case '"' -> {
                    i++;
                    while (true) {
                        if (i >= s.length()) {
                            throw new IllegalArgumentException("unterminated \" in: " + s);
                        }
                        char d = s.charAt(i);
                        if (d == '"') {
                            i++;
                            break;
                        }
                        if (d == '\\' && i + 1 < s.length() && "$`\"\\\n".indexOf(s.charAt(i + 1)) >= 0) {
                            w.append(s.charAt(i + 1));
                            i += 2;
                        } else if (d == '$' || d == '`') {
                            expansion(w);
                        } else if (d == '!') {
                            w.append("\0!");
                            i++;
                        } else {
                            w.append(d);
                            i++;
                        }
                    }
                }
                case '\\' -> {
                    if (i + 1 < s.length()) {
                        if (s.charAt(i + 1) != '\n') {
                            w.append(s.charAt(i + 1));
                        }
                        i += 2;
                    } else {
                        i++;
                    }
                }
                case '$', '`' -> expansion(w);
                case '*', '?', '[', ']', '{', '}', '!' -> {
                    w.append('\0').append(c);
                    i++;
                }
                default -> {
                    w.append(c);
                    i++;
                }
            }
        }

        /** {@code $name}, {@code ${...}}, {@code $(...)}, {@code `...`} or a lone {@code $} at {@code i}. */
        private void expansion(StringBuilder w) {
            char c = s.charAt(i);
            if (c == '`') {
                i++;
                List<String> sub = tokens('`');
                if (i >= s.length()) {
                    throw new IllegalArgumentException("unterminated ` in: " + s);
                }
                i++;
                w.append("\0S").append(sub).append("\0s");
                return;
            }
            char n = i + 1 < s.length() ? s.charAt(i + 1) : 0;
            if (n == '(') {
                i += 2;
                List<String> sub = tokens(')');
                if (i >= s.length()) {
                    throw new IllegalArgumentException("unterminated $( in: " + s);
                }
                i++;
                w.append("\0S").append(sub).append("\0s");
            } else if (n == '{') {
                int e = s.indexOf('}', i);
                if (e < 0) {
                    throw new IllegalArgumentException("unterminated ${ in: " + s);
                }
                w.append("\0V").append(s, i, e + 1);
                i = e + 1;
            } else if (Character.isLetterOrDigit(n) || n == '_' || "?$!#@*-".indexOf(n) >= 0 && n != 0) {
                int e = i + 2;
                if (Character.isLetter(n) || n == '_') {
                    while (e < s.length() && (Character.isLetterOrDigit(s.charAt(e)) || s.charAt(e) == '_')) {
                        e++;
                    }
                }
                w.append("\0V").append(s, i, e);
                i = e;
            } else {
                w.append('$');
                i++;
            }
        }
    }

    /**
     * Windows cmd, line by line: a {@code rem} or {@code ::} line is one comment token; elsewhere
     * {@code "} toggles quoting, {@code ^} escapes outside quotes, {@code & | < > ( ) , ; =} are
     * operators outside quotes, {@code %} and {@code !} (variable expansion) are marked anywhere, and
     * inside quotes a {@code ;} (a debugger's command separator in {@code cdb -c "..."}) is marked
     * too. Quoted text is wrapped in NUL-Q ... NUL-q so a test can tell where a value landed.
     */
    public static List<String> cmd(String s) {
        List<String> out = new ArrayList<>();
        for (String line : s.split("\n", -1)) {
            String l = line.stripLeading();
            while (l.startsWith("@")) {
                l = l.substring(1);
            }
            String first = l.split("[ \t]", 2)[0].toLowerCase(Locale.ROOT);
            if (first.equals("rem") || l.startsWith("::")) {
                out.add("C:" + l);
                out.add("NL");
                continue;
            }
            StringBuilder word = null;
            boolean quoted = false;
            for (int i = 0; i < l.length(); i++) {
                char c = l.charAt(i);
                if (c == '"') {
                    if (word == null) {
                        word = new StringBuilder("W:");
                    }
                    word.append(quoted ? "\0q" : "\0Q");
                    quoted = !quoted;
                } else if (c == '%' || c == '!') {
                    if (word == null) {
                        word = new StringBuilder("W:");
                    }
                    word.append('\0').append(c);
                } else if (quoted) {
                    word.append(c == ';' ? "\0;" : String.valueOf(c));
                } else if (c == '^' && i + 1 < l.length()) {
                    if (word == null) {
                        word = new StringBuilder("W:");
                    }
                    word.append(l.charAt(++i));
                } else if (c == ' ' || c == '\t') {
                    if (word != null) {
                        out.add(word.toString());
                        word = null;
                    }
                } else if ("&|<>(),;=".indexOf(c) >= 0) {
                    if (word != null) {
                        out.add(word.toString());
                        word = null;
                    }
                    out.add("OP:" + c);
                } else {
                    if (word == null) {
                        word = new StringBuilder("W:");
                    }
                    word.append(c);
                }
            }
            if (word != null) {
                out.add(word.toString());
            }
            out.add("NL");
        }
        return out;
    }
}
