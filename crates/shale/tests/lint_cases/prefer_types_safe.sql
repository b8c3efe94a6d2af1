-- shale:revision c1
-- shale:upgrade
CREATE TABLE t (id bigint PRIMARY KEY, name text, at timestamptz);
-- shale:downgrade
DROP TABLE t;
