INSERT INTO users (id, name, nickname, created_at) VALUES (1, 'Ann', 'an', '2024-01-02 03:04:05');
