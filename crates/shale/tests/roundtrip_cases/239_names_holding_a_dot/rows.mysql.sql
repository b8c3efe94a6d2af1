INSERT INTO `a.b` (id, `x.y`, note) VALUES (2, 'two', 'n2'), (3, 'three', 'n3');
INSERT INTO plain (id, ab_id) VALUES (1, 2);
