CREATE TABLE events (
    id bigserial PRIMARY KEY,
    name text NOT NULL
);
CREATE TABLE tags (
    id serial PRIMARY KEY,
    label text NOT NULL
);
CREATE TABLE flags (
    id serial PRIMARY KEY,
    code text NOT NULL
);
