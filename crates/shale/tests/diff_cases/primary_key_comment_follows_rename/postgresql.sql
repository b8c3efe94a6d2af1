-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
ALTER TABLE teams RENAME CONSTRAINT teams_pkey TO pk_teams;
ALTER TABLE users RENAME CONSTRAINT users_pkey TO pk_users;
COMMENT ON CONSTRAINT pk_teams ON teams IS 'The team number';

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
COMMENT ON CONSTRAINT pk_teams ON teams IS 'One row per team';
ALTER TABLE users RENAME CONSTRAINT pk_users TO users_pkey;
ALTER TABLE teams RENAME CONSTRAINT pk_teams TO teams_pkey;
