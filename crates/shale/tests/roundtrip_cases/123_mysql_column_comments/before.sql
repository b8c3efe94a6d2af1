CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY COMMENT 'the key',
    email VARCHAR(80) NOT NULL COMMENT 'where we write',
    name VARCHAR(40) NULL COMMENT 'shown ''as is''',
    bio TEXT NULL
) COMMENT = 'people';
