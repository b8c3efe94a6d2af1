-- shale:upgrade
CREATE TABLE "user" (
    id integer NOT NULL,
    "order" integer,
    "FirstName" varchar(40),
    PRIMARY KEY (id)
);
CREATE INDEX ix_user_order ON "user" ("order");

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
-- WARNING: destroys data: drops table user and all its rows
-- shale:allow drop-table
DROP TABLE "user";
