CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(120) NOT NULL,
    fullname VARCHAR(100)
);
CREATE TABLE memberships (
    user_id INTEGER NOT NULL,
    group_name VARCHAR(40) NOT NULL,
    role VARCHAR(20),
    PRIMARY KEY (user_id, group_name)
);
