-- shale:upgrade
-- WARNING: destroys data: drops column users.legacy_code
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN legacy_code, LOCK=NONE;

-- shale:downgrade
ALTER TABLE users ADD COLUMN legacy_code varchar(20) NULL DEFAULT 'none', ALGORITHM=INSTANT;
