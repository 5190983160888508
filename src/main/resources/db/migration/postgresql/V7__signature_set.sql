-- signature_set from the history V6 copied: the same key History.record computes in Java
-- (COLLATE "C": sorted by code point like Java's String order, whatever the database's locale).
CREATE TEMPORARY TABLE ticket_set_key AS
SELECT source, ticket_id,
       encode(sha256(convert_to(string_agg(signature, ',' ORDER BY signature COLLATE "C"), 'UTF8')), 'hex') AS set_key
FROM ticket_signature GROUP BY source, ticket_id;

INSERT INTO signature_set (set_key, tickets) SELECT set_key, COUNT(*) FROM ticket_set_key GROUP BY set_key;

INSERT INTO signature_set_member (signature, set_key)
SELECT DISTINCT s.signature, k.set_key FROM ticket_signature s
JOIN ticket_set_key k ON k.source = s.source AND k.ticket_id = s.ticket_id;

DROP TABLE ticket_set_key;
