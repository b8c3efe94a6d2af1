INSERT INTO users (id, full_name) VALUES (1, 'Ada');
