CREATE TABLE products (
    id BIGINT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    tags JSONB
);
CREATE INDEX products_name ON products (name);
CREATE INDEX products_tags ON products USING gin (tags);
CREATE INDEX products_id_name ON products (id, name) WITH (fillfactor = 70);
