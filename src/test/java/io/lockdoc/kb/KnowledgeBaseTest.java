package io.lockdoc.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnowledgeBaseTest {

    @Test
    void packagedArticlesRoundTripThroughH2() throws SQLException {
        List<Article> articles = ArticleLoader.packaged();
        try (KnowledgeBase kb = KnowledgeBase.open("jdbc:h2:mem:kbtest1;DB_CLOSE_DELAY=-1", articles)) {
            Article stored = kb.forCause("lock-order-inversion").orElseThrow();
            Article original = articles.stream()
                    .filter(a -> a.id().equals("lock-order-inversion"))
                    .findFirst()
                    .orElseThrow();

            assertThat(stored).isEqualTo(original);
            assertThat(kb.ids()).contains("lock-order-inversion", "LD-E005");
            assertThat(kb.forCause("no-such-cause")).isEmpty();
        }
    }

    @Test
    void reopeningWithChangedArticlesReplacesThemAndUnchangedOnesAreKept() throws SQLException {
        String url = "jdbc:h2:mem:kbtest2;DB_CLOSE_DELAY=-1";
        Article one = new Article(
                "a",
                "lock-order-inversion",
                "linux",
                "t",
                "s",
                "r",
                "so",
                List.of(new Article.Step("x", null, null, "v", null, null)),
                List.of(),
                List.of(new Article.Collect("the kernel log", "dmesg")));
        Article two = new Article(
                "b",
                "hung-task",
                "linux",
                "t",
                "s",
                "r",
                "so",
                List.of(new Article.Step("y", null, null, "v", null, null)),
                List.of(),
                List.of());
        try (KnowledgeBase kb = KnowledgeBase.open(url, List.of(one))) {
            assertThat(kb.ids()).containsExactly("a");
            assertThat(kb.article("a").orElseThrow().collect())
                    .containsExactly(new Article.Collect("the kernel log", "dmesg"));
        }
        try (KnowledgeBase kb = KnowledgeBase.open(url, List.of(two))) {
            assertThat(kb.ids()).containsExactly("b");
            assertThat(kb.article("b").orElseThrow().steps())
                    .extracting(Article.Step::title)
                    .containsExactly("y");
        }
    }

    @Test
    void searchRanksTitleMatchesFirstAndNeedsEveryWord() throws SQLException {
        Article title = new Article(
                "t",
                null,
                "linux",
                "Lock order inversion",
                "s",
                "r",
                "so",
                List.of(new Article.Step("x", null, null, "v", null, null)),
                List.of(),
                List.of());
        Article body = new Article(
                "b",
                null,
                "linux",
                "Something else",
                "a lock was taken",
                "order matters",
                "inversion",
                List.of(new Article.Step("x", null, null, "v", null, null)),
                List.of(),
                List.of());
        Article other = new Article(
                "o",
                null,
                "linux",
                "Hung task",
                "lock",
                "r",
                "so",
                List.of(new Article.Step("x", null, null, "v", null, null)),
                List.of(),
                List.of());
        try (KnowledgeBase kb =
                KnowledgeBase.open("jdbc:h2:mem:kbtest3;DB_CLOSE_DELAY=-1", List.of(title, body, other))) {
            assertThat(kb.search("lock order inversion"))
                    .extracting(KnowledgeBase.Hit::id)
                    .containsExactly("t", "b");
            assertThat(kb.search("LOCK")).extracting(KnowledgeBase.Hit::id).containsExactly("t", "b", "o");
            assertThat(kb.search("   ")).isEmpty();
        }
    }

    @Test
    void onH2TheSearchUsesItsFullTextIndexOverArticlesAndSteps() throws Exception {
        String url = "jdbc:h2:mem:kbtest-ft;DB_CLOSE_DELAY=-1";
        Article a = new Article(
                "a",
                null,
                "linux",
                "Zebra crossing",
                "s",
                "r",
                "so",
                List.of(new Article.Step("look left", "giraffe --count", null, "v", null, null)),
                List.of(),
                List.of());
        try (KnowledgeBase kb = KnowledgeBase.open(url, List.of(a));
                java.sql.Connection c = java.sql.DriverManager.getConnection(url, "sa", "");
                java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM FT.INDEXES")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
            // one word in the title, one only in a step: found through both indexed tables
            assertThat(kb.search("zebra giraffe"))
                    .extracting(KnowledgeBase.Hit::id)
                    .containsExactly("a");
            assertThat(kb.search("zebra okapi")).isEmpty();
        }
    }
}
