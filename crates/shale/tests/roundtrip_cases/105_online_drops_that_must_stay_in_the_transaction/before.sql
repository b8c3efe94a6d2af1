-- Online plans: an index, a unique constraint and a foreign key dropped together with
-- the columns they cover (and the referenced column) must stay in the transaction, before
-- the columns go; the index and check added alongside move out of it.
CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(120) NOT NULL,
    code VARCHAR(20),
    CONSTRAINT uq_users_code UNIQUE (code)
);
CREATE TABLE items (
    id INTEGER NOT NULL PRIMARY KEY,
    user_code VARCHAR(20),
    qty INTEGER NOT NULL,
    price INTEGER NOT NULL,
    CONSTRAINT fk_items_user_code FOREIGN KEY (user_code) REFERENCES users (code)
);
CREATE INDEX ix_items_qty ON items (qty);
