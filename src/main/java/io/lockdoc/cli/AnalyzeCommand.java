package io.lockdoc.cli;

import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.analysis.Analyzer;
import io.lockdoc.engine.Engine;
import io.lockdoc.explain.Explainer;
import io.lockdoc.explain.Explanations;
import io.lockdoc.gate.BaselineException;
import io.lockdoc.gate.Gate;
import io.lockdoc.ingest.InputException;
import io.lockdoc.ingest.Inputs;
import io.lockdoc.kb.KnowledgeBase;
import io.lockdoc.report.JunitRenderer;
import io.lockdoc.report.Renderer;
import io.lockdoc.report.TextRenderer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "analyze",
        description = "Diagnose a file, a folder or stdin (-): findings with evidence, then the remediation plan.",
        mixinStandardHelpOptions = true)
final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", description = "a file, a folder, or - for stdin")
    String path;

    @Option(
            names = "--format",
            defaultValue = "text",
            description = "text, json, markdown, html, junit or sarif (default: ${DEFAULT-VALUE})")
    String format;

    @Option(
            names = {"-o", "--output"},
            description = "write the report to FILE instead of stdout")
    Path output;

    @Option(names = "--rules", description = "a folder of .drl packs added to (or overriding) the packaged rules")
    Path rules;

    @Option(names = "--kb", description = "a folder of knowledge-base articles used instead of the packaged ones")
    Path kb;

    @Option(
            names = "--explain",
            description = "after the report, show for each finding the rule, every fact it matched and their evidence")
    boolean explain;

    @Option(
            names = "--why-not",
            paramLabel = "CAUSE",
            description =
                    "explain why CAUSE was not diagnosed: what its rules need, what was missing, how to collect it (repeatable)")
    java.util.List<String> whyNot = new java.util.ArrayList<>();

    @Option(
            names = {"-v", "--verbose"},
            description = "list every file of no known format (one line each) instead of counting them")
    boolean verbose;

    @Option(names = "--db", description = "JDBC URL of the database (default: $LOCKDOC_DB or an H2 file in ~/.lockdoc)")
    String db;

    @Option(
            names = "--fail-on",
            paramLabel = "CAUSE[,CAUSE...]|any",
            description = "CI gate: exit 5 when a finding of these causes is found that the baseline does not list")
    String failOn;

    @Option(
            names = "--baseline",
            paramLabel = "FILE",
            description = "known findings by signature: they do not fail the gate (alone: --fail-on any)")
    Path baseline;

    @Option(
            names = "--write-baseline",
            paramLabel = "FILE",
            description = "add this run's findings to FILE (created if missing; first-seen times kept)")
    Path writeBaseline;

    private final Streams io;

    AnalyzeCommand(Streams io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        Renderer.Format fmt = Formats.parse(format, io.err(), Renderer.Format.values());
        if (fmt == null) {
            return ExitCode.USAGE.code();
        }
        Gate gate;
        try {
            gate = Gate.of(failOn, baseline);
        } catch (IllegalArgumentException | BaselineException e) {
            io.err().println("lockdoc: " + Streams.t(e.getMessage()));
            return ExitCode.USAGE.code();
        }
        var entries = resolve();
        if (entries == null) {
            return ExitCode.UNREADABLE_INPUT.code();
        }
        // the database opens on a second core while the rules load and the inputs are read: the two take
        // most of a short run
        java.util.concurrent.FutureTask<KnowledgeBase> opening = new java.util.concurrent.FutureTask<>(
                () -> CommandSetup.knowledgeBase(db, CommandSetup.articles(kb), io.err()));
        Thread opener = new Thread(opening, "lockdoc-kb");
        opener.setDaemon(true);
        opener.start();
        AnalysisResult result;
        Explanations explanations = null;
        try {
            var ruleBase = CommandSetup.rules(rules);
            try {
                result = Analyzer.planningWith(new Engine(ruleBase), () -> CommandSetup.opened(opening))
                        .analyze(entries);
            } catch (CommandSetup.Unavailable e) {
                throw e.getCause();
            }
            KnowledgeBase base = CommandSetup.await(opening);
            if (explain || !whyNot.isEmpty()) {
                Explainer explainer = new Explainer(ruleBase);
                java.util.List<Explanations.WhyNot> nots = new java.util.ArrayList<>();
                for (String cause : whyNot) {
                    nots.add(explainer.whyNot(cause, result, base.forCause(cause)));
                }
                explanations = new Explanations(explain ? explainer.why(result) : java.util.List.of(), nots);
            }
        } finally {
            CommandSetup.closeWhenOpen(opening);
        }
        boolean nothingRead = result.inputs().stream().allMatch(i -> i.skipReason() != null);
        Output out = output != null ? Output.file(output) : Output.stdout(io.out());
        boolean colour = output == null
                && io.out() == System.out
                && TextRenderer.colourWanted(System.getenv(), System.console() != null);
        Renderer renderer = fmt == Renderer.Format.JUNIT && gate != null
                ? new JunitRenderer(gate)
                : Renderer.of(fmt, colour, verbose);
        renderer.render(result, explanations, out.stream());
        if (out.closeFailed(io.err())) {
            return ExitCode.INTERNAL.code();
        }
        if (writeBaseline != null && !GateRun.writeBaseline(writeBaseline, result, io.err())) {
            return ExitCode.INTERNAL.code();
        }
        if (nothingRead && !result.hasFindings()) {
            io.err().println("lockdoc: nothing in " + Streams.t(path) + " could be read as a known artifact");
            return ExitCode.UNREADABLE_INPUT.code();
        }
        if (gate != null) {
            return GateRun.exit(gate, result, io.err());
        }
        return result.hasFindings() ? ExitCode.FINDINGS.code() : ExitCode.NO_FINDING.code();
    }

    private java.util.List<Inputs.Entry> resolve() throws IOException {
        try {
            return Inputs.resolve(path, io.in());
        } catch (InputException e) {
            io.err().println("lockdoc: " + Streams.t(e.getMessage()));
            return null;
        }
    }
}
