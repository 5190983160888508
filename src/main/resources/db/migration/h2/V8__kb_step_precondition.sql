-- A step applies only when the finding binds what it needs (kb "when:"), one condition a line.
ALTER TABLE kb_step ADD COLUMN precondition VARCHAR(2000);
