-- shale:upgrade
-- WARNING: destroys data: drops table order_items and all its rows
-- shale:allow drop-table
DROP TABLE order_items;
-- WARNING: destroys data: drops table orders and all its rows
-- shale:allow drop-table
DROP TABLE orders;
-- WARNING: destroys data: drops table users and all its rows
-- shale:allow drop-table
DROP TABLE users;

-- shale:downgrade
CREATE TABLE users (
    id integer NOT NULL,
    PRIMARY KEY (id)
);
CREATE TABLE orders (
    id integer NOT NULL,
    user_id integer NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_orders_user_id_users FOREIGN KEY (user_id) REFERENCES users (id)
);
CREATE TABLE order_items (
    id integer NOT NULL,
    order_id integer NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_order_items_order_id_orders FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
);
