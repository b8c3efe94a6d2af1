-- suspected rename: users.fullname is dropped and users.display_name added with the same type: if this is a rename, declare it (--rename users.fullname=display_name, #[shale(renamed_from = "fullname")] or -- shale:renamed-from fullname), otherwise the data in users.fullname is lost
-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE users ADD COLUMN display_name varchar(80) NULL, ALGORITHM=INSTANT;
-- WARNING: destroys data: drops column users.fullname
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN fullname, LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE users ADD COLUMN fullname varchar(80) NULL, ALGORITHM=INSTANT;
-- WARNING: destroys data: drops column users.display_name
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN display_name, LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;
