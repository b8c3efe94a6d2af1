-- lint-test: dialect sqlite
-- lint-test: expect unknown-rule 6
-- lint-test: expect drop-table 7
-- shale:revision c1
-- shale:upgrade
-- shale:allow drop-tabel
DROP TABLE sessions;
-- shale:downgrade
CREATE TABLE sessions (id integer);
