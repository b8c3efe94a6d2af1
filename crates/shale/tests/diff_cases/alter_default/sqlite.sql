-- needs foreign_keys off
-- shale:upgrade
-- SQLite cannot make these changes in place; rebuilding table settings: alter column settings.theme; alter column settings.lang; alter column settings.tz
CREATE TABLE _shale_new_settings (
    id integer NOT NULL,
    theme varchar(20) DEFAULT 'light',
    lang varchar(10) DEFAULT 'fr',
    tz varchar(40),
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_settings (id, theme, lang, tz) SELECT id, theme, lang, tz FROM settings;
DROP TABLE settings;
ALTER TABLE _shale_new_settings RENAME TO settings;

-- shale:downgrade
-- SQLite cannot make these changes in place; rebuilding table settings: alter column settings.tz; alter column settings.lang; alter column settings.theme
CREATE TABLE _shale_new_settings (
    id integer NOT NULL,
    theme varchar(20),
    lang varchar(10) DEFAULT 'en',
    tz varchar(40) DEFAULT 'UTC',
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_settings (id, theme, lang, tz) SELECT id, theme, lang, tz FROM settings;
DROP TABLE settings;
ALTER TABLE _shale_new_settings RENAME TO settings;
