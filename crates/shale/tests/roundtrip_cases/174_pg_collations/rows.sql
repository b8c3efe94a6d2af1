INSERT INTO labels (id, code, title) VALUES (1, 'a-1', 'Straße');
