//! `shale baseline` and `shale squash` on the three databases: the schema a baseline or a
//! squashed revision builds on an empty database is the one it was read from, compared by
//! inspecting both.

use crate::support::{each_db, Proj};
use shale::db::{inspect::inspect, Db};
use shale::schema::Schema;
use shale::url::DbUrl;
use shale_testkit::{Kind, TestDb};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// The schema at `url`, shale's own tables left out.
pub fn schema(url: &str) -> Schema {
    runtime().block_on(async {
        let mut db = Db::connect(&DbUrl::parse(url).unwrap()).await.unwrap();
        let s = inspect(&mut db, &["shale_version", "shale_version_history"])
            .await
            .unwrap();
        db.close().await;
        s
    })
}

/// A small application's schema: two tables joined by a foreign key, a unique and a plain
/// index, a view over both and a trigger (with its function on PostgreSQL, and an enum).
fn populate(db: &TestDb) {
    let text = crate::support::text_type(db.kind);
    let mut ddl = vec![
        format!("CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, email {text} NOT NULL, name {text})"),
        "CREATE UNIQUE INDEX ux_users_email ON users (email)".to_string(),
        format!(
            "CREATE TABLE posts (id INTEGER NOT NULL PRIMARY KEY, user_id INTEGER NOT NULL, \
             title {text} NOT NULL, body {text}, updated_at TIMESTAMP NULL, \
             CONSTRAINT fk_posts_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE)"
        ),
        "CREATE INDEX ix_posts_user ON posts (user_id)".to_string(),
        "CREATE VIEW user_posts AS SELECT u.email, p.title FROM users u JOIN posts p ON p.user_id = u.id"
            .to_string(),
    ];
    match db.kind {
        Kind::Postgres => ddl.extend([
            "CREATE TYPE mood AS ENUM ('happy', 'sad')".to_string(),
            "ALTER TABLE users ADD COLUMN mood mood".to_string(),
            "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$"
                .to_string(),
            "CREATE TRIGGER posts_touch BEFORE UPDATE ON posts FOR EACH ROW EXECUTE FUNCTION touch()"
                .to_string(),
        ]),
        Kind::Mysql => ddl.push(
            "CREATE TRIGGER posts_touch BEFORE UPDATE ON posts FOR EACH ROW SET NEW.updated_at = NOW()"
                .to_string(),
        ),
        Kind::Sqlite => ddl.push(
            "CREATE TRIGGER posts_touch AFTER UPDATE OF title ON posts FOR EACH ROW \
             BEGIN UPDATE posts SET updated_at = datetime('now') WHERE id = NEW.id; END"
                .to_string(),
        ),
    }
    for stmt in &ddl {
        db.execute(stmt);
    }
    db.execute("INSERT INTO users (id, email) VALUES (1, 'ada@example.com')");
}

#[test]
fn baseline_writes_the_revision_that_rebuilds_the_live_schema_and_stamps_it() {
    each_db(|live| {
        populate(live);
        let p = Proj::new(&live.url);
        let out = p.shale(&["baseline", "-m", "baseline", "--rev-id", "base0001"]);
        let out = out.ok().to_string();
        assert!(
            out.contains("Stamped: the database is at base0001"),
            "{out}"
        );
        assert!(out.contains("create table posts"), "{out}");
        let script = std::fs::read_dir(p.versions())
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect::<Vec<_>>();
        assert_eq!(script.len(), 1);
        let script = &script[0];
        // Dependency order: the referenced table before the one that references it, the
        // view after both; the downgrade drops in the reverse order.
        let pos = |s: &str, what: &str| s.find(what).unwrap_or_else(|| panic!("{what}:\n{s}"));
        let (up, down) = script.split_once("-- shale:downgrade").unwrap();
        assert!(
            pos(up, "CREATE TABLE users") < pos(up, "CREATE TABLE posts"),
            "{up}"
        );
        assert!(
            pos(up, "CREATE TABLE posts") < pos(up, "CREATE VIEW"),
            "{up}"
        );
        assert!(pos(down, "DROP VIEW") < pos(down, "DROP TABLE"), "{down}");
        assert!(
            pos(down, "DROP TABLE posts") < pos(down, "DROP TABLE users"),
            "{down}"
        );

        // Stamped, nothing run: the row is still there, and the history has no drift.
        assert_eq!(p.shale(&["current"]).ok().trim(), "base0001 (head)");
        assert_eq!(live.column("SELECT email FROM users"), ["ada@example.com"]);
        let drift = p.shale(&["check", "--drift"]);
        assert_eq!(drift.code, 0, "{}\n{}", drift.stdout, drift.stderr);

        // On an empty database, the baseline builds the same schema.
        let fresh = TestDb::create(live.kind).unwrap();
        p.shale(&["--url", &fresh.url, "upgrade", "head"]).ok();
        assert_eq!(schema(&live.url), schema(&fresh.url));
        // And its downgrade drops it all.
        p.shale(&["--url", &fresh.url, "downgrade", "base"]).ok();
        assert_eq!(schema(&fresh.url), Schema::default());

        // A second baseline is refused: the project has a script now, and the database
        // has shale history.
        let err = p.shale(&["baseline", "-m", "again"]).fails(1).to_string();
        assert!(err.contains("already has 1 revision script"), "{err}");
        let other = Proj::new(&live.url);
        let err = other
            .shale(&["baseline", "-m", "again"])
            .fails(1)
            .to_string();
        assert!(err.contains("already has shale history"), "{err}");
        assert_eq!(std::fs::read_dir(other.versions()).unwrap().count(), 0);
    });
}

