package io.lockdoc.analysis;

import io.lockdoc.detect.Detection;
import io.lockdoc.detect.FormatDetector;
import io.lockdoc.engine.Engine;
import io.lockdoc.ingest.Artifact;
import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.ingest.Inputs;
import io.lockdoc.ingest.NulPadding;
import io.lockdoc.kb.KnowledgeBase;
import io.lockdoc.kb.Plan;
import io.lockdoc.kb.RemediationPlanner;
import io.lockdoc.model.Fact;
import io.lockdoc.model.Finding;
import io.lockdoc.model.Problem;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.Parser;
import io.lockdoc.parse.Parsers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** source -> detect -> parse -> engine -> knowledge base: the one-way chain every front end uses. */
public final class Analyzer {
    /** Problems listed per input; beyond this they are counted in one line. */
    public static final int MAX_PROBLEMS_PER_ARTIFACT = 1000;

    private final FormatDetector detector = new FormatDetector();
    private final PasteReader pastes = new PasteReader(detector);
    private final Engine engine;
    private final java.util.function.Supplier<KnowledgeBase> kb;

    /** @param kb may be null: findings then come without a plan */
    public Analyzer(Engine engine, KnowledgeBase kb) {
        this(engine, (java.util.function.Supplier<KnowledgeBase>) () -> kb);
    }

    private Analyzer(Engine engine, java.util.function.Supplier<KnowledgeBase> kb) {
        this.engine = engine;
        this.kb = kb;
    }

    /** @param kb asked for only once the findings need their plans (it may still be opening) */
    public static Analyzer planningWith(Engine engine, java.util.function.Supplier<KnowledgeBase> kb) {
        return new Analyzer(engine, kb);
    }

    public AnalysisResult analyze(List<Inputs.Entry> entries) {
        return diagnose(List.of(parse(entries)), List.of());
    }

    /** What reading some entries produced, before any rule ran (the shell keeps one per input). */
    public record Parsed(List<AnalysisResult.InputSummary> inputs, List<Problem> problems, List<Fact> facts) {}

    /** Detects and parses the entries; no rules run. */
    public Parsed parse(List<Inputs.Entry> entries) {
        List<Fact> facts = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<AnalysisResult.InputSummary> inputs = new ArrayList<>();
        for (Inputs.Entry e : entries) {
            if (e.problem() != null) {
                problems.add(new Problem(
                        e.artifact() == null ? Problem.ErrorId.UNREADABLE : Problem.ErrorId.LIMIT_EXCEEDED,
                        e.name(),
                        0,
                        e.problem()));
            }
            if (e.artifact() == null) {
                inputs.add(new AnalysisResult.InputSummary(e.name(), null, null, e.skipReason(), 0));
                continue;
            }
            inputs.addAll(read(e.artifact(), facts, problems));
        }
        return new Parsed(inputs, problems, facts);
    }

    /**
     * Runs the rules over inputs parsed earlier plus facts that came from no file (answers,
     * step outcomes): re-diagnosing a session never re-reads what it already parsed.
     */
    public AnalysisResult diagnose(List<Parsed> parsed, List<? extends Fact> extra) {
        List<Fact> facts = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<AnalysisResult.InputSummary> inputs = new ArrayList<>();
        for (Parsed p : parsed) {
            facts.addAll(p.facts());
            problems.addAll(p.problems());
            inputs.addAll(p.inputs());
        }
        facts.addAll(extra);
        Engine.Diagnosis diagnosis = engine.run(facts);
        problems.addAll(diagnosis.problems());
        List<AnalysisResult.Diagnosed> diagnosed = new ArrayList<>();
        for (Finding f : diagnosis.findings()) {
            diagnosed.add(new AnalysisResult.Diagnosed(f, plan(f)));
        }
        return new AnalysisResult(inputs, problems, diagnosed, facts.size(), diagnosis.facts());
    }

