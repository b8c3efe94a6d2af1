-- needs foreign_keys off
-- shale:upgrade
-- SQLite cannot make these changes in place; rebuilding table posts: drop foreign key fk_posts_author_id_users on posts; add foreign key fk_posts_author_id_users on posts
CREATE TABLE _shale_new_posts (
    id integer NOT NULL,
    author_id integer,
    editor_id integer,
    PRIMARY KEY (id),
    CONSTRAINT fk_posts_author_id_users FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT fk_posts_editor_id_users FOREIGN KEY (editor_id) REFERENCES users (id) ON DELETE NO ACTION
);
INSERT INTO _shale_new_posts (id, author_id, editor_id) SELECT id, author_id, editor_id FROM posts;
DROP TABLE posts;
ALTER TABLE _shale_new_posts RENAME TO posts;

-- shale:downgrade
-- SQLite cannot make these changes in place; rebuilding table posts: drop foreign key fk_posts_author_id_users on posts; add foreign key fk_posts_author_id_users on posts
CREATE TABLE _shale_new_posts (
    id integer NOT NULL,
    author_id integer,
    editor_id integer,
    PRIMARY KEY (id),
    CONSTRAINT fk_posts_author_id_users FOREIGN KEY (author_id) REFERENCES users (id),
    CONSTRAINT fk_posts_editor_id_users FOREIGN KEY (editor_id) REFERENCES users (id) ON DELETE NO ACTION
);
INSERT INTO _shale_new_posts (id, author_id, editor_id) SELECT id, author_id, editor_id FROM posts;
DROP TABLE posts;
ALTER TABLE _shale_new_posts RENAME TO posts;
