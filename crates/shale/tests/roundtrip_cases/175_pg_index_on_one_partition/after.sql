CREATE TABLE readings (
    sensor_id INTEGER NOT NULL,
    taken_on DATE NOT NULL,
    value INTEGER
) PARTITION BY RANGE (taken_on);
CREATE TABLE readings_2025 PARTITION OF readings FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE readings_2026 PARTITION OF readings FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX readings_sensor_idx ON readings (sensor_id);
CREATE INDEX readings_2026_taken_idx ON readings_2026 (taken_on DESC) WHERE value IS NOT NULL;
CREATE MATERIALIZED VIEW sensor_totals AS SELECT sensor_id, sum(value) AS total FROM readings GROUP BY sensor_id;
CREATE UNIQUE INDEX sensor_totals_idx ON sensor_totals (sensor_id);
CREATE INDEX sensor_totals_total_idx ON sensor_totals (total);
