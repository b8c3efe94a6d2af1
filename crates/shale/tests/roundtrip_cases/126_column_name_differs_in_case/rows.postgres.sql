INSERT INTO users (id, "Email", "nickName") VALUES (1, 'a@b', 'a');
