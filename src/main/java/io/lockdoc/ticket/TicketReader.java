package io.lockdoc.ticket;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads the four payload shapes into a {@link Ticket}: lockdoc's generic JSON, a Jira webhook or
 * REST issue (description as wiki text or ADF), a ServiceNow Table API incident (string-valued
 * fields, optionally under {@code result}), and a Zendesk ticket with its comments.
 */
public final class TicketReader {
    /** Inline attachments larger than this are refused (per attachment). */
    public static final int MAX_ATTACHMENT_BYTES = 32 * 1024 * 1024;

    private TicketReader() {}

    public static Ticket read(JsonNode root) throws TicketFormatException {
        if (root == null || !root.isObject()) {
            throw new TicketFormatException("a ticket must be a JSON object");
        }
        return switch (TicketShape.detect(root)) {
            case JIRA -> jira(root.has("issue") ? root.get("issue") : root);
            case ZENDESK -> zendesk(root);
            case SERVICENOW -> servicenow(
                    root.has("result") && root.get("result").isObject() ? root.get("result") : root);
            case GENERIC -> generic(root);
        };
    }

    private static Ticket generic(JsonNode t) throws TicketFormatException {
        String id = text(t, "id");
        if (id == null) {
            throw new TicketFormatException(
                    "unknown ticket shape: no 'id' (generic), 'issue.fields' (Jira), 'ticket' (Zendesk)"
                            + " or 'short_description'/'sys_id' (ServiceNow)");
        }
        List<Ticket.Attachment> atts = new ArrayList<>();
        for (JsonNode a : t.path("attachments")) {
            atts.add(attachment(text(a, "name"), a));
        }
        return new Ticket(id, TicketShape.GENERIC, text(t, "title"), text(t, "description"), text(t, "reporter"), atts);
    }

    private static Ticket jira(JsonNode issue) throws TicketFormatException {
        JsonNode f = issue.path("fields");
        String id = text(issue, "key") != null ? text(issue, "key") : text(issue, "id");
        if (id == null) {
            throw new TicketFormatException("Jira issue without 'key' or 'id'");
        }
        JsonNode d = f.path("description");
        String description = d.isObject() ? Adf.text(d) : d.isString() ? d.asString() : null;
        List<Ticket.Attachment> atts = new ArrayList<>();
        for (JsonNode a : f.path("attachment")) {
            atts.add(attachment(text(a, "filename"), a));
        }
        return new Ticket(
                id, TicketShape.JIRA, text(f, "summary"), description, text(f.path("reporter"), "displayName"), atts);
    }

    private static Ticket servicenow(JsonNode r) throws TicketFormatException {
        String id = value(r, "number") != null ? value(r, "number") : value(r, "sys_id");
        if (id == null) {
            throw new TicketFormatException("ServiceNow record without 'number' or 'sys_id'");
        }
        List<Ticket.Attachment> atts = new ArrayList<>();
        for (JsonNode a : r.path("attachments")) {
            atts.add(attachment(text(a, "file_name") != null ? text(a, "file_name") : text(a, "name"), a));
        }
        return new Ticket(
                id,
                TicketShape.SERVICENOW,
                value(r, "short_description"),
                value(r, "description"),
                value(r, "caller_id"),
                atts);
    }

    private static Ticket zendesk(JsonNode root) throws TicketFormatException {
        JsonNode t = root.get("ticket");
        String id = text(t, "id");
        if (id == null) {
            throw new TicketFormatException("Zendesk ticket without 'id'");
        }
        StringBuilder text = new StringBuilder(nz(text(t, "description")));
        List<Ticket.Attachment> atts = new ArrayList<>();
        JsonNode comments = t.has("comments") ? t.get("comments") : root.path("comments");
        for (JsonNode c : comments) {
            String body = text(c, "plain_body") != null ? text(c, "plain_body") : text(c, "body");
            if (body != null && !text.toString().contains(body)) {
                text.append("\n\n").append(body);
            }
            for (JsonNode a : c.path("attachments")) {
                atts.add(attachment(text(a, "file_name"), a));
            }
        }
        return new Ticket(id, TicketShape.ZENDESK, text(t, "subject"), text.toString(), text(t, "requester_id"), atts);
    }

    private static Ticket.Attachment attachment(String name, JsonNode a) throws TicketFormatException {
        String n = name == null ? "attachment" : name;
        if (a.has("text")) {
            return new Ticket.Attachment(
                    n, bounded(n, a.get("text").asString().getBytes(StandardCharsets.UTF_8)), null, null);
        }
        if (a.has("base64")) {
            String b64 = a.get("base64").asString();
            if (b64.length() / 4L * 3 > MAX_ATTACHMENT_BYTES) {
                throw new TicketFormatException(
                        "attachment '" + n + "' is larger than " + MAX_ATTACHMENT_BYTES / (1024 * 1024) + " MiB");
            }
            try {
                return new Ticket.Attachment(n, Base64.getMimeDecoder().decode(b64), null, null);
            } catch (IllegalArgumentException e) {
                throw new TicketFormatException("attachment '" + n + "' is not valid base64");
            }
        }
        if (a.has("path")) {
            return new Ticket.Attachment(n, null, a.get("path").asString(), null);
        }
        String url = text(a, "content") != null ? text(a, "content") : text(a, "content_url");
        // no content: a file of that name may have been saved next to the ticket
        return new Ticket.Attachment(n, null, null, url);
    }

    private static byte[] bounded(String name, byte[] b) throws TicketFormatException {
        if (b.length > MAX_ATTACHMENT_BYTES) {
            throw new TicketFormatException(
                    "attachment '" + name + "' is larger than " + MAX_ATTACHMENT_BYTES / (1024 * 1024) + " MiB");
        }
        return b;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        return v.isValueNode() ? v.asString() : null;
    }

    /** ServiceNow fields are strings, or {@code {value, display_value}} with sysparm_display_value=all. */
    private static String value(JsonNode r, String field) {
        JsonNode v = r.get(field);
        if (v != null && v.isObject()) {
            return text(v, "display_value") != null ? text(v, "display_value") : text(v, "value");
        }
        String s = text(r, field);
        return s == null || s.isEmpty() ? null : s;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
