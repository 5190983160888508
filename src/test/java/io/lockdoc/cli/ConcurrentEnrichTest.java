package io.lockdoc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.lockdoc.kb.Database;
import io.lockdoc.ticket.History;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two {@code enrich --batch} processes on one H2 file at the same time: with the default
 * {@code AUTO_SERVER=TRUE} the second connects through the first, both write, no row is lost.
 */
class ConcurrentEnrichTest {

    private static Path batch(Path dir, String prefix, int n) throws Exception {
        String log = Fixtures.text("linux/dmesg_lockdep-circular-seed-mymod.log");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(JsonMapper.builder()
                    .build()
                    .writeValueAsString(Map.of("id", prefix + i, "title", "t", "description", log)));
        }
        return Files.write(dir.resolve(prefix + ".ndjson"), lines);
    }

    private static Process enrich(Path in, Path out, String url) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.lockdoc.Main",
                        "enrich",
                        "--batch",
                        in.toString(),
                        "-o",
                        out.toString(),
                        "--db",
                        url)
                .redirectError(out.resolveSibling(out.getFileName() + ".err").toFile())
                .start();
    }

    private static String errors(Path out) throws Exception {
        return Files.exists(out)
                ? String.join(
                        "\n",
                        Files.readAllLines(out).stream()
                                .filter(l -> l.startsWith("{\"error\""))
                                .toList())
                : "";
    }

    /**
     * Eight writer processes on the default database, started a moment apart with different amounts
     * of work, so that the serving process exits (and another takes over) while the others are in
     * the middle of transactions: every row each one reports is there, and no other.
     */
    @Test
    void eightWritersWhoseServerKeepsChangingHandsLoseNoRow(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int[] counts = {40, 260, 90, 200, 30, 150, 120, 60};
        List<Process> writers = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            ProcessBuilder pb = new ProcessBuilder(
                            java,
                            "-XX:TieredStopAtLevel=1",
                            "-Duser.home=" + dir,
                            "-cp",
                            System.getProperty("java.class.path"),
                            "io.lockdoc.ticket.HistoryWriter",
                            "home",
                            "W" + i + "-",
                            String.valueOf(counts[i]))
                    .redirectError(dir.resolve("w" + i + ".err").toFile());
            pb.environment().remove(CommandSetup.DB_ENV);
            writers.add(pb.start());
            Thread.sleep(150);
        }
        for (int i = 0; i < counts.length; i++) {
            Process p = writers.get(i);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
            assertThat(out)
                    .as("writer %d: %s", i, Files.readString(dir.resolve("w" + i + ".err")))
                    .isEqualTo("stored " + counts[i] + System.lineSeparator());
            assertThat(p.exitValue()).isZero();
        }
        String before = System.getProperty("user.home");
        String url;
        try {
            System.setProperty("user.home", dir.toString());
            url = CommandSetup.databaseUrl(null, System.err);
        } finally {
            System.setProperty("user.home", before);
        }
        Map<String, Integer> rows = new TreeMap<>();
        Map<String, Integer> expected = new TreeMap<>();
        for (int i = 0; i < counts.length; i++) {
            expected.put("W" + i + "-", counts[i]);
        }
        try (Connection c = Database.connect(url);
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT ticket_id, enrichments, (SELECT COUNT(*) FROM ticket_finding f"
                                + " WHERE f.source = t.source AND f.ticket_id = t.ticket_id) FROM ticket t")) {
            while (rs.next()) {
                String id = rs.getString(1);
                rows.merge(id.substring(0, id.indexOf('-') + 1), 1, Integer::sum);
                assertThat(rs.getInt(2)).as("enrichments of %s", id).isEqualTo(1);
                assertThat(rs.getInt(3)).as("findings of %s", id).isEqualTo(1);
            }
        }
        assertThat(rows).isEqualTo(expected);
    }

    @Test
    void twoBatchProcessesOnOneH2FileLoseNoRows(@TempDir Path dir) throws Exception {
        String url =
                "jdbc:h2:file:" + dir.resolve("history").toAbsolutePath() + ";AUTO_SERVER=TRUE;AUTO_RECONNECT=TRUE";
        Path a = batch(dir, "A-", 40);
        Path b = batch(dir, "B-", 40);

        Process pa = enrich(a, dir.resolve("a.out"), url);
        Process pb = enrich(b, dir.resolve("b.out"), url);

        assertThat(pa.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(pb.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(pa.exitValue())
                .as(Files.readString(dir.resolve("a.out.err")) + errors(dir.resolve("a.out")))
                .isZero();
        assertThat(pb.exitValue())
                .as(Files.readString(dir.resolve("b.out.err")) + errors(dir.resolve("b.out")))
                .isZero();
        assertThat(Files.readAllLines(dir.resolve("a.out"))).hasSize(40);
        assertThat(Files.readAllLines(dir.resolve("b.out"))).hasSize(40);
        try (History h = History.open(url, Clock.systemUTC())) {
            assertThat(h.ticketCount()).isEqualTo(80);
            assertThat(h.seenBefore(h.signatures("A-0", null).get(0), null)).hasSize(80);
        }
        assertThat(new File(dir.toFile(), "history.mv.db")).exists();
    }
}
