CREATE TABLE orders (
    id SERIAL PRIMARY KEY,
    note TEXT,
    line BIGSERIAL
);
CREATE TABLE events (
    id BIGSERIAL PRIMARY KEY,
    small SMALLSERIAL,
    at_ms BIGINT NOT NULL
);
