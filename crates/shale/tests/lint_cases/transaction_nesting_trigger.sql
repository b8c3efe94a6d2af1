-- lint-test: expect transaction-nesting 5
-- lint-test: expect transaction-nesting 7
-- shale:revision c1
-- shale:upgrade
BEGIN;
CREATE TABLE t (id bigint PRIMARY KEY);
COMMIT;
-- shale:downgrade
DROP TABLE t;
