-- signature_set from the history V6 copied: the same key History.record computes in Java.
CREATE TEMPORARY TABLE ticket_set_key AS
SELECT source, ticket_id,
       LOWER(RAWTOHEX(HASH('SHA-256', STRINGTOUTF8(LISTAGG(signature, ',') WITHIN GROUP (ORDER BY signature))))) AS set_key
FROM ticket_signature GROUP BY source, ticket_id;

INSERT INTO signature_set (set_key, tickets) SELECT set_key, COUNT(*) FROM ticket_set_key GROUP BY set_key;

INSERT INTO signature_set_member (signature, set_key)
SELECT DISTINCT s.signature, k.set_key FROM ticket_signature s
JOIN ticket_set_key k ON k.source = s.source AND k.ticket_id = s.ticket_id;

DROP TABLE ticket_set_key;
