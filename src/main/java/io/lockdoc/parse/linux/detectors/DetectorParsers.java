package io.lockdoc.parse.linux.detectors;

import io.lockdoc.detect.ArtifactType;
import io.lockdoc.parse.Parser;
import java.util.Map;
import java.util.function.Supplier;

/** Registers the parsers of C/C++ lock detectors' reports. */
public final class DetectorParsers {
    private DetectorParsers() {}

    public static void register(Map<ArtifactType, Supplier<Parser>> parsers) {
        parsers.put(ArtifactType.TSAN, TsanParser::new);
        parsers.put(ArtifactType.HELGRIND, HelgrindParser::new);
        parsers.put(ArtifactType.DRD, DrdParser::new);
        parsers.put(ArtifactType.BCC_DEADLOCK, BccDeadlockParser::new);
        parsers.put(ArtifactType.PYTHON_THREADS, io.lockdoc.parse.linux.python.PythonThreadsParser::new);
    }
}
