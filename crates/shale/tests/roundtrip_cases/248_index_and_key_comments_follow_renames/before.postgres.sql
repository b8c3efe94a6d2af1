-- Two indexes and two unique keys with comments, all renamed: one of each keeps its
-- comment, the other's changes. The database keeps a comment across the rename
-- (PostgreSQL's ALTER INDEX … RENAME TO and RENAME CONSTRAINT, MariaDB's RENAME INDEX):
-- autogenerate writes no comment statement for a kept one (diff case
-- part_comments_follow_renames shows the statements).
CREATE TABLE member (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(100) NOT NULL,
    city VARCHAR(40),
    handle VARCHAR(40) NOT NULL,
    phone VARCHAR(20),
    CONSTRAINT uq_member_handle UNIQUE (handle),
    CONSTRAINT uq_member_phone UNIQUE (phone)
);
CREATE INDEX ix_member_email ON member (email);
CREATE INDEX ix_member_city ON member (city);
COMMENT ON INDEX ix_member_email IS 'Lookups by email';
COMMENT ON INDEX ix_member_city IS 'Lookups by city';
COMMENT ON CONSTRAINT uq_member_handle ON member IS 'One handle each';
COMMENT ON CONSTRAINT uq_member_phone ON member IS 'One phone each';
