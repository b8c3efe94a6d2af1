INSERT INTO voltages (id, volt) VALUES (1, 5);
