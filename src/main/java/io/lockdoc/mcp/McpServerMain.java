package io.lockdoc.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import tools.jackson.databind.json.JsonMapper;

/** {@code lockdoc mcp}: lockdoc's analysis as a Model Context Protocol server over stdio. */
public final class McpServerMain {
    private McpServerMain() {}

    /**
     * Serves until the client closes stdin. Nothing but protocol messages goes to {@code out}.
     *
     * @throws IOException when a root is not a folder
     */
    public static void serve(Lockdoc lockdoc, List<Path> rootDirs, InputStream in, OutputStream out, PrintStream err)
            throws IOException, InterruptedException {
        Roots roots = Roots.of(rootDirs);
        CountDownLatch closed = new CountDownLatch(1);
        McpJsonMapper json = new JacksonMcpJsonMapper(JsonMapper.builder().build());
        var transport = new StdioServerTransportProvider(json, new EndSignal(in, closed), out);
        Tools tools = new Tools(new AnalysisTools(lockdoc, roots), new KnowledgeTools(lockdoc));
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo("lockdoc", "0.1.0")
                .jsonMapper(json)
                .instructions("lockdoc diagnoses deadlocks and lock-related hangs from diagnostic text with evidence. "
                        + "Call analyze with pasted text or a path; every finding cites its artifact and lines. "
                        + (roots.all().isEmpty()
                                ? "No folder is allowed: paths are refused, pass text."
                                : "Paths are readable under: " + roots.all()))
                .capabilities(McpSchema.ServerCapabilities.builder()
                        .tools(false)
                        .resources(false, false)
                        .build())
                .tools(tools.specifications())
                .resources(resources(lockdoc, tools.knowledge()))
                .build();
        err.println("lockdoc mcp: serving on stdio"
                + (roots.all().isEmpty() ? " (no --root: paths are refused)" : "; roots " + roots.all()));
        closed.await();
        server.closeGracefully();
    }

    private static List<McpServerFeatures.SyncResourceSpecification> resources(Lockdoc lockdoc, KnowledgeTools kb) {
        List<McpServerFeatures.SyncResourceSpecification> out = new ArrayList<>();
        try {
            for (String id : lockdoc.kb().ids()) {
                String uri = KnowledgeTools.KB_URI + id;
                McpSchema.Resource r = McpSchema.Resource.builder()
                        .uri(uri)
                        .name(id)
                        .description("lockdoc knowledge-base article " + id)
                        .mimeType("text/markdown")
                        .build();
                out.add(new McpServerFeatures.SyncResourceSpecification(r, (exchange, req) -> read(kb, id, uri)));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("knowledge base: " + e.getMessage(), e);
        }
        return out;
    }

    private static McpSchema.ReadResourceResult read(KnowledgeTools kb, String id, String uri) {
        try {
            return new McpSchema.ReadResourceResult(
                    List.of(new McpSchema.TextResourceContents(uri, "text/markdown", kb.markdown(id))));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("knowledge base: " + e.getMessage(), e);
        }
    }

    /** Stdin that counts down when the client closes it, so the server ends with its client. */
    private static final class EndSignal extends FilterInputStream {
        private final CountDownLatch closed;

        EndSignal(InputStream in, CountDownLatch closed) {
            super(in);
            this.closed = closed;
        }

        @Override
        public int read() throws IOException {
            try {
                return ended(super.read());
            } catch (IOException e) {
                closed.countDown(); // a broken pipe ends the session like a close
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return ended(super.read(b, off, len));
            } catch (IOException e) {
                closed.countDown();
                throw e;
            }
        }

        private int ended(int n) {
            if (n < 0) {
                closed.countDown();
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            closed.countDown();
            super.close();
        }
    }
}