    private List<AnalysisResult.InputSummary> read(Artifact a, List<Fact> facts, List<Problem> problems) {
        int before = facts.size();
        try (InputStream raw = a.open();
                InputStream in = NulPadding.skip(raw)) {
            int sniff = a.glance() ? FormatDetector.GLANCE_BYTES : FormatDetector.SNIFF_BYTES;
            byte[] head = in.readNBytes(sniff);
            Detection d = detector.detect(a.name(), head);
            // a paste is small: all of it is in the head, so it can be normalised and read twice
            String headText = head.length < sniff && !d.binary() ? new String(head, StandardCharsets.UTF_8) : null;
            if (headText != null && PasteReader.worthReading(headText, d)) {
                Optional<PasteReader.Reading> pasted = pastes.read(a, head, headText, d);
                if (pasted.isPresent()) {
                    facts.addAll(pasted.get().facts());
                    problems.addAll(pasted.get().problems());
                    if (a.cutReason() != null) {
                        problems.add(new Problem(Problem.ErrorId.LIMIT_EXCEEDED, a.name(), 0, a.cutReason()));
                    }
                    return pasted.get().inputs();
                }
            }
            if (!d.recognised()) {
                return List.of(new AnalysisResult.InputSummary(a.name(), null, null, d.skipReason(), 0));
            }
            Optional<Parser> parser = Parsers.forType(d.type());
            if (parser.isEmpty()) {
                return List.of(new AnalysisResult.InputSummary(
                        a.name(),
                        d.type().id(),
                        d.how(),
                        "no parser for " + d.type().id() + " yet",
                        0));
            }
            parseInto(a.name(), d, new SequenceInputStream(new ByteArrayInputStream(head), in), null, facts, problems);
            if (a.cutReason() != null) {
                problems.add(new Problem(Problem.ErrorId.LIMIT_EXCEEDED, a.name(), 0, a.cutReason()));
            }
            return List.of(
                    new AnalysisResult.InputSummary(a.name(), d.type().id(), d.how(), null, facts.size() - before));
        } catch (IOException ex) {
            problems.add(new Problem(Problem.ErrorId.UNREADABLE, a.name(), 0, "cannot read: " + ex.getMessage()));
            return List.of(new AnalysisResult.InputSummary(
                    a.name(), null, null, "unreadable: " + ex.getMessage(), facts.size() - before));
        }
    }

    /** Runs the type's parser over the stream; problems beyond the cap are counted, a parser bug costs this input only. */
    static void parseInto(
            String name, Detection d, InputStream whole, int[] origins, List<Fact> facts, List<Problem> problems)
            throws IOException {
        Parser parser = Parsers.forType(d.type()).orElseThrow();
        int[] dropped = {0};
        int problemsBefore = problems.size();
        try (BoundedLineReader lines = new BoundedLineReader(whole)) {
            if (origins != null) {
                lines.withOrigins(origins);
            }
            parser.parse(name, lines, new FactSink() {
                @Override
                public void fact(Fact fact) {
                    facts.add(fact);
                }

                @Override
                public void problem(Problem problem) {
                    // a file of garbage must not turn into millions of problems: list the first ones, count the rest
                    if (problems.size() - problemsBefore < MAX_PROBLEMS_PER_ARTIFACT) {
                        problems.add(problem);
                    } else {
                        dropped[0]++;
                    }
                }
            });
        } catch (RuntimeException ex) {
            // a parser bug must cost one artifact, not the analysis: keep its facts so far
            problems.add(new Problem(
                    Problem.ErrorId.PARSER_FAILURE,
                    name,
                    0,
                    "the " + d.type().id() + " parser failed (" + ex + "); facts read before the failure are kept"));
        }
        if (dropped[0] > 0) {
            problems.add(new Problem(
                    Problem.ErrorId.LIMIT_EXCEEDED,
                    name,
                    0,
                    dropped[0] + " more problem(s) in this input were not listed (the first "
                            + MAX_PROBLEMS_PER_ARTIFACT + " are)"));
        }
    }

    private Plan plan(Finding f) {
        return plan(f, java.util.function.UnaryOperator.identity());
    }

    /**
     * The finding's plan with each value passed through {@code filter} before it is put in (a ticket's
     * redaction: done on the values, so that a command stays quoted as the planner quoted it); null
     * without a knowledge base or an article.
     */
    public Plan plan(Finding f, java.util.function.UnaryOperator<String> filter) {
        KnowledgeBase base = kb.get();
        if (base == null) {
            return null;
        }
        try {
            return base.forCause(f.getCause().id(), f.getPlatform().name())
                    .map(a -> RemediationPlanner.plan(a, f, filter))
                    .orElse(null);
        } catch (SQLException e) {
            throw new IllegalStateException("knowledge base query failed: " + e.getMessage(), e);
        }
    }
}
