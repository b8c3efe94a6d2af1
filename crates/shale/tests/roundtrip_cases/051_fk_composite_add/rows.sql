INSERT INTO regions (country, code, name) VALUES ('fr', 'idf', 'Ile-de-France'), ('de', 'by', 'Bayern');
INSERT INTO offices (id, country, region_code) VALUES (1, 'fr', 'idf'), (2, 'de', 'by'), (3, NULL, NULL);
