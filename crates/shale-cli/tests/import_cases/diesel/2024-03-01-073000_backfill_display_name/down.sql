-- This file should undo anything in `up.sql`
UPDATE users SET display_name = NULL;
