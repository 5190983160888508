package io.lockdoc.ticket;

import java.util.List;

/**
 * A help-desk ticket in lockdoc's terms, whatever system it came from.
 *
 * @param source the system: generic, jira, servicenow or zendesk
 */
public record Ticket(
        String id,
        TicketShape source,
        String title,
        String description,
        String reporter,
        List<Attachment> attachments) {
    public Ticket {
        attachments = List.copyOf(attachments);
    }

    /**
     * An attachment: inline content, a local path (confined to the allowed folder), or a URL that
     * lockdoc never fetches.
     */
    public record Attachment(String name, byte[] content, String path, String url) {}
}
