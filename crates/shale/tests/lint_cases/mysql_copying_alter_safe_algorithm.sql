-- lint-test: dialect mysql
-- lint-test: setup CREATE TABLE items (id bigint NOT NULL, qty int, PRIMARY KEY (id))
-- shale:revision c1
-- shale:revises s0
-- shale:upgrade
ALTER TABLE items MODIFY COLUMN qty bigint, ALGORITHM=COPY;
-- shale:downgrade
ALTER TABLE items MODIFY COLUMN qty int, ALGORITHM=COPY;
