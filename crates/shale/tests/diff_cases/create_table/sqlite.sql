-- shale:upgrade
CREATE TABLE users (
    id bigint NOT NULL,
    email varchar(255) NOT NULL,
    display_name varchar(80),
    age integer DEFAULT 0,
    CONSTRAINT pk_users PRIMARY KEY (id),
    CONSTRAINT uq_users_email UNIQUE (email),
    CONSTRAINT ck_users_age CHECK (age >= 0)
);
CREATE INDEX ix_users_display_name ON users (display_name);

-- shale:downgrade
-- WARNING: destroys data: drops table users and all its rows
-- shale:allow drop-table
DROP TABLE users;
