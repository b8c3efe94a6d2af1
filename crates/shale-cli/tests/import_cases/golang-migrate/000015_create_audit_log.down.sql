DROP INDEX audit_log_entity_idx;
DROP TABLE audit_log;
