CREATE TABLE regions (
    country VARCHAR(2) NOT NULL,
    code VARCHAR(10) NOT NULL,
    name VARCHAR(50),
    PRIMARY KEY (country, code)
);
CREATE TABLE offices (
    id INTEGER NOT NULL PRIMARY KEY,
    country VARCHAR(2),
    region_code VARCHAR(10)
);
