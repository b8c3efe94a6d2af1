CREATE TABLE items (
    id INTEGER NOT NULL PRIMARY KEY,
    title VARCHAR(120) NOT NULL CONSTRAINT title_not_empty CHECK (length(title) > 0),
    updated_at TEXT
);
CREATE TRIGGER items_touch AFTER UPDATE OF title ON items FOR EACH ROW
BEGIN
    UPDATE items SET updated_at = datetime('now') WHERE id = NEW.id;
END;
