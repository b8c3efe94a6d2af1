INSERT INTO readings (id, taken_year, value) VALUES (1, 2023, 10), (2, 2024, 20);
INSERT INTO grid (id, zone) VALUES (1, 1), (2, 3), (3, 4);
INSERT INTO flat (id, at) VALUES (1, 5), (2, 500);
