INSERT INTO member (id, email, city, handle, phone) VALUES (1, 'a@x', 'Oslo', 'a', '1'), (2, 'b@x', NULL, 'b', NULL);
