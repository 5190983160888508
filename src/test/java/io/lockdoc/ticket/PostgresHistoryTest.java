package io.lockdoc.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lockdoc.Fixtures;
import io.lockdoc.analysis.Analyzer;
import io.lockdoc.engine.Engine;
import io.lockdoc.kb.ArticleLoader;
import io.lockdoc.kb.KnowledgeBase;
import io.lockdoc.rulebase.RuleBase;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same migrations, history and knowledge base on a real PostgreSQL server. */
class PostgresHistoryTest {
    private static PostgresServer pg;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(
                PostgresServer.binaries().isPresent(),
                "PostgreSQL server binaries not installed (.ci/run installs Debian's postgresql)");
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    private static Ticket ticket(String id, String pid, String addr) {
        String log = Fixtures.text("linux/dmesg_lockdep-circular-seed-mymod.log")
                .replace("2817", pid)
                .replace("ffffffffc0a02", addr);
        return new Ticket(
                id,
                TicketShape.GENERIC,
                "frozen",
                null,
                null,
                List.of(new Ticket.Attachment("dmesg", log.getBytes(StandardCharsets.UTF_8), null, null)));
    }

    @Test
    void aHistoryWrittenBeforeTheSummaryTablesIsCarriedOver() throws Exception {
        try (var c = java.sql.DriverManager.getConnection(pg.url(), "sa", "");
                var st = c.createStatement()) {
            st.execute("CREATE DATABASE backfill");
        }
        HistorySummaryTest.backfill(pg.url().replace("/postgres?", "/backfill?"), "postgresql");
    }

    @Test
    @SuppressWarnings("unchecked")
    void seenBeforeResolveAndSearchWorkOnPostgres() throws Exception {
        try (KnowledgeBase kb = KnowledgeBase.open(pg.url(), ArticleLoader.packaged());
                History history = History.open(pg.url(), Clock.systemUTC())) {
            Enricher enricher =
                    new Enricher(new Analyzer(new Engine(RuleBase.packaged()), kb), history, null, new Redactor(false));

            enricher.enrich(ticket("PG-1", "100", "ffffffffc0a02"), TicketShape.GENERIC);
            enricher.enrich(ticket("PG-1", "100", "ffffffffc0a02"), TicketShape.GENERIC);
            history.resolve("PG-1", null, "lock-order-inversion", "fixed the order");
            Map<String, Object> second = enricher.enrich(ticket("PG-2", "200", "ffffffffc0f02"), TicketShape.GENERIC);

            Map<String, Object> seen = (Map<String, Object>) second.get("seenBefore");
            assertThat(seen.get("count")).isEqualTo(1);
            assertThat((List<Map<String, Object>>) seen.get("tickets"))
                    .singleElement()
                    .satisfies(t -> {
                        assertThat(t.get("id")).isEqualTo("PG-1");
                        assertThat(t.get("kbArticle")).isEqualTo("lock-order-inversion");
                    });
            assertThat(history.ticketCount()).isEqualTo(2);
            assertThat(kb.search("lock order").get(0).id()).isEqualTo("lock-order-inversion");
            assertThat(kb.forCause("recursive-locking", "windows").orElseThrow().id())
                    .isEqualTo("recursive-locking-windows");
        }
    }
}
