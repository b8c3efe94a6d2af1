-- shale:upgrade
ALTER TABLE settings MODIFY COLUMN theme varchar(20) NULL DEFAULT 'light';
ALTER TABLE settings MODIFY COLUMN lang varchar(10) NULL DEFAULT 'fr';
ALTER TABLE settings MODIFY COLUMN tz varchar(40) NULL;

-- shale:downgrade
ALTER TABLE settings MODIFY COLUMN tz varchar(40) NULL DEFAULT 'UTC';
ALTER TABLE settings MODIFY COLUMN lang varchar(10) NULL DEFAULT 'en';
ALTER TABLE settings MODIFY COLUMN theme varchar(20) NULL;
