-- Seen-before without scanning the history: one row per ticket and distinct signature (its times and
-- whether it is resolved, so the latest and first come from an index), and the tickets counted by
-- their set of signatures (a ticket with two of the asked signatures still counts once). History.record
-- keeps both in the transaction that writes the findings; V7 (per vendor) fills signature_set.
CREATE TABLE ticket_signature (
    source         VARCHAR(20)  NOT NULL,
    ticket_id      VARCHAR(200) NOT NULL,
    signature      VARCHAR(100) NOT NULL,
    first_enriched TIMESTAMP    NOT NULL,
    last_enriched  TIMESTAMP    NOT NULL,
    resolved       INT          NOT NULL,
    PRIMARY KEY (source, ticket_id, signature),
    FOREIGN KEY (source, ticket_id) REFERENCES ticket (source, ticket_id) ON DELETE CASCADE
);
CREATE INDEX ticket_signature_first ON ticket_signature (signature, first_enriched);
CREATE INDEX ticket_signature_recent ON ticket_signature (signature, resolved, last_enriched DESC, ticket_id);

-- set_key: lower-case hex SHA-256 of the ticket's distinct signatures, sorted, joined by ','
CREATE TABLE signature_set (
    set_key VARCHAR(64) NOT NULL PRIMARY KEY,
    tickets INT         NOT NULL
);

CREATE TABLE signature_set_member (
    signature VARCHAR(100) NOT NULL,
    set_key   VARCHAR(64)  NOT NULL,
    PRIMARY KEY (signature, set_key),
    FOREIGN KEY (set_key) REFERENCES signature_set (set_key) ON DELETE CASCADE
);

INSERT INTO ticket_signature (source, ticket_id, signature, first_enriched, last_enriched, resolved)
SELECT DISTINCT f.source, f.ticket_id, f.signature, t.first_enriched, t.last_enriched,
       CASE WHEN r.kb_id IS NULL AND r.note IS NULL THEN 0 ELSE 1 END
FROM ticket_finding f
JOIN ticket t ON t.source = f.source AND t.ticket_id = f.ticket_id
LEFT JOIN ticket_resolution r ON r.source = f.source AND r.ticket_id = f.ticket_id;
