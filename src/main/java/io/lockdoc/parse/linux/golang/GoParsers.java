package io.lockdoc.parse.linux.golang;

import io.lockdoc.detect.ArtifactType;
import io.lockdoc.parse.Parser;
import java.util.Map;
import java.util.function.Supplier;

/** Registers the parser of Go goroutine dumps. */
public final class GoParsers {
    private GoParsers() {}

    public static void register(Map<ArtifactType, Supplier<Parser>> parsers) {
        parsers.put(ArtifactType.GO_GOROUTINES, GoroutineParser::new);
    }
}
