CREATE COLLATION posix_text FROM "POSIX";
CREATE COLLATION numeric_order (provider = icu, locale = 'en-u-kn-true');
CREATE COLLATION case_blind (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE DOMAIN handle AS TEXT COLLATE case_blind;
CREATE TABLE labels (
    id INTEGER NOT NULL PRIMARY KEY,
    code TEXT COLLATE posix_text,
    version TEXT COLLATE numeric_order,
    owner handle
);
