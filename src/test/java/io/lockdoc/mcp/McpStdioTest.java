package io.lockdoc.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.Fixtures;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The SDK's own client talks to {@code lockdoc mcp} in a child JVM over stdio, as an assistant would. */
class McpStdioTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Path tmp;
    private static McpSyncClient client;

    @BeforeAll
    static void start() throws Exception {
        tmp = Files.createTempDirectory("lockdoc-mcp");
        Path root = Files.createDirectory(tmp.resolve("root"));
        Files.copy(Fixtures.path("linux/dmesg_lockdep-circular-seed-mymod.log"), root.resolve("dmesg.log"));
        Path bundle = Files.createDirectory(root.resolve("bundle"));
        try (var files = Files.walk(Fixtures.path("userspace/bundle-flock-abba"))) {
            for (Path p : files.toList()) {
                Path to = bundle.resolve(Fixtures.path("userspace/bundle-flock-abba")
                        .relativize(p)
                        .toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        Path outside = Files.writeString(tmp.resolve("secret.log"), Files.readString(root.resolve("dmesg.log")));
        Files.createSymbolicLink(root.resolve("link-out.log"), outside);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ServerParameters params = ServerParameters.builder(java)
                .args(
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.lockdoc.Main",
                        "mcp",
                        "--root",
                        root.toString(),
                        "--db",
                        "jdbc:h2:mem:mcp;DB_CLOSE_DELAY=-1")
                .build();
        var transport = new StdioClientTransport(params, new JacksonMcpJsonMapper(JSON));
        client = McpClient.sync(transport)
                .requestTimeout(Duration.ofMinutes(3))
                .initializationTimeout(Duration.ofMinutes(3))
                .build();
        client.initialize();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.closeGracefully();
        }
        try (var files = Files.walk(tmp)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    private static McpSchema.CallToolResult call(String tool, Map<String, Object> args) {
        return client.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    private static JsonNode structured(McpSchema.CallToolResult r) {
        assertThat(r.isError()).as(text(r)).isFalse();
        return JSON.valueToTree(r.structuredContent());
    }

    private static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    @Test
    void listsEveryToolWithAnOutputSchema() {
        List<McpSchema.Tool> tools = client.listTools().tools();
        assertThat(tools)
                .extracting(McpSchema.Tool::name)
                .containsExactlyInAnyOrder(
                        "analyze", "explain", "why_not", "plan", "collect_commands", "kb_search", "kb_show", "history");
        assertThat(tools).allSatisfy(t -> assertThat(t.outputSchema()).containsEntry("type", "object"));
    }

    @Test
    void analyzeThePathOfTheSeedsLockdepReport() {
        JsonNode f = structured(call("analyze", Map.of("path", "dmesg.log")))
                .get("findings")
                .get(0);
        assertThat(f.get("cause").asString()).isEqualTo("lock-order-inversion");
        assertThat(f.get("confidence").asDouble()).isEqualTo(0.95);
        assertThat(f.get("culprit").get("function").asString()).isEqualTo("another_function");
        assertThat(f.get("signature").asString()).isEqualTo("v1:lock-order-inversion:466ae3c1cd1f");
        JsonNode ev = f.get("evidence").get(0);
        assertThat(ev.get("artifact").asString()).isEqualTo("dmesg.log");
        assertThat(ev.get("firstLine").asInt()).isEqualTo(2);
        assertThat(ev.get("lastLine").asInt()).isEqualTo(82);
        assertThat(ev.get("lines").get(0).get("text").asString())
                .isEqualTo("WARNING: possible circular locking dependency detected");
    }

    @Test
    void analyzePastedText() throws Exception {
        String text = Files.readString(Fixtures.path("linux/dmesg_lockdep-circular-seed-mymod.log"));
        JsonNode r = structured(call("analyze", Map.of("text", text, "name", "dmesg.txt")));
        assertThat(r.get("findings").get(0).get("cause").asString()).isEqualTo("lock-order-inversion");
        assertThat(r.get("truncated").asBoolean()).isFalse();
    }

    @Test
    void analyzeABundleFolder() {
        JsonNode r = structured(call("analyze", Map.of("path", "bundle")));
        assertThat(r.get("findings").get(0).get("cause").asString()).isEqualTo("file-lock-deadlock");
        assertThat(r.get("inputs").size()).isGreaterThan(1);
    }

    @Test
    void aPathOutsideTheRootIsRefused() {
        String outside = Fixtures.path("windows/windbg_locks-cs-cycle.txt")
                .toAbsolutePath()
                .toString();
        McpSchema.CallToolResult abs = call("analyze", Map.of("path", outside));
        assertThat(abs.isError()).isTrue();
        assertThat(text(abs))
                .isEqualTo("lockdoc: path refused: " + outside + " is outside the allowed folders (--root)");

        McpSchema.CallToolResult dots = call("analyze", Map.of("path", "../secret.log"));
        assertThat(dots.isError()).isTrue();
        assertThat(text(dots)).isEqualTo("lockdoc: path refused: '..' is not allowed in a path");

        McpSchema.CallToolResult link = call("analyze", Map.of("path", "link-out.log"));
        assertThat(link.isError()).isTrue();
        assertThat(text(link)).isEqualTo("lockdoc: path refused: link-out.log is outside the allowed folders (--root)");
    }

    @Test
    void planWhyNotKbAndCollectCommandsAnswer() {
        JsonNode plan = structured(call("plan", Map.of("path", "dmesg.log")));
        assertThat(plan.get("plan").get("article").asString()).isEqualTo("lock-order-inversion");
        assertThat(plan.get("plan").get("steps").size()).isPositive();

        JsonNode whyNot = structured(call("why_not", Map.of("path", "dmesg.log", "cause", "hung-task")));
        assertThat(whyNot.get("cause").asString()).isEqualTo("hung-task");
        assertThat(whyNot.get("rules").size()).isPositive();

        JsonNode explain = structured(call("explain", Map.of("path", "dmesg.log", "finding", 1)));
        assertThat(explain.get("why").get(0).get("cause").asString()).isEqualTo("lock-order-inversion");

        JsonNode hits = structured(call("kb_search", Map.of("query", "lock order")));
        assertThat(hits.get("hits").get(0).get("id").asString()).isEqualTo("lock-order-inversion");
        JsonNode article = structured(call("kb_show", Map.of("id", "hung-task")));
        assertThat(article.get("title").asString()).isNotBlank();

        JsonNode cmds = structured(call("collect_commands", Map.of("cause", "hung-task")));
        assertThat(cmds.get("commands").size()).isPositive();

        JsonNode hist = structured(call("history", Map.of("signature", "v1:lock-order-inversion:466ae3c1cd1f")));
        assertThat(hist.get("seen").size()).isZero();

        var resources = client.listResources().resources();
        assertThat(resources).extracting(McpSchema.Resource::uri).contains("lockdoc://kb/lock-order-inversion");
        var read = client.readResource(new McpSchema.ReadResourceRequest("lockdoc://kb/lock-order-inversion"));
        assertThat(((McpSchema.TextResourceContents) read.contents().get(0)).text())
                .startsWith("# ");
    }
}
