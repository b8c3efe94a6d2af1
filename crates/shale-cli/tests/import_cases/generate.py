#!/usr/bin/env python3
"""Lays out one shop history (22 migrations) in each tool's own file format.

The SQL runs on SQLite, PostgreSQL and MariaDB alike, so that every case can be applied
to all three. Each tool's folder uses that tool's conventions: its version scheme, its
way of marking a migration that runs outside a transaction, and its down migrations (or
their absence). Run it from this folder; it rewrites sqlx/, diesel/, refinery/, flyway/,
golang-migrate/ and dbmate/.
"""
import os
import shutil

# (name, up, down, flags) — flags: "notx" runs outside a transaction, "irreversible" has
# no down migration, "txblock" wraps its statements in BEGIN/COMMIT (golang-migrate habit).
HISTORY = [
    ("create_users", """CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email VARCHAR(255) NOT NULL,
    name VARCHAR(100),
    created_at TIMESTAMP NULL
);
""", "DROP TABLE users;\n", ""),
    ("users_email_unique", "CREATE UNIQUE INDEX users_email_key ON users (email);\n",
     "DROP INDEX users_email_key;\n", ""),
    ("create_products", """CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    sku VARCHAR(64) NOT NULL,
    title VARCHAR(200) NOT NULL,
    price_cents INTEGER NOT NULL DEFAULT 0
);
""", "DROP TABLE products;\n", ""),
    ("create_orders", """-- One row per checkout.
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    status VARCHAR(20) NOT NULL DEFAULT 'new',
    placed_at TIMESTAMP NULL,
    FOREIGN KEY (user_id) REFERENCES users (id)
);
""", "DROP TABLE orders;\n", ""),
    ("create_order_items", """CREATE TABLE order_items (
    order_id INTEGER NOT NULL,
    product_id INTEGER NOT NULL,
    quantity INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (order_id, product_id),
    FOREIGN KEY (order_id) REFERENCES orders (id),
    FOREIGN KEY (product_id) REFERENCES products (id)
);
""", "DROP TABLE order_items;\n", ""),
    ("index_orders_user_id", "CREATE INDEX orders_user_id_idx ON orders (user_id);\n",
     "DROP INDEX orders_user_id_idx;\n", ""),
    ("add_users_display_name", "ALTER TABLE users ADD COLUMN display_name VARCHAR(100);\n",
     "ALTER TABLE users DROP COLUMN display_name;\n", ""),
    ("backfill_display_name", """-- Data migration: every user gets a display name.
UPDATE users SET display_name = name WHERE display_name IS NULL;
UPDATE users SET display_name = email WHERE display_name IS NULL;
""", "UPDATE users SET display_name = NULL;\n", ""),
    ("seed_products", """INSERT INTO products (id, sku, title, price_cents) VALUES
    (1, 'BOOK-1', 'A book; paperback', 1500),
    (2, 'MUG-1', 'A mug', 900),
    (3, 'PEN-1', 'A pen -- blue', 250);
""", "DELETE FROM products WHERE id IN (1, 2, 3);\n", ""),
    ("create_addresses", """CREATE TABLE addresses (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    line1 VARCHAR(200) NOT NULL,
    city VARCHAR(100) NOT NULL,
    FOREIGN KEY (user_id) REFERENCES users (id)
);
""", "DROP TABLE addresses;\n", ""),
    ("add_orders_total", "ALTER TABLE orders ADD COLUMN total_cents INTEGER NOT NULL DEFAULT 0;\n",
     "ALTER TABLE orders DROP COLUMN total_cents;\n", ""),
    ("backfill_order_totals", """UPDATE orders SET total_cents = (
    SELECT COALESCE(SUM(oi.quantity * p.price_cents), 0)
    FROM order_items oi JOIN products p ON p.id = oi.product_id
    WHERE oi.order_id = orders.id
);
""", "UPDATE orders SET total_cents = 0;\n", "txblock"),
    ("index_products_sku", "CREATE INDEX products_sku_idx ON products (sku);\n",
     "DROP INDEX products_sku_idx;\n", "notx"),
    ("drop_users_name", "ALTER TABLE users DROP COLUMN name;\n", None, "irreversible"),
    ("create_audit_log", """CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    entity VARCHAR(50) NOT NULL,
    entity_id INTEGER NOT NULL,
    action VARCHAR(20) NOT NULL,
    happened_at TIMESTAMP NULL
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
""", "DROP INDEX audit_log_entity_idx;\nDROP TABLE audit_log;\n", ""),
    ("create_categories", """CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    name VARCHAR(100) NOT NULL
);
""", "DROP TABLE categories;\n", ""),
    ("add_products_category", "ALTER TABLE products ADD COLUMN category_id INTEGER;\n",
     "ALTER TABLE products DROP COLUMN category_id;\n", ""),
    ("seed_categories", """INSERT INTO categories (id, name) VALUES (1, 'General'), (2, 'Stationery');
UPDATE products SET category_id = 1;
UPDATE products SET category_id = 2 WHERE sku = 'PEN-1';
""", "UPDATE products SET category_id = NULL;\nDELETE FROM categories;\n", ""),
    ("create_tags", """CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    label VARCHAR(50) NOT NULL
);
CREATE TABLE product_tags (
    product_id INTEGER NOT NULL,
    tag_id INTEGER NOT NULL,
    PRIMARY KEY (product_id, tag_id)
);
""", "DROP TABLE product_tags;\nDROP TABLE tags;\n", ""),
    ("add_orders_note", "ALTER TABLE orders ADD COLUMN note TEXT;\n",
     "ALTER TABLE orders DROP COLUMN note;\n", ""),
    ("drop_addresses", "DROP TABLE addresses;\n", """CREATE TABLE addresses (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    line1 VARCHAR(200) NOT NULL,
    city VARCHAR(100) NOT NULL,
    FOREIGN KEY (user_id) REFERENCES users (id)
);
""", ""),
    ("index_orders_status", "CREATE INDEX orders_status_idx ON orders (status, placed_at);\n",
     "DROP INDEX orders_status_idx;\n", ""),
]

