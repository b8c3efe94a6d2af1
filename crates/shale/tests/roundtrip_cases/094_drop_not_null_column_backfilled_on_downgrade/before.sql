CREATE TABLE events (
    id INTEGER NOT NULL,
    kind VARCHAR(30) NOT NULL,
    at_day INTEGER NOT NULL,
    PRIMARY KEY (id)
);
