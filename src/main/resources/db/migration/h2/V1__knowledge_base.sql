-- Knowledge base: one row per article, its ordered steps and references.
CREATE TABLE kb_article (
    id        VARCHAR(100) PRIMARY KEY,
    cause     VARCHAR(100),
    platform  VARCHAR(20)  NOT NULL,
    title     VARCHAR(500) NOT NULL,
    symptom   CLOB         NOT NULL,
    reason    CLOB         NOT NULL,
    solution  CLOB         NOT NULL
);
CREATE INDEX kb_article_cause ON kb_article (cause);

CREATE TABLE kb_step (
    article_id   VARCHAR(100) NOT NULL REFERENCES kb_article (id) ON DELETE CASCADE,
    ord          INT          NOT NULL,
    title        VARCHAR(500) NOT NULL,
    command      CLOB,
    expected     CLOB,
    verification CLOB         NOT NULL,
    rollback     CLOB,
    safety       CLOB,
    PRIMARY KEY (article_id, ord)
);

CREATE TABLE kb_reference (
    article_id VARCHAR(100) NOT NULL REFERENCES kb_article (id) ON DELETE CASCADE,
    ord        INT          NOT NULL,
    title      VARCHAR(500) NOT NULL,
    ref        VARCHAR(1000) NOT NULL,
    PRIMARY KEY (article_id, ord)
);

-- What was loaded, so an unchanged knowledge base is not reloaded on every run.
CREATE TABLE kb_meta (
    meta_key   VARCHAR(100) PRIMARY KEY,
    meta_value VARCHAR(200) NOT NULL
);
