package io.lockdoc.engine;

import io.lockdoc.analysis.Analyzer;
import io.lockdoc.ingest.Inputs;
import io.lockdoc.model.Finding;
import io.lockdoc.rulebase.RuleBase;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Capture bundles a test writes file by file in the collector's layout, and their findings. */
final class HandWrittenBundles {
    static final String PS_HEADER = "  PID   TID  PPID STAT WCHAN                            COMMAND         COMMAND\n";

    private static final Analyzer ANALYZER = new Analyzer(new Engine(RuleBase.packaged()), null);

    private HandWrittenBundles() {}

    static void write(Path root, String rel, String text) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    static List<Finding> analyze(Path bundle) throws Exception {
        return ANALYZER.analyze(Inputs.resolve(bundle.toString(), InputStream.nullInputStream())).findings().stream()
                .map(d -> d.finding())
                .toList();
    }
}
