-- Your SQL goes here
-- Data migration: every user gets a display name.
UPDATE users SET display_name = name WHERE display_name IS NULL;
UPDATE users SET display_name = email WHERE display_name IS NULL;
