CREATE TABLE tags (
    code VARCHAR(20) PRIMARY KEY,
    label VARCHAR(80),
    CONSTRAINT tags_label_set CHECK (label <> '')
);