#[test]
fn baseline_refuses_an_empty_database() {
    each_db(|db| {
        let p = Proj::new(&db.url);
        if db.kind == Kind::Sqlite {
            db.execute("CREATE TABLE t (id INTEGER)");
            db.execute("DROP TABLE t");
        }
        let err = p.shale(&["baseline", "-m", "x"]).fails(1).to_string();
        assert!(err.contains("nothing to baseline"), "{err}");
        assert_eq!(std::fs::read_dir(p.versions()).unwrap().count(), 0);
    });
}

/// r1 ← r2 ← r3 ← r4 ← r5: users; posts with a foreign key (and a row); an index; a view;
/// a column. The squash replaces r2 r3 r4 (the range r1:r4).
fn squash_history(p: &Proj, kind: Kind) {
    let text = crate::support::text_type(kind);
    p.rev(
        "r1",
        &[],
        &format!("CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, email {text} NOT NULL);"),
        "DROP TABLE users;",
    );
    p.rev(
        "r2",
        &["r1"],
        &format!(
            "CREATE TABLE posts (id INTEGER NOT NULL PRIMARY KEY, user_id INTEGER NOT NULL, title {text}, \
             CONSTRAINT fk_posts_user FOREIGN KEY (user_id) REFERENCES users (id));"
        ),
        "DROP TABLE posts;",
    );
    p.rev(
        "r3",
        &["r2"],
        "CREATE INDEX ix_posts_user ON posts (user_id);\nINSERT INTO users (id, email) VALUES (1, 'root@example.com');",
        "DELETE FROM users WHERE id = 1;\nDROP INDEX ix_posts_user ON posts;",
    );
    if kind != Kind::Mysql {
        // Only MySQL names the table in DROP INDEX.
        let path = std::fs::read_dir(p.versions())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().ends_with("_r3.sql"))
            .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            text.replace(
                "DROP INDEX ix_posts_user ON posts;",
                "DROP INDEX ix_posts_user;",
            ),
        )
        .unwrap();
    }
    p.rev(
        "r4",
        &["r3"],
        "CREATE VIEW post_titles AS SELECT p.id, p.title, u.email FROM posts p JOIN users u ON u.id = p.user_id;",
        "DROP VIEW post_titles;",
    );
    p.rev(
        "r5",
        &["r4"],
        &format!("ALTER TABLE users ADD COLUMN name {text};"),
        "ALTER TABLE users DROP COLUMN name;",
    );
}

/// The revisions the history log says ran upward, in order.
fn ran_up(db: &TestDb) -> Vec<String> {
    db.column("SELECT revision FROM shale_version_history WHERE direction = 'up' ORDER BY id")
}

