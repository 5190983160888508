package io.lockdoc.ticket;

import tools.jackson.databind.JsonNode;

/** Plain text of an Atlassian Document Format tree: text nodes, with block nodes on their own lines. */
final class Adf {
    private static final int MAX_DEPTH = 64;

    private Adf() {}

    static String text(JsonNode doc) {
        StringBuilder sb = new StringBuilder();
        walk(doc, sb, 0);
        return sb.toString().strip();
    }

    private static void walk(JsonNode n, StringBuilder sb, int depth) {
        if (depth > MAX_DEPTH) {
            return; // hostile nesting: keep what was read
        }
        String type = n.path("type").asString("");
        if ("text".equals(type)) {
            sb.append(n.path("text").asString(""));
            return;
        }
        if ("hardBreak".equals(type)) {
            sb.append('\n');
            return;
        }
        for (JsonNode c : n.path("content")) {
            walk(c, sb, depth + 1);
        }
        if (type.equals("paragraph") || type.equals("codeBlock") || type.equals("heading") || type.equals("listItem")) {
            sb.append('\n');
        }
    }
}
