CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(120) NOT NULL,
    -- shale:renamed-from fullname
    full_name VARCHAR(100)
);
