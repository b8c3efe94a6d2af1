INSERT INTO shops (id, location, prices) VALUES (1, ROW('Main St', 'Oslo', 1234), '[1,10)');
