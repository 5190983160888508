package io.lockdoc.ticket;

import tools.jackson.databind.JsonNode;

/** The ticket systems whose payloads lockdoc reads and whose notes it writes. */
public enum TicketShape {
    GENERIC,
    JIRA,
    SERVICENOW,
    ZENDESK;

    /** Recognises a payload by its documented top-level fields. */
    public static TicketShape detect(JsonNode root) {
        if (root.has("issue") && root.get("issue").has("fields") || root.has("fields") && root.has("key")) {
            return JIRA;
        }
        if (root.has("ticket") && root.get("ticket").isObject()) {
            return ZENDESK;
        }
        JsonNode r = root.has("result") && root.get("result").isObject() ? root.get("result") : root;
        if (r.has("short_description") || r.has("sys_id") && r.has("number")) {
            return SERVICENOW;
        }
        return GENERIC;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
