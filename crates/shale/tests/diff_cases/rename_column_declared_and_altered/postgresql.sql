-- shale:upgrade
ALTER TABLE users RENAME COLUMN fullname TO display_name;
ALTER TABLE users ALTER COLUMN display_name TYPE varchar(120) USING display_name::varchar(120);

-- shale:downgrade
-- WARNING: may destroy data: changes the type of users.display_name from varchar(120) to varchar(80); values may be truncated or fail to convert
ALTER TABLE users ALTER COLUMN display_name TYPE varchar(80) USING display_name::varchar(80);
ALTER TABLE users RENAME COLUMN display_name TO fullname;
