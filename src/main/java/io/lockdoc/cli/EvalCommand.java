package io.lockdoc.cli;

import io.lockdoc.analysis.Analyzer;
import io.lockdoc.engine.Engine;
import io.lockdoc.eval.CaseResult;
import io.lockdoc.eval.Evaluation;
import io.lockdoc.eval.Evaluator;
import io.lockdoc.eval.Label;
import io.lockdoc.model.OrderedMap;
import io.lockdoc.rulebase.RuleBase;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

@Command(
        name = "eval",
        description = "Score lockdoc against a labelled corpus folder (DIR/labels.json).",
        mixinStandardHelpOptions = true)
final class EvalCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "a folder with labels.json and the labelled files or bundles")
    Path dir;

    @Option(names = "--format", defaultValue = "text", description = "text or json")
    String format;

    @Option(names = "--verbose", description = "list every wrong case with what was expected and what came out")
    boolean verbose;

    @Option(names = "--rules", description = "a folder of .drl packs added to (or overriding) the packaged rules")
    Path rules;

    @Option(
            names = "--min-accuracy",
            description = "fail (exit 1) when cause accuracy over all cases is below this (0..1)")
    Double minAccuracy;

    @Option(
            names = "--min-supported-accuracy",
            description = "fail when cause accuracy over cases of supported causes is below this")
    Double minSupportedAccuracy;

    @Option(
            names = "--min-culprit-accuracy",
            description = "fail when the culprit matches in fewer than this share of supported cases that name one")
    Double minCulpritAccuracy;

    @Option(names = "--max-false-claims", description = "fail when more 'none' cases than this get a finding")
    Integer maxFalseClaims;

    @Option(
            names = "--baseline",
            description =
                    "a JSON file of per-cause minimum counts (as --format json prints them); fail when any cause regresses")
    Path baseline;

    @Option(names = "--write-baseline", description = "write this run's per-cause counts to FILE, for --baseline")
    Path writeBaseline;

    enum Format {
        TEXT,
        JSON
    }

    private final Streams io;

    EvalCommand(Streams io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        Format fmt = Formats.parse(format, io.err(), Format.values());
        if (fmt == null) {
            return ExitCode.USAGE.code();
        }
        List<Label> labels;
        try {
            labels = Evaluator.labels(dir);
        } catch (java.io.IOException e) {
            io.err().println("lockdoc: " + Streams.t(e.getMessage()));
            return ExitCode.UNREADABLE_INPUT.code();
        }
        RuleBase ruleBase = CommandSetup.rules(rules);
        Set<String> supported = ruleBase.rulesWithCause().values().stream()
                .filter(c -> !c.isEmpty())
                .collect(Collectors.toSet());
        Evaluation ev = new Evaluator(new Analyzer(new Engine(ruleBase), null), supported).run(dir, labels);
        if (fmt == Format.JSON) {
            io.out()
                    .println(JsonMapper.builder()
                            .enable(SerializationFeature.INDENT_OUTPUT)
                            .build()
                            .writeValueAsString(json(ev)));
        } else {
            text(ev);
        }
        if (writeBaseline != null) {
            java.nio.file.Files.writeString(
                    writeBaseline,
                    JsonMapper.builder()
                                    .enable(SerializationFeature.INDENT_OUTPUT)
                                    .build()
                                    .writeValueAsString(json(ev).get("perCause"))
                            + "\n");
        }
        boolean ok = thresholdsMet(ev);
        if (baseline != null) {
            ok &= baselineHolds(ev);
        }
        return ok ? ExitCode.NO_FINDING.code() : ExitCode.FINDINGS.code();
    }

    /** No cause may get fewer causes or culprits right than the baseline recorded. */
    private boolean baselineHolds(Evaluation ev) throws java.io.IOException {
        Map<?, ?> base = JsonMapper.builder().build().readValue(baseline.toFile(), Map.class);
        Map<String, Evaluation.Counts> now = ev.perCause();
        boolean ok = true;
        for (var e : base.entrySet()) {
            Map<?, ?> b = (Map<?, ?>) e.getValue();
            Evaluation.Counts c = now.get(e.getKey().toString());
            int causeNow = c == null ? 0 : c.causeCorrect();
            int culpritNow = c == null ? 0 : c.culpritCorrect();
            int causeMin = ((Number) b.get("causeCorrect")).intValue();
            int culpritMin = ((Number) b.get("culpritCorrect")).intValue();
            int partsNow = c == null ? 0 : c.participantsCorrect();
            int partsMin = b.get("participantsCorrect") instanceof Number p ? p.intValue() : 0;
            if (partsNow < partsMin) {
                io.err()
                        .printf(
                                Locale.ROOT,
                                "lockdoc eval: %s regressed: participants %d (baseline %d)%n",
                                Streams.t(e.getKey()),
                                partsNow,
                                partsMin);
                ok = false;
            }
            if (causeNow < causeMin || culpritNow < culpritMin) {
                io.err()
                        .printf(
                                Locale.ROOT,
                                "lockdoc eval: %s regressed: cause %d (baseline %d), culprit %d (baseline %d)%n",
                                Streams.t(e.getKey()),
                                causeNow,
                                causeMin,
                                culpritNow,
                                culpritMin);
                ok = false;
            }
        }
        return ok;
    }

    private boolean thresholdsMet(Evaluation ev) {
        boolean ok = true;
        ok &= check("cause accuracy", ev.total().accuracy(), minAccuracy);
        ok &= check("cause accuracy on supported causes", ev.supportedTotal().accuracy(), minSupportedAccuracy);
        ok &= check("culprit accuracy on supported causes", ev.supportedTotal().culpritAccuracy(), minCulpritAccuracy);
        if (maxFalseClaims != null && ev.falseDeadlockClaims() > maxFalseClaims) {
            io.err()
                    .println("lockdoc eval: " + ev.falseDeadlockClaims() + " false claims on 'none' cases, more than "
                            + maxFalseClaims);
            ok = false;
        }
        return ok;
    }

    private boolean check(String what, double value, Double min) {
        if (min != null && value + 1e-9 < min) {
            io.err().printf(Locale.ROOT, "lockdoc eval: %s %.3f is below %.3f%n", what, value, min);
            return false;
        }
        return true;
    }

    private void text(Evaluation ev) {
        var out = io.out();
        out.printf(
                Locale.ROOT,
                "%-28s %6s %6s %8s %8s %6s %12s %6s %6s%n",
                "cause",
                "cases",
                "cause",
                "culprit",
                "of",
                "wrong",
                "unsupported",
                "parts",
                "of");
        for (var e : ev.perCause().entrySet()) {
            row(e.getKey(), e.getValue());
        }
        row("TOTAL", ev.total());
        var t = ev.total();
        var s = ev.supportedTotal();
        out.printf(
                Locale.ROOT,
                "accuracy %.3f (%d/%d); on supported causes %.3f (%d/%d); culprit %.3f (%d/%d); participants %d/%d; false claims on none: %d%n",
                t.accuracy(),
                t.causeCorrect(),
                t.cases(),
                s.accuracy(),
                s.causeCorrect(),
                s.cases(),
                s.culpritAccuracy(),
                s.culpritCorrect(),
                s.culpritCases(),
                t.participantsCorrect(),
                t.participantCases(),
                ev.falseDeadlockClaims());
        if (verbose) {
            for (CaseResult r : ev.cases()) {
                boolean culpritWrong = r.culpritChecked() && !r.culpritCorrect() && r.causeCorrect();
                boolean participantsWrong = r.participantsChecked() && !r.participantsCorrect() && r.causeCorrect();
                if (participantsWrong) {
                    out.printf(
                            Locale.ROOT,
                            "  %-44s participants expected %s, got %s%n",
                            Streams.t(r.label().file()),
                            Streams.t(new java.util.TreeSet<>(r.label().participants())),
                            Streams.t(r.actualParticipants()));
                }
                if (!r.causeCorrect() || culpritWrong) {
                    out.printf(
                            Locale.ROOT,
                            "  %-44s expected %s/%s, got %s/%s%s%s%n",
                            Streams.t(r.label().file()),
                            Streams.t(r.label().cause()),
                            Streams.t(r.label().culprit()),
                            Streams.t(r.actualCause()),
                            Streams.t(r.actualCulprit()),
                            r.supported() ? "" : " (unsupported)",
                            r.error() == null ? "" : " [" + Streams.t(r.error()) + "]");
                }
            }
        }
    }

    private void row(String name, Evaluation.Counts c) {
        io.out()
                .printf(
                        Locale.ROOT,
                        "%-28s %6d %6d %8d %8d %6d %12d %6d %6d%n",
                        Streams.t(name),
                        c.cases(),
                        c.causeCorrect(),
                        c.culpritCorrect(),
                        c.culpritCases(),
                        c.wrong(),
                        c.unsupported(),
                        c.participantsCorrect(),
                        c.participantCases());
    }

    private static Map<String, Object> json(Evaluation ev) {
        Map<String, Object> m = new LinkedHashMap<>();
        var t = ev.total();
        m.put("cases", t.cases());
        m.put("causeCorrect", t.causeCorrect());
        m.put("culpritCases", t.culpritCases());
        m.put("culpritCorrect", t.culpritCorrect());
        m.put("participantCases", t.participantCases());
        m.put("participantsCorrect", t.participantsCorrect());
        m.put("unsupported", t.unsupported());
        m.put("accuracy", t.accuracy());
        m.put("falseDeadlockClaims", ev.falseDeadlockClaims());
        Map<String, Object> per = new LinkedHashMap<>();
        for (var e : ev.perCause().entrySet()) {
            var c = e.getValue();
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("cases", c.cases());
            cm.put("causeCorrect", c.causeCorrect());
            cm.put("culpritCases", c.culpritCases());
            cm.put("culpritCorrect", c.culpritCorrect());
            cm.put("participantCases", c.participantCases());
            cm.put("participantsCorrect", c.participantsCorrect());
            cm.put("unsupported", c.unsupported());
            per.put(e.getKey(), cm);
        }
        m.put("perCause", per);
        m.put(
                "wrong",
                ev.cases().stream()
                        .filter(r -> !r.causeCorrect())
                        .map(r -> OrderedMap.of(
                                "file", r.label().file(), "expected", r.label().cause(), "actual", r.actualCause()))
                        .toList());
        return m;
    }
}
