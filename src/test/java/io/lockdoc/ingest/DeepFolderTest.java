package io.lockdoc.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder nested far deeper than the walk goes is said to be cut, never "empty". */
class DeepFolderTest {
    private static final byte[] LOCKS =
            "1: FLOCK  ADVISORY  WRITE 700 08:01:1234 0 EOF\n".getBytes(StandardCharsets.UTF_8);
    private static final String CUT = String.join("/", Collections.nCopies(Inputs.MAX_DEPTH, "d"));

    /** {@code levels} folders named {@code d} under {@code dir}, deepest last. */
    private static List<Path> nest(Path dir, int levels) throws IOException {
        List<Path> chain = new ArrayList<>();
        Path p = dir;
        for (int i = 0; i < levels; i++) {
            p = Files.createDirectory(p.resolve("d"));
            chain.add(p);
        }
        return chain;
    }

    /** Deletes the chain deepest first: a recursive clean-up of 1 500 levels takes minutes. */
    private static void delete(List<Path> chain) throws IOException {
        for (int i = chain.size() - 1; i >= 0; i--) {
            try (var files = Files.list(chain.get(i))) {
                for (Path f : files.toList()) {
                    if (!Files.isDirectory(f)) {
                        Files.delete(f);
                    }
                }
            }
            Files.delete(chain.get(i));
        }
    }

    @Test
    void aReportAtTheBottomOf1500FoldersIsAProblemNamingWhereTheWalkStopped(@TempDir Path dir) throws Exception {
        List<Path> chain = nest(dir, 1500);
        try {
            Files.write(chain.get(chain.size() - 1).resolve("proc-locks.txt"), LOCKS);
            Files.write(chain.get(0).resolve("proc-locks.txt"), LOCKS);

            List<Inputs.Entry> read = Inputs.resolve(dir.toString(), InputStream.nullInputStream());

            assertThat(read).extracting(Inputs.Entry::name).containsExactly("d/proc-locks.txt", CUT, "(bundle d/)");
            assertThat(read.get(0).artifact()).isNotNull();
            assertThat(read.get(1).problem())
                    .isEqualTo("folder 16 levels down: what it holds is deeper than the limit and not read");
        } finally {
            delete(chain);
        }
    }

    @Test
    void aFolderWithNothingButDeepReportsIsNotEmpty(@TempDir Path dir) throws Exception {
        List<Path> chain = nest(dir, 40);
        Files.write(chain.get(39).resolve("proc-locks.txt"), LOCKS);
        Files.createDirectories(dir.resolve(String.join("/", Collections.nCopies(20, "e"))));

        List<Inputs.Entry> read = Inputs.resolve(dir.toString(), InputStream.nullInputStream());

        assertThat(read).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo(CUT);
            assertThat(e.problem())
                    .isEqualTo("folder 16 levels down: what it holds is deeper than the limit and not read"
                            + " (nor what 1 other folder(s) at that depth hold)");
        });
    }
}
