-- A column moved from one enum type to another (no cast between enums: through text),
-- and a label added to an enum that a default uses at once (the label must be committed
-- first: a revision of its own).
CREATE TYPE order_status AS ENUM ('pending', 'processing', 'complete', 'rejected');
CREATE TYPE priority_a AS ENUM ('low', 'high');
CREATE TYPE priority_b AS ENUM ('low', 'high');
CREATE TABLE orders (
    id INTEGER NOT NULL PRIMARY KEY,
    status order_status DEFAULT 'rejected',
    priority priority_b DEFAULT 'low'
);
