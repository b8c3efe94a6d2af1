-- This file should undo anything in `up.sql`
DROP INDEX orders_user_id_idx;
