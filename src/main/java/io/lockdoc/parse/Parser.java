package io.lockdoc.parse;

import io.lockdoc.ingest.BoundedLineReader;
import java.io.IOException;

/**
 * One parser per format. It streams the lines once, keeps only the state of the report it is in,
 * and emits facts; it never decides a cause.
 */
public interface Parser {
    void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException;
}
