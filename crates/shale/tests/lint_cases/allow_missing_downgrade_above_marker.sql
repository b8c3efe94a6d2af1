-- lint-test: dialect sqlite
-- shale:revision c1
-- shale:upgrade
INSERT INTO settings (name, value) VALUES ('theme', 'dark');
-- shale:allow missing-downgrade
-- shale:downgrade
