CREATE TABLE member (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(100) NOT NULL,
    city VARCHAR(40),
    handle VARCHAR(40) NOT NULL,
    phone VARCHAR(20),
    CONSTRAINT uq_member_nick UNIQUE (handle),
    CONSTRAINT uq_member_number UNIQUE (phone)
);
CREATE INDEX ix_member_address ON member (email);
CREATE INDEX ix_member_town ON member (city);
COMMENT ON INDEX ix_member_address IS 'Lookups by email';
COMMENT ON INDEX ix_member_town IS 'Who lives where';
COMMENT ON CONSTRAINT uq_member_nick ON member IS 'One handle each';
COMMENT ON CONSTRAINT uq_member_number ON member IS 'A phone is someone''s';
