-- Renames declared under a model file's SET search_path: the table and its column are
-- billing's, as psql creates them, and are renamed there, not dropped and added.
CREATE SCHEMA billing;
CREATE TABLE notes (id bigint PRIMARY KEY);
SET search_path TO billing;
-- shale:renamed-from clients
CREATE TABLE customers (
    id bigint PRIMARY KEY,
    -- shale:renamed-from fullname
    full_name text
);
