-- Your SQL goes here
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    entity VARCHAR(50) NOT NULL,
    entity_id INTEGER NOT NULL,
    action VARCHAR(20) NOT NULL,
    happened_at TIMESTAMP NULL
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
