INSERT INTO scores (id, player, points) VALUES (1, 'a', 3), (2, 'b', 3);
