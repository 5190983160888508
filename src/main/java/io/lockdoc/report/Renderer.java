package io.lockdoc.report;

import io.lockdoc.analysis.AnalysisResult;
import java.io.PrintStream;

/** Turns an analysis into one output format. Renderers know findings and plans, never rules or parsers. */
public interface Renderer {
    void render(AnalysisResult result, PrintStream out);

    static Renderer of(Format format) {
        return switch (format) {
            case TEXT -> new TextRenderer();
            case JSON -> new JsonRenderer();
            case MARKDOWN -> new MarkdownRenderer();
        };
    }

    /** The output formats of {@code analyze --format}. */
    enum Format {
        TEXT,
        JSON,
        MARKDOWN
    }
}
