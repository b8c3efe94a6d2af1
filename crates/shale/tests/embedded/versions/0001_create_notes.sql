-- shale:revision a1b2c3d4e5f6
-- shale:message  create notes
-- shale:created  2026-11-26T21:00:00Z

-- shale:upgrade
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    body VARCHAR(200) NOT NULL
);

-- shale:downgrade
DROP TABLE notes;
