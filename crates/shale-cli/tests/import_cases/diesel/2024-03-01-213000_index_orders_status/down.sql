-- This file should undo anything in `up.sql`
DROP INDEX orders_status_idx;
