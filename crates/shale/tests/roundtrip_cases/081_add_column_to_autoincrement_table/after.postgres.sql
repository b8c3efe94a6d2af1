CREATE TABLE logs (
    id SERIAL PRIMARY KEY,
    line VARCHAR(200),
    level VARCHAR(10) DEFAULT 'info'
);
