-- Online plans: the unique constraint is dropped and a unique index of its name (on other
-- columns) built concurrently; the drop must come first in both directions.
CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(120) NOT NULL,
    CONSTRAINT uq_users_email UNIQUE (email)
);
