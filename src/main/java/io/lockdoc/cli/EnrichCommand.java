package io.lockdoc.cli;

import io.lockdoc.kb.Database;
import io.lockdoc.kb.KnowledgeBase;
import io.lockdoc.ticket.Enricher;
import io.lockdoc.ticket.History;
import io.lockdoc.ticket.Redactor;
import io.lockdoc.ticket.Ticket;
import io.lockdoc.ticket.TicketFormatException;
import io.lockdoc.ticket.TicketReader;
import io.lockdoc.ticket.TicketShape;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

@Command(
        name = "enrich",
        description =
                "Enrich a help-desk ticket (generic, Jira, ServiceNow or Zendesk JSON) with diagnosis, next steps and similar tickets.",
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every ticket enriched",
            "1:some tickets could not be read (an error object stands in their place)",
            "2:usage error",
            "3:input file unreadable",
            "4:internal error"
        })
final class EnrichCommand implements Callable<Integer> {
    /** A ticket (one JSON document, or one NDJSON line) larger than this is refused. */
    static final int MAX_TICKET_BYTES = 64 * 1024 * 1024;

    @Parameters(
            paramLabel = "FILE",
            arity = "0..1",
            defaultValue = "-",
            description = "the ticket JSON (default: stdin)")
    String file;

    @Option(
            names = "--format",
            description =
                    "target system for the note and update body: generic, jira, servicenow, zendesk (default: the ticket's own)")
    String format;

    @Option(names = "--batch", description = "read and write NDJSON: one ticket per line, streaming")
    boolean batch;

    @Option(
            names = {"-o", "--output"},
            description = "write to FILE instead of stdout")
    Path output;

    @Option(names = "--attachments-dir", description = "local attachment paths must lie inside this folder")
    Path attachmentsDir;

    @Option(
            names = "--redact",
            description = "mask host names, IP addresses, user names and home paths in quotes and history")
    boolean redact;

    @Option(names = "--db", description = "JDBC URL of the database (default: $LOCKDOC_DB or an H2 file in ~/.lockdoc)")
    String db;

    private final Streams io;
    private String url;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    EnrichCommand(Streams io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        TicketShape target = null;
        if (format != null) {
            target = Formats.parse(format, io.err(), TicketShape.values());
            if (target == null) {
                return ExitCode.USAGE.code();
            }
        }
        InputStream in;
        if ("-".equals(file)) {
            in = io.in();
        } else if (!Files.isRegularFile(Path.of(file))) {
            io.err().println("lockdoc: " + Streams.t(file) + ": no such file");
            return ExitCode.UNREADABLE_INPUT.code();
        } else {
            in = Files.newInputStream(Path.of(file));
        }
        var rules = CommandSetup.rules(null);
        url = CommandSetup.databaseUrl(db, io.err());
        int failed = 0;
        try (KnowledgeBase kb = KnowledgeBase.open(url, CommandSetup.articles(null));
                History history = History.open(url, Clock.systemUTC());
                Output sink = output == null ? Output.stdout(io.out()) : Output.file(output);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            Enricher enricher =
                    new Enricher(CommandSetup.analyzer(rules, kb), history, attachmentsDir, new Redactor(redact));
            PrintStream out = sink.stream();
            if (batch) {
                String line;
                int n = 0;
                while ((line = readBounded(reader)) != null) {
                    n++;
                    if (line.isBlank()) {
                        continue;
                    }
                    Object result = one(enricher, line, target, n);
                    if (result instanceof ObjectNode o && o.has("error") && o.size() == 1) {
                        failed++;
                    }
                    out.println(JSON.writeValueAsString(result));
                    // a lost output is no enrichment: stop before more tickets are recorded for nobody
                    if (sink.failed(io.err())) {
                        return ExitCode.INTERNAL.code();
                    }
                }
            } else {
                String all = readAll(reader);
                Object result = one(enricher, all, target, 1);
                if (result instanceof ObjectNode o && o.has("error") && o.size() == 1) {
                    failed++;
                    io.err()
                            .println("lockdoc: "
                                    + Streams.t(o.get("error").get("message").asString()));
                }
                out.println(
                        JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
            }
            if (sink.closeFailed(io.err())) {
                return ExitCode.INTERNAL.code();
            }
        }
        return failed == 0 ? ExitCode.NO_FINDING.code() : ExitCode.FINDINGS.code();
    }

    /** The enriched ticket, or an {@code {"error": ...}} object for this ticket alone. */
    private Object one(Enricher enricher, String json, TicketShape target, int line) {
        try {
            if (json.length() > MAX_TICKET_BYTES) {
                throw new TicketFormatException("ticket larger than " + MAX_TICKET_BYTES / (1024 * 1024) + " MiB");
            }
            JsonNode root = JSON.readTree(json);
            Ticket t = TicketReader.read(root);
            Map<String, Object> block = enricher.enrich(t, target == null ? t.source() : target);
            ObjectNode copy = ((ObjectNode) root).deepCopy();
            copy.set("lockdoc", JSON.valueToTree(block));
            return copy;
        } catch (JacksonException e) {
            return error(line, "malformed JSON: " + e.getOriginalMessage());
        } catch (TicketFormatException e) {
            return error(line, e.getMessage());
        } catch (java.sql.SQLException e) {
            return error(line, databaseError(e));
        } catch (IllegalStateException e) {
            // the knowledge base, in the same database, failed under the analysis
            if (e.getCause() instanceof java.sql.SQLException sql) {
                return error(line, databaseError(sql));
            }
            throw e;
        }
    }

    /** One line naming the database and what went wrong; the ticket's history write was rolled back whole. */
    private String databaseError(java.sql.SQLException e) {
        return "history database " + Database.name(url) + ": " + KnowledgeBase.describe(e) + " (ticket not recorded)";
    }

    private static ObjectNode error(int line, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("line", line);
        e.put("message", message);
        ObjectNode o = JSON.createObjectNode();
        o.set("error", JSON.valueToTree(e));
        return o;
    }

    /** One NDJSON line, cut at {@link #MAX_TICKET_BYTES} (the rest of it is skipped and the ticket refused). */
    private static String readBounded(BufferedReader r) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        boolean any = false;
        while ((c = r.read()) >= 0) {
            any = true;
            if (c == '\n') {
                break;
            }
            if (sb.length() <= MAX_TICKET_BYTES) {
                sb.append((char) c);
            }
        }
        return any ? sb.toString() : null;
    }

    private static String readAll(BufferedReader r) throws IOException {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[64 * 1024];
        int n;
        while ((n = r.read(buf)) > 0) {
            if (sb.length() <= MAX_TICKET_BYTES) {
                sb.append(buf, 0, n);
            }
        }
        return sb.toString();
    }
}
