INSERT INTO import_rows (id, payload) VALUES (1, 'x'); INSERT INTO page_views (id, path) VALUES (1, '/');
