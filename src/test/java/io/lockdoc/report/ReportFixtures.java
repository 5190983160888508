package io.lockdoc.report;

import io.lockdoc.Fixtures;
import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.analysis.Analyzer;
import io.lockdoc.engine.Engine;
import io.lockdoc.ingest.Inputs;
import io.lockdoc.kb.ArticleLoader;
import io.lockdoc.kb.KnowledgeBase;
import io.lockdoc.rulebase.RuleBase;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Analyses a fixture the way {@code analyze} does and renders it. */
final class ReportFixtures {
    static final RuleBase RULES = RuleBase.packaged();

    private ReportFixtures() {}

    static AnalysisResult analyze(String fixture) throws Exception {
        try (KnowledgeBase kb = KnowledgeBase.open(
                "jdbc:h2:mem:report-" + fixture.hashCode() + ";DB_CLOSE_DELAY=-1", ArticleLoader.packaged())) {
            return new Analyzer(new Engine(RULES), kb)
                    .analyze(Inputs.resolve(Fixtures.path(fixture).toString(), InputStream.nullInputStream()));
        }
    }

    static String render(Renderer r, AnalysisResult result, io.lockdoc.explain.Explanations e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.render(result, e, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