VIEW = """DROP VIEW IF EXISTS order_totals;
CREATE VIEW order_totals AS
    SELECT user_id, COUNT(*) AS orders, SUM(total_cents) AS total_cents
    FROM orders
    GROUP BY user_id;
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="\n") as f:
        f.write(text)


def stamp(i):
    """A timestamp version: 2024-03-01 plus i hours."""
    return f"202403{1 + i // 24:02d}{i % 24:02d}3000"


def sqlx(root):
    for i, (name, up, down, flags) in enumerate(HISTORY):
        v = stamp(i)
        head = "-- no-transaction\n" if "notx" in flags else ""
        if down is None or name.startswith("seed_products"):
            # sqlx's simple (up-only) migrations.
            write(f"{root}/{v}_{name}.sql", head + up)
        else:
            write(f"{root}/{v}_{name}.up.sql", head + "-- Add up migration script here\n" + up)
            write(f"{root}/{v}_{name}.down.sql", "-- Add down migration script here\n" + down)


def diesel(root):
    for i, (name, up, down, flags) in enumerate(HISTORY):
        v = stamp(i)
        folder = f"{root}/{v[:4]}-{v[4:6]}-{v[6:8]}-{v[8:]}_{name}"
        write(f"{folder}/up.sql", "-- Your SQL goes here\n" + up)
        write(f"{folder}/down.sql", "-- This file should undo anything in `up.sql`\n" + (down or ""))
        if "notx" in flags:
            write(f"{folder}/metadata.toml", "run_in_transaction = false\n")


def refinery(root):
    for i, (name, up, down, flags) in enumerate(HISTORY):
        sub = "" if i < 12 else "later/"
        head = "-- refinery:noTransaction\n" if "notx" in flags else ""
        write(f"{root}/{sub}V{i + 1}__{name}.sql", head + up)


def flyway_version(i):
    # 1, 1.1, 2, 3, …: a minor version to check numeric ordering (1.1 < 2 < 10).
    return "1.1" if i == 1 else str(i if i > 1 else 1)


def flyway(root):
    for i, (name, up, down, flags) in enumerate(HISTORY):
        v = flyway_version(i).replace(".", "_")
        write(f"{root}/V{v}__{name}.sql", up)
        if down is not None and i % 3 == 0:
            write(f"{root}/U{v}__{name}.sql", down)
        if "notx" in flags:
            write(f"{root}/V{v}__{name}.sql.conf", "executeInTransaction=false\n")
    write(f"{root}/R__order_totals_view.sql", VIEW)


def golang_migrate(root):
    for i, (name, up, down, flags) in enumerate(HISTORY):
        v = f"{i + 1:06d}"
        body = f"BEGIN;\n{up}COMMIT;\n" if "txblock" in flags else up
        write(f"{root}/{v}_{name}.up.sql", body)
        write(f"{root}/{v}_{name}.down.sql", down or "")


def dbmate(root):
    for i, (name, up, down, flags) in enumerate(HISTORY):
        opt = " transaction:false" if "notx" in flags else ""
        write(f"{root}/{stamp(i)}_{name}.sql",
              f"-- migrate:up{opt}\n{up}\n-- migrate:down\n{down or ''}\n")


for tool, lay_out in [("sqlx", sqlx), ("diesel", diesel), ("refinery", refinery),
                      ("flyway", flyway), ("golang-migrate", golang_migrate),
                      ("dbmate", dbmate)]:
    shutil.rmtree(tool, ignore_errors=True)
    lay_out(tool)
