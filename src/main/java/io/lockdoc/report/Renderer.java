package io.lockdoc.report;

import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.explain.Explanations;
import java.io.PrintStream;

/** Turns an analysis into one output format. Renderers know findings and plans, never rules or parsers. */
public interface Renderer {
    /** @param explanations the why / why-not sections to include, or null */
    void render(AnalysisResult result, Explanations explanations, PrintStream out);

    default void render(AnalysisResult result, PrintStream out) {
        render(result, null, out);
    }

    static Renderer of(Format format) {
        return of(format, false);
    }

    /** @param colour whether text output may use ANSI colours */
    static Renderer of(Format format, boolean colour) {
        return of(format, colour, false);
    }

    /** @param verbose text lists every file of no known format instead of counting them */
    static Renderer of(Format format, boolean colour, boolean verbose) {
        return switch (format) {
            case TEXT -> new TextRenderer(colour, verbose);
            case JSON -> new JsonRenderer();
            case MARKDOWN -> new MarkdownRenderer();
            case HTML -> new HtmlRenderer();
            case JUNIT -> new JunitRenderer();
            case SARIF -> new SarifRenderer();
        };
    }

    /** The output formats of {@code analyze --format}. */
    enum Format {
        TEXT,
        JSON,
        MARKDOWN,
        HTML,
        JUNIT,
        SARIF
    }
}
