INSERT INTO readings (sensor_id, taken_on, value) VALUES (1, '2025-06-01', 3), (2, '2026-06-01', 4);
