CREATE TABLE orders (
    qty INTEGER NOT NULL CHECK (qty >= 0),
    note VARCHAR(40) NULL,
    id INTEGER NOT NULL AUTO_INCREMENT,
    price DECIMAL(10,2) NOT NULL DEFAULT 0 COMMENT 'each',
    total DECIMAL(12,2) AS (qty * price) VIRTUAL,
    PRIMARY KEY (id)
);
CREATE TABLE notes (
    id INTEGER NOT NULL,
    title VARCHAR(80) NULL,
    body TEXT NULL,
    PRIMARY KEY (id),
    FULLTEXT KEY ft_body (body)
);
