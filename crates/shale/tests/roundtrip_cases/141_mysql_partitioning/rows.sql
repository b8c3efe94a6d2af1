INSERT INTO readings (id, taken_year, value) VALUES (1, 2023, 10), (2, 2024, 20);
INSERT INTO regions (code, name) VALUES ('de', 'Germany'), ('us', 'United States');
INSERT INTO buckets (id) VALUES (1), (2), (3);
