-- lint-test: dialect sqlite
-- lint-test: db-tables users
-- lint-test: expect drop-table 6
-- shale:revision c1
-- shale:upgrade
DROP TABLE users;
DROP TABLE staging_import;
-- shale:downgrade
-- shale:irreversible
