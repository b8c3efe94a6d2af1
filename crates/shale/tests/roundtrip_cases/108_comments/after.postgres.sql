CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(120) NOT NULL
);
COMMENT ON TABLE users IS 'People who can sign in';
COMMENT ON COLUMN users.email IS 'Lower-cased; it''s unique';
