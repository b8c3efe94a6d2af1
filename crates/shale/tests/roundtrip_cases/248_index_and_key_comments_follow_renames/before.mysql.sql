-- Two indexes and two unique keys with comments, all renamed: one of each keeps its
-- comment (RENAME INDEX keeps it), the other's changes (MariaDB changes a key's comment
-- only by building the key again: it is dropped and added under its new name).
CREATE TABLE member (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(100) NOT NULL,
    city VARCHAR(40),
    handle VARCHAR(40) NOT NULL,
    phone VARCHAR(20),
    KEY ix_member_email (email) COMMENT 'Lookups by email',
    KEY ix_member_city (city) COMMENT 'Lookups by city',
    CONSTRAINT uq_member_handle UNIQUE (handle) COMMENT 'One handle each',
    CONSTRAINT uq_member_phone UNIQUE (phone) COMMENT 'One phone each'
);
