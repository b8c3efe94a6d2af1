-- suspected rename: users.fullname is dropped and users.display_name added with the same type: if this is a rename, declare it (--rename users.fullname=display_name, #[shale(renamed_from = "fullname")] or -- shale:renamed-from fullname), otherwise the data in users.fullname is lost
-- shale:upgrade
ALTER TABLE users ADD COLUMN display_name varchar(80);
-- WARNING: destroys data: drops column users.fullname
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN fullname;

-- shale:downgrade
ALTER TABLE users ADD COLUMN fullname varchar(80);
-- WARNING: destroys data: drops column users.display_name
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN display_name;
