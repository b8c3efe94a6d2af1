INSERT INTO friends (user_id, friend_id, created_at) VALUES (1, 2, '2024-01-01 00:00:00');
