-- Index operator classes and storage parameters: a changed operator class, a changed
-- and a new storage parameter, an operator class on an expression and one outside
-- pg_catalog's defaults for gin.
CREATE TABLE products (
    id BIGINT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    tags JSONB
);
CREATE INDEX products_name ON products (name text_pattern_ops DESC) WITH (fillfactor = 90);
CREATE INDEX products_tags ON products USING gin (tags jsonb_path_ops);
CREATE INDEX products_id_name ON products (id, name) WITH (fillfactor = 80, deduplicate_items = off);
CREATE INDEX products_lower_name ON products (lower(name) text_pattern_ops);
