package io.lockdoc.kb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Build-time entry point: validates {@code kb/} and writes the index the jar reads it by. */
public final class KbIndexer {
    private KbIndexer() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int n = ArticleLoader.fromDirectory(dir).size(); // fails the build on a broken article
        Path index = Path.of(args[1]);
        Files.createDirectories(index.getParent());
        Files.writeString(index, String.join("\n", ArticleLoader.listDirectory(dir)) + "\n");
        System.out.println("lockdoc: indexed " + n + " knowledge-base articles into " + index);
    }
}