#[test]
fn squash_replaces_a_range_for_new_databases_and_keeps_it_for_those_inside() {
    each_db(|past| {
        let kind = past.kind;
        let p = Proj::new(&past.url);
        squash_history(&p, kind);
        let [fresh, before, middle, end, inside] = [(); 5].map(|_| TestDb::create(kind).unwrap());
        let on = |db: &TestDb, args: &[&str]| {
            let mut all = vec!["--url", db.url.as_str()];
            all.extend_from_slice(args);
            p.shale(&all)
        };
        on(past, &["upgrade", "head"]).ok();
        on(&before, &["upgrade", "r1"]).ok();
        on(&middle, &["upgrade", "r2"]).ok();
        on(&inside, &["upgrade", "r3"]).ok();
        on(&end, &["upgrade", "r4"]).ok();

        let run = p.shale(&["squash", "r1:r4", "-m", "squash posts", "--rev-id", "sq"]);
        let out = run.ok().to_string();
        assert!(
            out.contains("It replaces 3 revision(s) (r2 r3 r4), from r1"),
            "{out}"
        );
        assert!(run.stderr.contains("INSERT changes rows"), "{}", run.stderr);
        let script = std::fs::read_dir(p.versions())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().contains("_sq_"))
            .unwrap();
        let text = std::fs::read_to_string(&script).unwrap();
        assert!(
            text.contains("-- shale:revises  r1\n-- shale:replaces r2 r3 r4\n"),
            "{text}"
        );

        // The graph: one head, the squash in the history, the replaced ones not.
        assert_eq!(p.shale(&["heads"]).ok().trim(), "r5 (head), revision r5");
        let history = p.shale(&["history"]).ok().to_string();
        assert!(
            history.contains("r1 -> sq (squash of r2 r3 r4), squash posts"),
            "{history}"
        );
        assert!(!history.contains("-> r3"), "{history}");
        // A replaced revision is still shown, with its place among the originals.
        let show = p.shale(&["show", "r3"]).ok().to_string();
        assert!(
            show.contains("Rev: r3") && show.contains("Parent: r2"),
            "{show}"
        );
        let verify = p.shale(&["verify"]);
        assert_eq!(verify.code, 0, "{}\n{}", verify.stdout, verify.stderr);
        p.shale(&["lint", "--offline"]).ok();

        for db in [&fresh, &before, &middle, &end, &inside] {
            on(db, &["upgrade", "head"]).ok();
            assert_eq!(db.column("SELECT version_num FROM shale_version"), ["r5"]);
            assert_eq!(schema(&past.url), schema(&db.url));
        }
        assert_eq!(ran_up(&fresh), ["r1", "sq", "r5"]);
        assert_eq!(ran_up(&before), ["r1", "sq", "r5"]);
        assert_eq!(ran_up(&middle), ["r1", "r2", "r3", "r4", "r5"]);
        assert_eq!(ran_up(&end), ["r1", "r2", "r3", "r4", "r5"]);
        // Past the range: at or after the squash, so downgrading goes through it.
        on(past, &["downgrade", "-1"]).ok();
        assert_eq!(past.column("SELECT version_num FROM shale_version"), ["sq"]);
        on(past, &["downgrade", "r1"]).ok();
        assert_eq!(
            schema(&past.url).tables.keys().collect::<Vec<_>>(),
            ["users"]
        );
        on(past, &["upgrade", "head"]).ok();
        assert_eq!(schema(&past.url), schema(&fresh.url));

        // --finish refuses a database still inside the range, and changes nothing.
        // (Naming a replaced revision as the target runs the original scripts.)
        let inside_again = TestDb::create(kind).unwrap();
        on(&inside_again, &["upgrade", "r3"]).ok();
        assert_eq!(ran_up(&inside_again), ["r1", "r2", "r3"]);
        let err = on(&inside_again, &["squash", "--finish"])
            .fails(1)
            .to_string();
        assert!(err.contains("inside the range that sq replaces"), "{err}");
        assert_eq!(std::fs::read_dir(p.versions()).unwrap().count(), 6);

        // At the range's end: stamped at the squash, the originals deleted, r5 rewired.
        let at_end = TestDb::create(kind).unwrap();
        on(&at_end, &["upgrade", "r4"]).ok();
        let out = on(&at_end, &["squash", "--finish"]).ok().to_string();
        assert!(out.contains("stamped at sq"), "{out}");
        assert_eq!(
            at_end.column("SELECT version_num FROM shale_version"),
            ["sq"]
        );
        assert_eq!(std::fs::read_dir(p.versions()).unwrap().count(), 3);
        let text = std::fs::read_to_string(&script).unwrap();
        assert!(!text.contains("replaces"), "{text}");
        assert_eq!(p.shale(&["heads"]).ok().trim(), "r5 (head), revision r5");
        on(&at_end, &["upgrade", "head"]).ok();
        assert_eq!(schema(&at_end.url), schema(&fresh.url));
        let again = TestDb::create(kind).unwrap();
        on(&again, &["upgrade", "head"]).ok();
        assert_eq!(ran_up(&again), ["r1", "sq", "r5"]);
        let err = p.shale(&["squash", "--finish"]).fails(1).to_string();
        assert!(err.contains("no squash to finish"), "{err}");
    });
}
