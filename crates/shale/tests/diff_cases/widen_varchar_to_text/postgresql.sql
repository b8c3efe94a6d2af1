-- shale:upgrade
ALTER TABLE notes ALTER COLUMN title TYPE varchar(255) USING title::varchar(255);
ALTER TABLE notes ALTER COLUMN body TYPE text USING body::text;
ALTER TABLE notes ALTER COLUMN views TYPE bigint USING views::bigint;

-- shale:downgrade
-- WARNING: may destroy data: changes the type of notes.views from bigint to integer; values may be truncated or fail to convert
ALTER TABLE notes ALTER COLUMN views TYPE integer USING views::integer;
-- WARNING: may destroy data: changes the type of notes.body from text to varchar(200); values may be truncated or fail to convert
ALTER TABLE notes ALTER COLUMN body TYPE varchar(200) USING body::varchar(200);
-- WARNING: may destroy data: changes the type of notes.title from varchar(255) to varchar(200); values may be truncated or fail to convert
ALTER TABLE notes ALTER COLUMN title TYPE varchar(200) USING title::varchar(200);
