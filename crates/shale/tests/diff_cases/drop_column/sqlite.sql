-- shale:upgrade
-- WARNING: destroys data: drops column users.legacy_code
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN legacy_code;

-- shale:downgrade
ALTER TABLE users ADD COLUMN legacy_code varchar(20) DEFAULT 'none';
