-- lint-test: expect unparsed 7
-- shale:revision c1
-- shale:upgrade
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN bio text;
-- shale:downgrade
DO $$ BEGIN ALTER TABLE users DROP COLUMN bio; END $$;
