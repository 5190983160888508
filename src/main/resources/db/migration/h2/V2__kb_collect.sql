-- What to collect when a cause cannot be confirmed: shown by why-not and by the shell's questions.
CREATE TABLE kb_collect (
    article_id VARCHAR(100) NOT NULL REFERENCES kb_article (id) ON DELETE CASCADE,
    ord        INT          NOT NULL,
    what       VARCHAR(500) NOT NULL,
    command    CLOB         NOT NULL,
    PRIMARY KEY (article_id, ord)
);
