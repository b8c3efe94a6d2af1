-- shale:upgrade
ALTER TABLE users ALTER COLUMN email TYPE varchar(255) USING email::varchar(255);

-- shale:downgrade
-- WARNING: may destroy data: changes the type of users.email from varchar(255) to varchar(80); values may be truncated or fail to convert
ALTER TABLE users ALTER COLUMN email TYPE varchar(80) USING email::varchar(80);
