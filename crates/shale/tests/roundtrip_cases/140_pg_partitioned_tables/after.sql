CREATE TABLE measurements (
    id BIGINT NOT NULL,
    taken_on DATE NOT NULL,
    value INTEGER NOT NULL,
    note TEXT,
    PRIMARY KEY (id, taken_on),
    CONSTRAINT measurements_value_key UNIQUE (value, id, taken_on)
) PARTITION BY RANGE (taken_on);
CREATE INDEX measurements_value ON measurements (value);
CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')
    PARTITION BY HASH (id);
CREATE TABLE measurements_2025_0 PARTITION OF measurements_2025 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE measurements_2025_1 PARTITION OF measurements_2025 FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE regions (code TEXT NOT NULL, name TEXT NOT NULL) PARTITION BY HASH (code);
CREATE TABLE regions_0 PARTITION OF regions FOR VALUES WITH (MODULUS 1, REMAINDER 0);
