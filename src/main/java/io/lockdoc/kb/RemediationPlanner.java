package io.lockdoc.kb;

import io.lockdoc.escape.ShellQuote;
import io.lockdoc.escape.Terminal;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.Finding;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds an article to a finding: {@code {name}} becomes the finding's value, {@code {name|text}}
 * falls back to {@code text} when the finding has none (a truncated report, say). Values come
 * from the input, so in a step's {@code command} and {@code rollback} each is quoted for the shell
 * where it lands ({@link ShellQuote}, POSIX sh or, for a Windows article, cmd); in the text fields
 * its control characters are made visible ({@link Terminal#escape}), and {@code {sh:name}} there
 * marks a value inside a command written in a sentence, quoted as one shell word. Fallbacks are the
 * article author's text and stay as written.
 */
public final class RemediationPlanner {
    /** One condition of a step's {@code when}: {@code [!]name[=value|value...]}. */
    static final Pattern CONDITION = Pattern.compile("(!)?([a-z][A-Za-z0-9]*)(?:=([^|\\s]+(?:\\|[^|\\s]+)*))?");

    static final Pattern PLACEHOLDER = Pattern.compile("\\{(sh:)?([a-z][A-Za-z0-9]*)(?:\\|([^{}]*))?\\}");

    private RemediationPlanner() {}

    public static Plan plan(Article a, Finding f) {
        return plan(a, values(f));
    }

    /** As {@link #plan(Article, Finding)} with each value passed through {@code filter} first (redaction). */
    public static Plan plan(Article a, Finding f, UnaryOperator<String> filter) {
        Map<String, String> values = values(f);
        values.replaceAll((k, v) -> filter.apply(v));
        return plan(a, values);
    }

    static Plan plan(Article a, Map<String, String> values) {
        ShellQuote.Dialect shell = ShellQuote.Dialect.forPlatform(a.platform());
        return new Plan(
                a.id(),
                fill(a.title(), values, shell),
                fill(a.symptom(), values, shell),
                fill(a.reason(), values, shell),
                fill(a.solution(), values, shell),
                a.steps().stream()
                        .filter(s -> applies(s, values))
                        .map(s -> new Article.Step(
                                fill(s.title(), values, shell),
                                command(s.command(), values, shell),
                                fill(s.expected(), values, shell),
                                fill(s.verification(), values, shell),
                                command(s.rollback(), values, shell),
                                fill(s.safety(), values, shell),
                                s.when()))
                        .toList(),
                a.references());
    }

    /**
     * Whether every condition of the step's {@code when} holds: {@code name} bound, {@code !name} not
     * bound, {@code name=a|b} bound to one of the values. A step whose precondition is absent is left out.
     */
    static boolean applies(Article.Step s, Map<String, String> values) {
        for (String c : s.when()) {
            Matcher m = CONDITION.matcher(c.strip());
            if (!m.matches()) {
                return false;
            }
            String v = values.get(m.group(2));
            boolean holds = m.group(3) == null
                    ? v != null
                    : v != null && List.of(m.group(3).split("\\|")).contains(v);
            if (holds == (m.group(1) != null)) {
                return false;
            }
        }
        return true;
    }

    /** The finding's bindings plus the values every finding has (artifact, lines, cause). */
    public static Map<String, String> values(Finding f) {
        Map<String, String> v = new HashMap<>(f.getBindings());
        Evidence e = f.getEvidence().get(0);
        // a name that starts with '-' would be read as an option by the command it is given to
        v.putIfAbsent("artifact", e.getArtifact().startsWith("-") ? "./" + e.getArtifact() : e.getArtifact());
        v.putIfAbsent("firstLine", Integer.toString(e.getFirstLine()));
        v.putIfAbsent("lastLine", Integer.toString(e.getLastLine()));
        v.putIfAbsent("cause", f.getCause().id());
        if (f.getCulprit() != null && f.getCulprit().function() != null) {
            v.putIfAbsent("culprit", f.getCulprit().function());
        }
        return v;
    }

    /** A fallback that stands for a value (PID, OWNER_PID, MODULE, {@code <DEV-MINOR>}), not prose. */
    private static final Pattern HOLE = Pattern.compile("[A-Z][A-Z0-9_]*|0x[A-Z]+|<[A-Za-z][\\w-]*>");

    private static final Pattern LITERAL_HOLE = Pattern.compile("<[A-Za-z][\\w-]*>");

    /**
     * The holes a plan for this finding would have: in each step that applies, a placeholder left at
     * a value-like fallback ({@code {blockerPid|OWNER_PID}}) or an author's {@code <DEV-MINOR>}. A
     * plan to paste has none; a step that needs a value it may lack declares it in {@code when}.
     */
    public static List<String> holes(Article a, Finding f) {
        Map<String, String> values = values(f);
        List<String> out = new java.util.ArrayList<>();
        int n = 0;
        for (Article.Step s : a.steps()) {
            n++;
            if (!applies(s, values)) {
                continue;
            }
            for (String text :
                    new String[] {s.title(), s.command(), s.expected(), s.verification(), s.rollback(), s.safety()}) {
                if (text == null) {
                    continue;
                }
                Matcher m = PLACEHOLDER.matcher(text);
                while (m.find()) {
                    if (!values.containsKey(m.group(2))
                            && (m.group(3) == null || HOLE.matcher(m.group(3)).matches())) {
                        out.add(a.id() + " step " + n + ": " + m.group());
                    }
                }
            }
            // what you paste: an author's <value> in a command is a hole too (in prose it quotes output)
            for (String text : new String[] {s.command(), s.rollback()}) {
                Matcher l = LITERAL_HOLE.matcher(
                        text == null ? "" : PLACEHOLDER.matcher(text).replaceAll(""));
                while (l.find()) {
                    out.add(a.id() + " step " + n + ": " + l.group());
                }
            }
        }
        return out;
    }

    /** The placeholders a text uses without a fallback: those the rules must bind. */
    public static Set<String> requiredPlaceholders(String text) {
        Set<String> out = new TreeSet<>();
        if (text != null) {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                if (m.group(3) == null) {
                    out.add(m.group(2));
                }
            }
        }
        return out;
    }

    /** The placeholders a step uses without a fallback, less those its {@code when} guarantees are bound. */
    public static Set<String> requiredPlaceholders(Article.Step s) {
        Set<String> out = new TreeSet<>();
        for (String t : java.util.Arrays.asList(
                s.title(), s.command(), s.expected(), s.verification(), s.rollback(), s.safety())) {
            out.addAll(requiredPlaceholders(t));
        }
        for (String c : s.when()) {
            Matcher m = CONDITION.matcher(c.strip());
            if (m.matches() && m.group(1) == null) {
                out.remove(m.group(2));
            }
        }
        return out;
    }

    /** The text as read without a finding: each placeholder shows its fallback (or its name). */
    public static String generic(String text) {
        return fill(text, Map.of());
    }

    /** Text: a value's control characters are made visible; {@code {sh:name}} is quoted as one shell word. */
    static String fill(String text, Map<String, String> values) {
        return fill(text, values, ShellQuote.Dialect.POSIX);
    }

    static String fill(String text, Map<String, String> values, ShellQuote.Dialect shell) {
        if (text == null) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(2));
            if (v == null) {
                v = fallback(m);
            } else {
                v = m.group(1) != null ? new ShellQuote.Command(shell).value(v).toString() : Terminal.escape(v);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** A command: each value quoted for the shell where it lands; fallbacks are the author's and stay as written. */
    static String command(String text, Map<String, String> values, ShellQuote.Dialect shell) {
        if (text == null) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        ShellQuote.Command c = new ShellQuote.Command(shell);
        int at = 0;
        while (m.find()) {
            c.text(text.substring(at, m.start()));
            String v = values.get(m.group(2));
            if (v == null) {
                c.text(fallback(m));
            } else {
                c.value(v);
            }
            at = m.end();
        }
        c.text(text.substring(at));
        return c.toString();
    }

    private static String fallback(Matcher m) {
        return m.group(3) != null ? m.group(3) : "<" + m.group(2) + ">";
    }
}
