CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(120) NOT NULL,
    fullname VARCHAR(100),
    mood mood
);
