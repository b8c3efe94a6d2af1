CREATE TABLE orders (
    id INTEGER NOT NULL AUTO_INCREMENT,
    qty INTEGER NOT NULL CHECK (qty >= 0),
    price DECIMAL(10,2) NOT NULL DEFAULT 0 COMMENT 'each',
    note VARCHAR(40) NULL,
    total DECIMAL(12,2) AS (qty * price) VIRTUAL,
    PRIMARY KEY (id)
);
CREATE TABLE notes (
    id INTEGER NOT NULL,
    body TEXT NULL,
    title VARCHAR(80) NULL,
    PRIMARY KEY (id),
    FULLTEXT KEY ft_body (body)
);
