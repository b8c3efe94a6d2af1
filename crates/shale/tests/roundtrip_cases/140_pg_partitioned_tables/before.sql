CREATE TABLE measurements (
    id BIGINT NOT NULL,
    taken_on DATE NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (id, taken_on)
) PARTITION BY RANGE (taken_on);
CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE regions (code TEXT NOT NULL, name TEXT NOT NULL) PARTITION BY LIST (code);
CREATE TABLE regions_eu PARTITION OF regions FOR VALUES IN ('de', 'fr');
CREATE TABLE regions_rest PARTITION OF regions DEFAULT;
