CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    -- shale:renamed-from fullname
    full_name VARCHAR(100)
);
