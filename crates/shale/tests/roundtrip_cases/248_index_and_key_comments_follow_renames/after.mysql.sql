CREATE TABLE member (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(100) NOT NULL,
    city VARCHAR(40),
    handle VARCHAR(40) NOT NULL,
    phone VARCHAR(20),
    KEY ix_member_address (email) COMMENT 'Lookups by email',
    KEY ix_member_town (city) COMMENT 'Who lives where',
    CONSTRAINT uq_member_nick UNIQUE (handle) COMMENT 'One handle each',
    CONSTRAINT uq_member_number UNIQUE (phone) COMMENT 'A phone is someone''s'
);
