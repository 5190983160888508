package io.lockdoc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EnrichCommandTest {
    private static final AtomicInteger DB = new AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private String db;

    @BeforeEach
    void freshDatabase() {
        db = "jdbc:h2:mem:enrich" + DB.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    }

    record Run(int exit, String out, String err) {
        JsonNode json() {
            return JSON.readTree(out);
        }

        List<JsonNode> lines() {
            List<JsonNode> l = new ArrayList<>();
            out.lines().forEach(x -> l.add(JSON.readTree(x)));
            return l;
        }
    }

    private Run run(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--db");
        all.add(db);
        int exit = Cli.run(
                new Streams(
                        new ByteArrayInputStream(stdin),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)),
                all.toArray(String[]::new));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run enrich(String fixture, String... more) {
        List<String> args = new ArrayList<>(
                List.of("enrich", Fixtures.path("tickets/" + fixture).toString()));
        args.addAll(List.of(more));
        return run(new byte[0], args.toArray(String[]::new));
    }

    private static String seedTicket(String id, String host, String pid, String addr, String lock) {
        String log = Fixtures.text("linux/dmesg_lockdep-circular-seed-mymod.log")
                .replace("2817", pid)
                .replace("ffffffffc0a02", addr)
                .replace("lock1", lock);
        return JSON.writeValueAsString(
                java.util.Map.of("id", id, "title", host + " frozen", "description", "host " + host + "\n" + log));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "generic_pasted-dmesg.json, generic, HD-1001, markdown",
        "jira_webhook-adf.json, jira, OPS-77, jira-wiki",
        "servicenow_incident-attachment.json, servicenow, INC0010023, servicenow-work-note",
        "zendesk_ticket-comments.json, zendesk, 35436, zendesk-html"
    })
    void everyShapeIsEnrichedWithTheFindingAndANoteInItsMarkup(
            String fixture, String source, String id, String noteFormat) throws IOException {
        Run r = enrich(fixture);
        JsonNode original = JSON.readTree(Files.readString(Fixtures.path("tickets/" + fixture)));
        JsonNode out = r.json();
        JsonNode l = out.get("lockdoc");

        assertThat(r.exit()).isZero();
        out.properties().stream().filter(e -> !e.getKey().equals("lockdoc")).forEach(e -> assertThat(e.getValue())
                .isEqualTo(original.get(e.getKey())));
        assertThat(l.get("ticket").get("id").asString()).isEqualTo(id);
        assertThat(l.get("ticket").get("source").asString()).isEqualTo(source);
        assertThat(l.get("findings").get(0).get("cause").asString()).isEqualTo("lock-order-inversion");
        assertThat(l.get("findings").get(0).get("culprit").asString())
                .isEqualTo("another_function [mymod] in insmod/2817");
        assertThat(l.get("labels").toString()).contains("\"deadlock\"", "\"lock-order-inversion\"", "\"linux\"");
        assertThat(l.get("priority").get("suggested").asString()).isEqualTo("high");
        assertThat(l.get("kbArticles").get(0).asString()).isEqualTo("lock-order-inversion");
        assertThat(l.get("note").get("format").asString()).isEqualTo(noteFormat);
    }

    @Test
    void jiraNoteIsWikiMarkupAndAdfAndTheUpdateBodiesAreReadyToPost() {
        JsonNode l = enrich("jira_webhook-adf.json").json().get("lockdoc");
        String wiki = l.get("note").get("body").asString();

        assertThat(wiki)
                .startsWith("h3. lockdoc: lock-order-inversion (confidence 0.95)\n")
                .contains(
                        "* Culprit: another\\_function \\[mymod\\] in insmod/2817",
                        "{code:bash}\nsed -n '5,85p' ticket-description\n{code}",
                        "# Read both acquisition paths from the report");
        assertThat(l.get("note").get("adf").get("type").asString()).isEqualTo("doc");
        assertThat(l.get("note").get("adf").toString()).contains("\"type\":\"codeBlock\"", "\"type\":\"orderedList\"");
        assertThat(l.get("update")
                        .get("rest/api/2")
                        .get("update")
                        .get("labels")
                        .get(0)
                        .get("add")
                        .asString())
                .isEqualTo("lockdoc");
        assertThat(l.get("update")
                        .get("rest/api/3")
                        .get("update")
                        .get("comment")
                        .get(0)
                        .get("add")
                        .get("body")
                        .get("type")
                        .asString())
                .isEqualTo("doc");
        assertThat(l.get("notRead").get(0).asString())
                .startsWith("sosreport.tar.xz: not fetched (lockdoc never downloads https://");
    }

    @Test
    void serviceNowAndZendeskNotesAreInternalHtml() {
        JsonNode sn = enrich("servicenow_incident-attachment.json").json().get("lockdoc");
        JsonNode zd = enrich("zendesk_ticket-comments.json").json().get("lockdoc");

        assertThat(sn.get("update").get("work_notes").asString())
                .startsWith("[code]<h3>lockdoc: lock-order-inversion")
                .endsWith("</p>[/code]")
                .contains("-&gt;");
        assertThat(zd.get("update").get("ticket").get("comment").get("public").asBoolean())
                .isFalse();
        assertThat(zd.get("update")
                        .get("ticket")
                        .get("comment")
                        .get("html_body")
                        .asString())
                .startsWith("<h3>lockdoc:")
                .contains("<ol><li>");
        assertThat(zd.get("update").get("ticket").get("additional_tags").toString())
                .contains("deadlock");
    }

    @Test
    void aTicketWithoutDiagnosticsSaysWhatToAttachOnLinuxAndWindows() {
        JsonNode l = enrich("generic_no-diagnostics.json").json().get("lockdoc");

        assertThat(l.get("findings")).isEmpty();
        assertThat(l.get("labels").toString()).contains("needs-diagnostics");
        assertThat(l.get("note").get("body").asString())
                .contains(
                        "Linux: the kernel log from the hang: `sudo dmesg -T > dmesg.txt",
                        "Windows: a hang dump of the process and its lock state: `procdump -ma -h <pid> hang.dmp",
                        "wevtutil qe Application");
    }

    @Test
    void theSameDeadlockOnThreeHostsIsSeenBeforeAndADifferentOneIsNot() {
        String batch = String.join(
                "\n",
                seedTicket("T-1", "web01", "2817", "ffffffffc0a02", "lock1"),
                seedTicket("T-2", "web02", "4411", "ffffffffc1b07", "lock1"),
                seedTicket("T-3", "db07", "9120", "ffffffffc3c99", "lock1"),
                seedTicket("T-4", "db08", "9121", "ffffffffc3c98", "otherlock"));

        List<JsonNode> out =
                run(batch.getBytes(StandardCharsets.UTF_8), "enrich", "--batch").lines();

        assertThat(out).hasSize(4);
        assertThat(out.get(0).get("lockdoc").get("seenBefore").get("count").asInt())
                .isZero();
        assertThat(out.get(1).get("lockdoc").get("seenBefore").get("tickets").findValuesAsString("id"))
                .containsExactly("T-1");
        assertThat(out.get(2).get("lockdoc").get("seenBefore").get("tickets").findValuesAsString("id"))
                .containsExactly("T-2", "T-1"); // most recent first
        assertThat(out.get(3).get("lockdoc").get("seenBefore").get("count").asInt())
                .isZero();
        assertThat(out.get(2)
                        .get("lockdoc")
                        .get("findings")
                        .get(0)
                        .get("signature")
                        .asString())
                .isEqualTo(out.get(0)
                        .get("lockdoc")
                        .get("findings")
                        .get(0)
                        .get("signature")
                        .asString());
    }

    @Test
    void enrichingTheSameTicketTwiceUpdatesAndAResolutionIsReportedNextTime() {
        String t1 = seedTicket("T-1", "web01", "2817", "ffffffffc0a02", "lock1");
        run(t1.getBytes(StandardCharsets.UTF_8), "enrich");
        run(t1.getBytes(StandardCharsets.UTF_8), "enrich"); // webhook delivered twice

        Run resolve = run(
                new byte[0], "resolve", "T-1", "--kb", "lock-order-inversion", "--note", "mymod 1.2 takes lock1 first");
        JsonNode l = run(
                        seedTicket("T-2", "web02", "77", "ffffffffc0b02", "lock1")
                                .getBytes(StandardCharsets.UTF_8),
                        "enrich")
                .json()
                .get("lockdoc");
        Run history = run(new byte[0], "history", "--ticket", "T-2");

        assertThat(resolve.out()).isEqualTo("recorded: T-1 fixed with lock-order-inversion\n");
        assertThat(l.get("seenBefore").get("count").asInt()).isEqualTo(1);
        assertThat(l.get("seenBefore").get("tickets").get(0).get("kbArticle").asString())
                .isEqualTo("lock-order-inversion");
        assertThat(l.get("note").get("body").asString())
                .contains("fixed with lock-order-inversion: mymod 1.2 takes lock1 first");
        assertThat(history.out())
                .contains(
                        "1 other ticket(s)",
                        "generic T-1",
                        "fixed with lock-order-inversion: mymod 1.2 takes lock1 first");
        assertThat(run(new byte[0], "resolve", "NOPE", "--note", "x").err())
                .isEqualTo("lockdoc: ticket NOPE was never enriched; nothing to resolve\n");
    }

    @Test
    void badTicketsInABatchGetAnErrorEachAndTheOthersAreEnriched(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ok.log"), Fixtures.text("linux/dmesg_lockdep-circular-seed-mymod.log"));
        Path outside = Files.writeString(dir.getParent().resolve("secret-" + DB.get() + ".log"), "x");
        String big = "x".repeat(io.lockdoc.ticket.TicketReader.MAX_ATTACHMENT_BYTES + 10);
        String batch = String.join(
                "\n",
                "{not json",
                "{\"what\": \"no id anywhere\"}",
                "{\"id\":\"B-3\",\"attachments\":[{\"name\":\"huge.log\",\"text\":\"" + big + "\"}]}",
                "{\"id\":\"B-4\",\"attachments\":[{\"name\":\"s\",\"path\":\"../" + outside.getFileName() + "\"}]}",
                "{\"id\":\"B-5\",\"attachments\":[{\"name\":\"ok.log\",\"path\":\"ok.log\"}]}");

        Run r = run(batch.getBytes(StandardCharsets.UTF_8), "enrich", "--batch", "--attachments-dir", dir.toString());
        List<JsonNode> out = r.lines();

        assertThat(r.exit()).isEqualTo(ExitCode.FINDINGS.code());
        assertThat(out).hasSize(5);
        assertThat(out.get(0).get("error").get("message").asString()).startsWith("malformed JSON");
        assertThat(out.get(0).get("error").get("line").asInt()).isEqualTo(1);
        assertThat(out.get(1).get("error").get("message").asString()).startsWith("unknown ticket shape");
        assertThat(out.get(2).get("error").get("message").asString())
                .isEqualTo("attachment 'huge.log' is larger than 32 MiB");
        assertThat(out.get(3).get("lockdoc").get("notRead").get(0).asString())
                .isEqualTo("s: outside the allowed attachment directory " + dir);
        assertThat(out.get(4).get("lockdoc").get("findings").get(0).get("cause").asString())
                .isEqualTo("lock-order-inversion");
    }

    @Test
    void redactMasksHostsAddressesAndUsersInQuotesAndHistory() {
        String log =
                "[  1.000000] nfs: server files.corp.example.com not responding, still trying\n[  1.000001] login user=alice from 10.1.2.3 /home/alice\n"
                        + Fixtures.text("linux/dmesg_lockdep-circular-seed-mymod.log")
                                .replace("insmod", "insmod");
        String t = JSON.writeValueAsString(
                java.util.Map.of("id", "R-1", "title", "web01.corp.example.com frozen 10.1.2.3", "description", log));

        JsonNode l = run(t.getBytes(StandardCharsets.UTF_8), "enrich", "--redact")
                .json()
                .get("lockdoc");

        assertThat(io.lockdoc.ticket.Redactor.class).isNotNull();
        assertThat(new io.lockdoc.ticket.Redactor(true)
                        .apply("files.corp.example.com 10.1.2.3 user=alice /home/alice/x"))
                .isEqualTo("<host> <ip> user=<user> /home/<user>/x");
        assertThat(l.toString()).doesNotContain("10.1.2.3", "alice", "example.com");
    }

    @Test
    void aDeadlockSeenManyTimesListsTheResolvedAndTheLatestAndCountsTheRest() {
        StringBuilder batch = new StringBuilder();
        for (int i = 1; i <= 25; i++) {
            batch.append(seedTicket("M-" + i, "h" + i, Integer.toString(1000 + i), "ffffffffc0a02", "lock1"))
                    .append('\n');
        }
        run(batch.toString().getBytes(StandardCharsets.UTF_8), "enrich", "--batch");
        run(new byte[0], "resolve", "M-3", "--kb", "lock-order-inversion", "--note", "fixed in 1.2");

        JsonNode seen = run(
                        seedTicket("M-26", "h26", "2000", "ffffffffc0a02", "lock1")
                                .getBytes(StandardCharsets.UTF_8),
                        "enrich")
                .json()
                .get("lockdoc")
                .get("seenBefore");

        assertThat(seen.get("count").asInt()).isEqualTo(25);
        assertThat(seen.get("tickets").size()).isEqualTo(20);
        assertThat(seen.get("notListed").asInt()).isEqualTo(5);
        assertThat(seen.get("tickets").get(0).get("id").asString()).isEqualTo("M-3");
        assertThat(seen.get("tickets").get(0).get("resolution").asString()).isEqualTo("fixed in 1.2");
    }

    @Test
    void aHostileLockNameReachesNoNoteAsMarkupAndNoCommandUnquoted() {
        String hostile = "x';touch${IFS}x;'<b>{html}[a|javascript:b]!img!`id`";
        String log =
                Fixtures.text("linux/dmesg_lockdep-circular-seed-mymod.log").replace("lock1", hostile);
        byte[] ticket = JSON.writeValueAsString(java.util.Map.of("id", "H-1", "title", "hang", "description", log))
                .getBytes(StandardCharsets.UTF_8);
        for (String target : List.of("generic", "jira", "servicenow", "zendesk")) {
            JsonNode l = run(ticket, "enrich", "--format", target).json().get("lockdoc");
            String body = l.get("note").get("body").asString();
            switch (target) {
                case "generic" -> assertThat(io.lockdoc.report.Oracles.liveMarkdown(body))
                        .doesNotContain("<", "](", "[a|");
                case "jira" -> assertThat(body.replaceAll("(?s)\\{code[^}]*\\}.*?\\{code\\}", ""))
                        .doesNotContain("{html}", "[a|")
                        .contains("\\{html\\}\\[a\\|javascript:b\\]\\!img\\!");
                case "servicenow" -> assertThat(body.substring(6, body.length() - 7))
                        .doesNotContain("[", "]", "<b>{html}")
                        .contains("&lt;b&gt;");
                default -> assertThat(body).doesNotContain("<b>{html}").contains("&lt;b&gt;{html}");
            }
        }
    }
}
