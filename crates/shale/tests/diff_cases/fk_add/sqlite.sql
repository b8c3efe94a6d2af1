-- needs foreign_keys off
-- shale:upgrade
-- SQLite cannot make these changes in place; rebuilding table posts: add foreign key fk_posts_author_id_users on posts
CREATE TABLE _shale_new_posts (
    id integer NOT NULL,
    author_id integer NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_posts_author_id_users FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO _shale_new_posts (id, author_id) SELECT id, author_id FROM posts;
DROP TABLE posts;
ALTER TABLE _shale_new_posts RENAME TO posts;

-- shale:downgrade
-- SQLite cannot make these changes in place; rebuilding table posts: drop foreign key fk_posts_author_id_users on posts
CREATE TABLE _shale_new_posts (
    id integer NOT NULL,
    author_id integer NOT NULL,
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_posts (id, author_id) SELECT id, author_id FROM posts;
DROP TABLE posts;
ALTER TABLE _shale_new_posts RENAME TO posts;
