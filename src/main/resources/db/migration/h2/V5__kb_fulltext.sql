-- H2's built-in full-text index over the knowledge base: kb search finds candidates with it.
CREATE ALIAS IF NOT EXISTS FT_INIT FOR 'org.h2.fulltext.FullText.init';
CALL FT_INIT();
CALL FT_CREATE_INDEX('PUBLIC', 'KB_ARTICLE', 'TITLE,CAUSE,SYMPTOM,REASON,SOLUTION');
CALL FT_CREATE_INDEX('PUBLIC', 'KB_STEP', 'TITLE,COMMAND,EXPECTED,VERIFICATION');
