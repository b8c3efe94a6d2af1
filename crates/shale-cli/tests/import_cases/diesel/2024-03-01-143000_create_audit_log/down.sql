-- This file should undo anything in `up.sql`
DROP INDEX audit_log_entity_idx;
DROP TABLE audit_log;
