-- An index of one partition alone (not the partitioned table's) created and dropped,
-- beside an index of the whole partitioned table, which each partition takes by itself;
-- materialized views' indexes: one added to a view that stays (built concurrently
-- online), one dropped with its view.
CREATE TABLE readings (
    sensor_id INTEGER NOT NULL,
    taken_on DATE NOT NULL,
    value INTEGER
) PARTITION BY RANGE (taken_on);
CREATE TABLE readings_2025 PARTITION OF readings FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE readings_2026 PARTITION OF readings FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX readings_sensor_idx ON readings (sensor_id);
CREATE INDEX readings_2025_value_idx ON readings_2025 (value);
CREATE MATERIALIZED VIEW sensor_totals AS SELECT sensor_id, sum(value) AS total FROM readings GROUP BY sensor_id;
CREATE UNIQUE INDEX sensor_totals_idx ON sensor_totals (sensor_id);
CREATE MATERIALIZED VIEW reading_count AS SELECT count(*) AS n FROM readings;
CREATE INDEX reading_count_n_idx ON reading_count (n);
