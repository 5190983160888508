package io.lockdoc.collect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** The bundle reader of the collector tests, for tests in other packages. */
public final class CollectorTestAccess {
    private CollectorTestAccess() {}

    public static Map<String, String> entries(Path archive) throws IOException {
        return CollectorTest.entries(archive);
    }
}
