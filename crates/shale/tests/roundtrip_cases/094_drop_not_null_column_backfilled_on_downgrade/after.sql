CREATE TABLE events (
    id INTEGER NOT NULL,
    at_day INTEGER NOT NULL,
    PRIMARY KEY (id)
);
