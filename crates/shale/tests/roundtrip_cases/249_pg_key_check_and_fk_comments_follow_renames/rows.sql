INSERT INTO team (id) VALUES (1);
INSERT INTO member (id, team_id, age, login, handle) VALUES (1, 1, 30, 'a', 'ha'), (2, 1, 0, 'b', 'hb');
