-- lint-test: expect prefer-bigint 9
-- lint-test: expect prefer-identity 9
-- lint-test: expect char-field 9
-- lint-test: expect prefer-text-field 9
-- lint-test: expect prefer-timestamptz 9
-- shale:revision c1
-- shale:upgrade
-- PostgreSQL column types that hurt later (info: they fail nothing)
CREATE TABLE t (id integer PRIMARY KEY, n serial, code char(2), name varchar(80), at timestamp);
-- shale:downgrade
DROP TABLE t;
