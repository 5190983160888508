package io.lockdoc.mcp;

import static io.lockdoc.mcp.Schemas.anyObject;
import static io.lockdoc.mcp.Schemas.array;
import static io.lockdoc.mcp.Schemas.bounded;
import static io.lockdoc.mcp.Schemas.input;
import static io.lockdoc.mcp.Schemas.integer;
import static io.lockdoc.mcp.Schemas.nullable;
import static io.lockdoc.mcp.Schemas.object;
import static io.lockdoc.mcp.Schemas.props;
import static io.lockdoc.mcp.Schemas.string;

import io.lockdoc.model.OrderedMap;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** The tools' names, descriptions and schemas, and the one way every call is answered or refused. */
final class Tools {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A tool body; may throw {@link Sources.Refused} or a database error. */
    interface Body {
        Map<String, Object> call(Map<String, Object> args) throws Exception;
    }

    private final AnalysisTools analysis;
    private final KnowledgeTools knowledge;

    Tools(AnalysisTools analysis, KnowledgeTools knowledge) {
        this.analysis = analysis;
        this.knowledge = knowledge;
    }

    KnowledgeTools knowledge() {
        return knowledge;
    }

    List<McpServerFeatures.SyncToolSpecification> specifications() {
        Map<String, Object> finding = integer("the finding's number in the analysis, 1 = primary");
        Map<String, Object> cause =
                string("a cause id, e.g. lock-order-inversion, hung-task, critical-section-deadlock");
        return List.of(
                tool(
                        "analyze",
                        "Diagnose deadlocks and lock-related hangs in diagnostic text or a file/folder: findings with"
                                + " cause, confidence, culprit, signature and the evidence lines that prove them.",
                        input(),
                        Schemas.ANALYSIS,
                        analysis::analyze),
                tool(
                        "explain",
                        "For each finding (or one), the rule that made it and every fact it matched with its evidence.",
                        input("finding", finding),
                        bounded(props("why", array(anyObject())), "why"),
                        analysis::explain),
                tool(
                        "why_not",
                        "Why a cause was not diagnosed: what its rules need, what was missing, and the safe commands"
                                + " that collect it. Text or path optional.",
                        withRequired(input("cause", cause), "cause"),
                        bounded(
                                props(
                                        "cause", string("the cause asked about"),
                                        "verdict", string("one sentence"),
                                        "rules", array(anyObject()),
                                        "collect", array(anyObject())),
                                "cause",
                                "verdict",
                                "rules",
                                "collect"),
                        analysis::whyNot),
                tool(
                        "plan",
                        "The remediation plan of a finding: steps with command, expected result, verification,"
                                + " rollback and safety notes.",
                        input("finding", finding),
                        bounded(
                                props(
                                        "finding", OrderedMap.of("type", "integer"),
                                        "cause", string("cause id"),
                                        "signature", string("the finding's signature"),
                                        "plan", nullable("object")),
                                "finding",
                                "cause",
                                "signature",
                                "plan"),
                        analysis::plan),
                tool(
                        "collect_commands",
                        "The safe, read-only commands that would collect what is missing to diagnose a cause (or every"
                                + " cause not found in the given text or path).",
                        input("cause", cause),
                        bounded(
                                props(
                                        "diagnosed",
                                        array(OrderedMap.of("type", "string")),
                                        "commands",
                                        array(anyObject())),
                                "diagnosed",
                                "commands"),
                        analysis::collectCommands),
                tool(
                        "kb_search",
                        "Search lockdoc's knowledge base (every word must occur).",
                        object(props("query", string("words to look for")), "query"),
                        bounded(props("hits", array(anyObject())), "hits"),
                        knowledge::search),
                tool(
                        "kb_show",
                        "One knowledge-base article: symptom, reason, solution and steps.",
                        object(props("id", string("article id, from kb_search")), "id"),
                        bounded(
                                props(
                                        "id",
                                        string("article id"),
                                        "title",
                                        string("title"),
                                        "steps",
                                        array(anyObject())),
                                "id",
                                "title",
                                "steps"),
                        knowledge::show),
                tool(
                        "history",
                        "Tickets seen before with this finding signature and how they were resolved.",
                        object(props("signature", string("v1:<cause>:<hash>, from analyze")), "signature"),
                        bounded(
                                props("signature", string("as asked"), "seen", array(anyObject())),
                                "signature",
                                "seen"),
                        knowledge::history));
    }

    private static Map<String, Object> withRequired(Map<String, Object> schema, String... required) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(schema);
        m.put("required", List.of(required));
        return m;
    }

    private static McpServerFeatures.SyncToolSpecification tool(
            String name, String description, Map<String, Object> in, Map<String, Object> out, Body body) {
        McpSchema.Tool tool = McpSchema.Tool.builder()
                .name(name)
                .description(description)
                .inputSchema(in)
                .outputSchema(out)
                .annotations(new McpSchema.ToolAnnotations(null, true, false, true, false, null))
                .build();
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(tool)
                .callHandler((exchange, request) -> answer(body, request.arguments()))
                .build();
    }

    /** A structured result with the same JSON as text; a refusal or failure as a tool error the client reads. */
    static McpSchema.CallToolResult answer(Body body, Map<String, Object> args) {
        try {
            Map<String, Object> result = body.call(args == null ? OrderedMap.of() : args);
            return McpSchema.CallToolResult.builder()
                    .structuredContent(result)
                    .addTextContent(JSON.writeValueAsString(result))
                    .isError(false)
                    .build();
        } catch (Sources.Refused e) {
            return error(e.getMessage());
        } catch (java.sql.SQLException e) {
            return error("database error: " + e.getMessage());
        } catch (Exception e) {
            return error("internal error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static McpSchema.CallToolResult error(String message) {
        return McpSchema.CallToolResult.builder()
                .addTextContent("lockdoc: " + message)
                .isError(true)
                .build();
    }
}
