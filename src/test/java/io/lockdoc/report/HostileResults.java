package io.lockdoc.report;

import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.explain.Explanations;
import io.lockdoc.kb.Article;
import io.lockdoc.kb.RemediationPlanner;
import io.lockdoc.model.Adjustment;
import io.lockdoc.model.Cause;
import io.lockdoc.model.Culprit;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.Finding;
import io.lockdoc.model.Participant;
import io.lockdoc.model.Problem;
import io.lockdoc.model.WaitGraph;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Analyses whose every string from the input comes from a source the test (or a fuzzer) chooses:
 * input names and skip reasons, problems, a finding's summary, culprit, participants, rule, reasons,
 * evidence names and quoted lines, wait-for graph labels, and the bindings of a kb article's plan.
 * The same call with {@link #benign} strings gives the structure the output must keep.
 */
public final class HostileResults {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(?:sh:)?([a-z][A-Za-z0-9]*)(?:\\|[^{}]*)?\\}");

    private HostileResults() {}

    /** File names, log lines and lock names the outside battery and the fuzzer sent. */
    public static final List<String> HOSTILE = List.of(
            "dmesg;touch x;.log",
            "x';touch x;'",
            "m$(touch x)",
            "e\u001b]0;pwned\u0007\u001b[2J\u001b[31mred",
            "a\r\nread    evil.log as kernel-log (by name): 99 fact(s)",
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "![img](http://evil/x.png)",
            "{html}<b>x</b>{html} [x|javascript:alert(1)] {noformat}",
            "```\n<script>x</script>",
            "`` `code` ``",
            "# heading",
            "- item",
            "1. item",
            "*bold* _it_ ~~s~~ |t|",
            "\\",
            "a\u202eb\u2028c\u0085d",
            "[/code]<b>x</b>[code]",
            "\"quoted\" & 'single'");

    /** Where the strings come from. */
    public interface Strings {
        String next();
    }

    /** The values in turn, again and again. */
    public static Strings cycling(List<String> values) {
        int[] i = {0};
        return () -> values.get(i[0]++ % values.size());
    }

    /** Plain words, each different: {@code v0}, {@code v1}... */
    public static Strings benign() {
        int[] i = {0};
        return () -> "v" + i[0]++;
    }

    /** The placeholders an article uses anywhere, in order. */
    public static Set<String> placeholders(Article a) {
        Set<String> out = new LinkedHashSet<>();
        List<String> texts = new ArrayList<>(List.of(a.title(), a.symptom(), a.reason(), a.solution()));
        for (Article.Step s : a.steps()) {
            texts.addAll(java.util.Arrays.asList(
                    s.title(), s.command(), s.expected(), s.verification(), s.rollback(), s.safety()));
        }
        for (String t : texts) {
            if (t != null) {
                Matcher m = PLACEHOLDER.matcher(t);
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }

    public static Finding finding(Strings s, Article article) {
        java.util.Map<String, String> bindings = new java.util.LinkedHashMap<>();
        if (article != null) {
            for (String name : placeholders(article)) {
                // never blank: a blank value is no binding, which drops a step with a "when" (benign renders keep it)
                String v = s.next();
                bindings.put(name, v.isBlank() ? "x" + v : v);
            }
        }
        return finding(s, bindings);
    }

    /** A finding whose other strings come from {@code s} and whose bindings are {@code bindings}. */
    public static Finding finding(Strings s, java.util.Map<String, String> bindings) {
        Evidence ev = new Evidence(
                s.next(), 3, 5, List.of(new Evidence.QuotedLine(3, s.next()), new Evidence.QuotedLine(4, s.next())));
        Finding.Builder b = Finding.builder(Cause.LOCK_ORDER_INVERSION, s.next())
                .confidence(0.9)
                .summary(s.next())
                .culprit(new Culprit(s.next(), s.next(), s.next()))
                .participant(new Participant(s.next(), Participant.Kind.TASK, s.next(), s.next()))
                .participant(new Participant("lock", Participant.Kind.LOCK, s.next(), null))
                .evidence(ev)
                .signatureKey(s.next())
                .graph(new WaitGraph(
                        List.of(
                                new WaitGraph.Node("t1", WaitGraph.NodeKind.TASK, s.next(), s.next(), true),
                                new WaitGraph.Node(s.next(), WaitGraph.NodeKind.LOCK, s.next(), null, false)),
                        List.of()));
        bindings.forEach(b::bind);
        Finding f = b.build();
        return f.rescored(0.8, List.of(new Finding.Reason(Adjustment.Direction.AGAINST, 0.1, s.next(), ev, s.next())));
    }

    public static AnalysisResult result(Strings s, Article article) {
        Finding f = finding(s, article);
        List<AnalysisResult.InputSummary> inputs = List.of(
                new AnalysisResult.InputSummary(s.next(), s.next(), s.next(), null, 3),
                new AnalysisResult.InputSummary(s.next(), null, null, s.next(), 0));
        List<Problem> problems = List.of(new Problem(Problem.ErrorId.TRUNCATED_REPORT, s.next(), 7, s.next()));
        return new AnalysisResult(
                inputs,
                problems,
                List.of(new AnalysisResult.Diagnosed(f, article == null ? null : RemediationPlanner.plan(article, f))),
                3,
                List.of());
    }

    public static Explanations explanations(Strings s) {
        Evidence ev = new Evidence(s.next(), 1, 2, List.of(new Evidence.QuotedLine(1, s.next())));
        return new Explanations(
                List.of(new Explanations.Why(
                        1, s.next(), s.next(), List.of(new Explanations.FactView(s.next(), s.next(), s.next(), ev)))),
                List.of(new Explanations.WhyNot(
                        s.next(),
                        s.next(),
                        List.of(new Explanations.RuleCheck(
                                s.next(), List.of(new Explanations.NeedCheck("n", s.next(), 0)))),
                        List.of(new Explanations.Hint(s.next(), "sudo dmesg -T")))));
    }

    public static String render(Renderer r, AnalysisResult result, Explanations e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.render(result, e, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
