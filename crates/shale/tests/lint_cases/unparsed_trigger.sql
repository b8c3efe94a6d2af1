-- lint-test: expect unparsed 4
-- shale:revision c1
-- shale:upgrade
DO $$ BEGIN RAISE NOTICE 'hello'; END $$;
-- shale:downgrade
-- shale:irreversible nothing to undo
