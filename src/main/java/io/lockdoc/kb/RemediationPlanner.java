package io.lockdoc.kb;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Finding;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds an article to a finding: {@code {name}} becomes the finding's value, {@code {name|text}}
 * falls back to {@code text} when the finding has none (a truncated report, say).
 */
public final class RemediationPlanner {
    static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][A-Za-z0-9]*)(?:\\|([^{}]*))?\\}");

    private RemediationPlanner() {}

    public static Plan plan(Article a, Finding f) {
        Map<String, String> values = values(f);
        return new Plan(
                a.id(),
                fill(a.title(), values),
                fill(a.symptom(), values),
                fill(a.reason(), values),
                fill(a.solution(), values),
                a.steps().stream()
                        .map(s -> new Article.Step(
                                fill(s.title(), values),
                                fill(s.command(), values),
                                fill(s.expected(), values),
                                fill(s.verification(), values),
                                fill(s.rollback(), values),
                                fill(s.safety(), values)))
                        .toList(),
                a.references());
    }

    /** The finding's bindings plus the values every finding has (artifact, lines, cause). */
    public static Map<String, String> values(Finding f) {
        Map<String, String> v = new HashMap<>(f.getBindings());
        Evidence e = f.getEvidence().get(0);
        v.putIfAbsent("artifact", e.getArtifact());
        v.putIfAbsent("firstLine", Integer.toString(e.getFirstLine()));
        v.putIfAbsent("lastLine", Integer.toString(e.getLastLine()));
        v.putIfAbsent("cause", f.getCause().id());
        if (f.getCulprit() != null && f.getCulprit().function() != null) {
            v.putIfAbsent("culprit", f.getCulprit().function());
        }
        return v;
    }

    /** The placeholders a text uses without a fallback: those the rules must bind. */
    public static Set<String> requiredPlaceholders(String text) {
        Set<String> out = new TreeSet<>();
        if (text != null) {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                if (m.group(2) == null) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }

    /** The text as read without a finding: each placeholder shows its fallback (or its name). */
    public static String generic(String text) {
        return fill(text, Map.of());
    }

    static String fill(String text, Map<String, String> values) {
        if (text == null) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                v = m.group(2) != null ? m.group(2) : "<" + m.group(1) + ">";
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
