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
                .isEqualTo(
                        "the database file is in use by another process (close that program, or add"
                                + " ;AUTO_SERVER=TRUE to the URL of both so they share it): Database may be already in use: x.mv.db");
        assertThat(KnowledgeBase.describe(
                        new SQLException("IO Exception: No space left on device\nmore", "90028", 90028)))
                .isEqualTo("the disk is full: IO Exception: No space left on device");
        assertThat(KnowledgeBase.describe(new SQLException("The database is read only", "90097", 90097)))
                .isEqualTo("the database is read-only: The database is read only");
    }

    @Test
    void aFullDiskUnderAClosedDatabaseIsNamedByItsCause() {
        SQLException closed = new SQLException(
                "The database has been closed [90098-240]",
                "90098",
                90098,
                new RuntimeException("Writing to x failed", new java.io.IOException("No space left on device")));
        assertThat(KnowledgeBase.describe(closed)).isEqualTo("the disk is full: No space left on device");
        assertThat(KnowledgeBase.describe(new SQLException(
                        "The database is read only; SQL statement:\nUPDATE ticket SET x = 1 [90097-240]",
                        "90097",
                        90097)))
                .isEqualTo("the database is read-only: The database is read only");
    }

    @Test
    void theDatabaseIsNamedByItsFileOrItsUrlWithoutParameters() {
        assertThat(Database.name("jdbc:h2:file:/h/.lockdoc/lockdoc;AUTO_SERVER=TRUE"))
                .isEqualTo("/h/.lockdoc/lockdoc.mv.db");
        assertThat(Database.name("jdbc:h2:nio:C:/x/db")).isEqualTo("C:/x/db.mv.db");
        assertThat(Database.name("jdbc:h2:mem:kb;DB_CLOSE_DELAY=-1")).isEqualTo("in-memory database kb");
        assertThat(Database.name("jdbc:postgresql://db:5432/lockdoc?user=u&password=secret"))
                .isEqualTo("jdbc:postgresql://db:5432/lockdoc");
        assertThat(Database.durable("jdbc:h2:file:/x;AUTO_SERVER=TRUE"))
                .isEqualTo("jdbc:h2:file:/x;AUTO_SERVER=TRUE;WRITE_DELAY=0");
        assertThat(Database.durable("jdbc:h2:mem:x")).isEqualTo("jdbc:h2:mem:x");
    }

    static List<Article> none() {
        return List.of();
    }
}
