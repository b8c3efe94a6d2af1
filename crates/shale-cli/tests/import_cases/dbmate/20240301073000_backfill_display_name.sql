-- migrate:up
-- Data migration: every user gets a display name.
UPDATE users SET display_name = name WHERE display_name IS NULL;
UPDATE users SET display_name = email WHERE display_name IS NULL;

-- migrate:down
UPDATE users SET display_name = NULL;

