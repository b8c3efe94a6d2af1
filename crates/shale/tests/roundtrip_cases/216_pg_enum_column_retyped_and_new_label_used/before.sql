CREATE TYPE order_status AS ENUM ('pending', 'processing', 'complete');
CREATE TYPE priority_a AS ENUM ('low', 'high');
CREATE TYPE priority_b AS ENUM ('low', 'high');
CREATE TABLE orders (
    id INTEGER NOT NULL PRIMARY KEY,
    status order_status DEFAULT 'pending',
    priority priority_a DEFAULT 'low'
);
