-- Serial columns changing size: each one's sequence must take the new type (a
-- bigserial's sequence counts past 2^31), and counting goes on after the rows kept.
CREATE TABLE events (
    id serial PRIMARY KEY,
    name text NOT NULL
);
CREATE TABLE tags (
    id bigserial PRIMARY KEY,
    label text NOT NULL
);
CREATE TABLE flags (
    id smallserial PRIMARY KEY,
    code text NOT NULL
);
