package io.lockdoc;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.Fact;
import io.lockdoc.model.Problem;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.Parser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test fixtures under {@code src/test/resources/fixtures} and a sink that keeps what a parser emits. */
public final class Fixtures {
    private Fixtures() {}

    public static Path path(String relative) {
        return Path.of("src/test/resources/fixtures").resolve(relative);
    }

    public static String text(String relative) {
        try {
            return java.nio.file.Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code n} lines of a fixture: a paste cut off there. */
    public static String cut(String relative, int n) {
        return text(relative).lines().limit(n).collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    }

    /** Facts and problems a parser produced. */
    public record Parsed(List<Fact> facts, List<Problem> problems) {
        public <T extends Fact> List<T> of(Class<T> type) {
            return facts.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    public static Parsed parse(Parser parser, String artifact, String text) {
        return parse(parser, artifact, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static Parsed parse(Parser parser, String artifact, InputStream in) {
        List<Fact> facts = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        try (BoundedLineReader lines = new BoundedLineReader(in)) {
            parser.parse(artifact, lines, new FactSink() {
                @Override
                public void fact(Fact fact) {
                    facts.add(fact);
                }

                @Override
                public void problem(Problem problem) {
                    problems.add(problem);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Parsed(facts, problems);
    }
}
