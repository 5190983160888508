package io.lockdoc.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database that cannot be used says why in one line. */
class DatabaseFailureTest {
    @Test
    void aCorruptDatabaseFileIsNamedAsSuch(@TempDir Path dir) throws Exception {
        byte[] garbage = new byte[64 * 1024];
        new java.util.Random(7).nextBytes(garbage);
        Files.write(dir.resolve("lockdoc.mv.db"), garbage);
        String url = "jdbc:h2:file:" + dir.resolve("lockdoc");

        assertThatThrownBy(() -> KnowledgeBase.open(url, ArticleLoader.packaged()))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(KnowledgeBase.describe(e))
                        .startsWith("the database file is corrupt (move it away and lockdoc creates a new one): ")
                        .doesNotContain("\n"));
    }

    @Test
    void aPlainInMemoryUrlKeepsItsSchemaBetweenMigrationAndUse() throws Exception {
        try (KnowledgeBase kb =
                KnowledgeBase.open("jdbc:h2:mem:plain-" + System.nanoTime(), ArticleLoader.packaged())) {
            assertThat(kb.ids()).isNotEmpty();
        }
    }

    @Test
    void describeNamesLockedReadOnlyAndFullDisk() {
        assertThat(KnowledgeBase.describe(new SQLException("Database may be already in use: x.mv.db", "90020", 90020)))
                .isEqualTo("the database file is in use by another process: Database may be already in use: x.mv.db");
        assertThat(KnowledgeBase.describe(
                        new SQLException("IO Exception: No space left on device\nmore", "90028", 90028)))
                .isEqualTo("the disk is full: IO Exception: No space left on device");
        assertThat(KnowledgeBase.describe(new SQLException("The database is read only", "90097", 90097)))
                .isEqualTo("the database is read-only: The database is read only");
    }

    static List<Article> none() {
        return List.of();
    }
}
