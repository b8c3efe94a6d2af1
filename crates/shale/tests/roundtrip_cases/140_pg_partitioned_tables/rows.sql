INSERT INTO measurements (id, taken_on, value) VALUES (1, '2024-03-01', 10), (2, '2024-07-01', 20);
