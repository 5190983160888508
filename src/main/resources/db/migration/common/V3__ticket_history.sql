-- Help-desk history: one row per ticket (re-enriching updates it), its findings by signature,
-- and how it was resolved. Plain SQL so that H2 and PostgreSQL share the migrations.
CREATE TABLE ticket (
    source         VARCHAR(20)   NOT NULL,
    ticket_id      VARCHAR(200)  NOT NULL,
    title          VARCHAR(1000),
    first_enriched TIMESTAMP     NOT NULL,
    last_enriched  TIMESTAMP     NOT NULL,
    enrichments    INT           NOT NULL,
    PRIMARY KEY (source, ticket_id)
);

CREATE TABLE ticket_finding (
    source     VARCHAR(20)  NOT NULL,
    ticket_id  VARCHAR(200) NOT NULL,
    ord        INT          NOT NULL,
    signature  VARCHAR(100) NOT NULL,
    cause      VARCHAR(100) NOT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    culprit    VARCHAR(500),
    PRIMARY KEY (source, ticket_id, ord),
    FOREIGN KEY (source, ticket_id) REFERENCES ticket (source, ticket_id) ON DELETE CASCADE
);
CREATE INDEX ticket_finding_signature ON ticket_finding (signature);

CREATE TABLE ticket_resolution (
    source      VARCHAR(20)  NOT NULL,
    ticket_id   VARCHAR(200) NOT NULL,
    kb_id       VARCHAR(100),
    note        VARCHAR(4000),
    resolved_at TIMESTAMP    NOT NULL,
    PRIMARY KEY (source, ticket_id)
);
