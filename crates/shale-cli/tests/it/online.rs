//! Online plans end to end, on the three databases, with the defaults `shale init` gives:
//! issue 17's scenario — populated `users` and `items`, then models adding a NOT NULL
//! column with a default, a unique constraint, an index, a check and a foreign key.
//! Autogenerate writes the lock-safe form (on PostgreSQL two chained revisions, the second
//! `-- shale:transaction off`), `shale lint` finds nothing, and the revisions upgrade,
//! verify, print with `--sql`, and downgrade with the real runner.

use crate::support::{each_db, Proj};
use shale_testkit::Kind;

const BEFORE: &str = "CREATE TABLE users (\n    id INTEGER PRIMARY KEY,\n    email VARCHAR(255) NOT NULL\n);\n\
CREATE TABLE items (\n    id INTEGER PRIMARY KEY,\n    user_id INTEGER NOT NULL,\n    qty INTEGER NOT NULL\n);\n";

const AFTER: &str = "CREATE TABLE users (\n    id INTEGER PRIMARY KEY,\n    email VARCHAR(255) NOT NULL,\n    \
status VARCHAR(20) NOT NULL DEFAULT 'active',\n    CONSTRAINT uq_users_email UNIQUE (email)\n);\n\
CREATE TABLE items (\n    id INTEGER PRIMARY KEY,\n    user_id INTEGER NOT NULL,\n    qty INTEGER NOT NULL,\n    \
CONSTRAINT ck_items_qty CHECK (qty > 0),\n    \
CONSTRAINT fk_items_user_id_users FOREIGN KEY (user_id) REFERENCES users (id)\n);\n\
CREATE INDEX ix_items_qty ON items (qty);\n";

fn project(db: &shale_testkit::TestDb, extra: &str) -> Proj {
    let p = Proj::new(&db.url);
    std::fs::write(
        p.path().join("shale.toml"),
        format!(
            "url = \"{}\"\n{extra}[models]\nsql = [\"schema.sql\"]\n",
            db.url
        ),
    )
    .unwrap();
    p.write("schema.sql", BEFORE);
    p.shale(&["revision", "--autogenerate", "-m", "start"]).ok();
    p.shale(&["upgrade", "head"]).ok();
    db.execute("INSERT INTO users (id, email) VALUES (1, 'ann@example.com')");
    db.execute("INSERT INTO items (id, user_id, qty) VALUES (1, 1, 2)");
    p.write("schema.sql", AFTER);
    p
}

/// The text of the scripts a `revision --autogenerate` run says it generated, in order.
fn generated(p: &Proj, out: &str) -> Vec<String> {
    out.lines()
        .filter_map(|l| l.strip_prefix("Generated "))
        .map(|path| std::fs::read_to_string(p.path().join(path)).unwrap())
        .collect()
}

#[test]
fn autogenerate_writes_the_lock_safe_form_and_it_lints_clean() {
    each_db(|db| {
        let p = project(db, "");
        let diff = p.shale(&["diff"]).ok().to_string();
        if db.kind == Kind::Postgres {
            assert!(
                diff.contains("-- revision 2 of 2 (-- shale:transaction off)"),
                "{diff}"
            );
        }
        let out = p
            .shale(&["revision", "--autogenerate", "-m", "constraints"])
            .ok()
            .to_string();
        let scripts = generated(&p, &out);
        match db.kind {
            Kind::Postgres => {
                assert_eq!(scripts.len(), 2, "{out}");
                assert!(!scripts[0].contains("shale:transaction off"));
                let second = &scripts[1];
                assert!(second.contains("-- shale:transaction off"), "{second}");
                for expected in [
                    "CREATE UNIQUE INDEX CONCURRENTLY uq_users_email",
                    "UNIQUE USING INDEX uq_users_email",
                    "CREATE INDEX CONCURRENTLY ix_items_qty",
                    "NOT VALID",
                    "VALIDATE CONSTRAINT fk_items_user_id_users",
                    "VALIDATE CONSTRAINT ck_items_qty",
                    "SET lock_timeout = '500ms'",
                ] {
                    assert!(second.contains(expected), "{expected}:\n{second}");
                }
                assert!(scripts[0].contains("SET LOCAL lock_timeout = '500ms'"));
            }
            Kind::Mysql => {
                assert_eq!(scripts.len(), 1, "{out}");
                assert!(
                    scripts[0].contains("ALGORITHM=INPLACE LOCK=NONE"),
                    "{}",
                    scripts[0]
                );
                for expected in [
                    "SET SESSION foreign_key_checks = 0",
                    "REFERENCES users (id), ALGORITHM=INPLACE, LOCK=NONE",
                    "CALL _shale_check_fk_items_user_id_users()",
                    "CREATE TABLE _items_new LIKE items",
                    "RENAME TABLE items TO _items_old, _items_new TO items",
                ] {
                    assert!(scripts[0].contains(expected), "{expected}:\n{}", scripts[0]);
                }
            }
            Kind::Sqlite => assert_eq!(scripts.len(), 1, "{out}"),
        }
        let lint = p.shale(&["lint"]).ok().to_string();
        assert!(lint.contains("0 error(s), 0 warning(s),"), "{lint}");
        p.shale(&["upgrade", "--sql", "base:head"]).ok();
        p.shale(&["upgrade", "head"]).ok();
        p.shale(&["check"]).ok();
        assert_eq!(db.column("SELECT status FROM users"), ["active"]);
        p.shale(&["verify"]).ok();
        p.shale(&["downgrade", "base"]).ok();
        assert!(!db.has_table("users"));
        p.shale(&["upgrade", "head"]).ok();
        p.shale(&["check"]).ok();
    });
}

#[test]
fn no_online_writes_the_plain_form() {
    each_db(|db| {
        if db.kind != Kind::Postgres {
            return;
        }
        for (extra, args) in [("", &["--no-online"][..]), ("online = false\n", &[][..])] {
            let db = shale_testkit::TestDb::create(db.kind).unwrap();
            let p = project(&db, extra);
            let mut cmd = vec!["revision", "--autogenerate", "-m", "plain"];
            cmd.extend_from_slice(args);
            let out = p.shale(&cmd).ok().to_string();
            let scripts = generated(&p, &out);
            assert_eq!(scripts.len(), 1, "{out}");
            assert!(!scripts[0].contains("CONCURRENTLY"), "{}", scripts[0]);
            assert!(!scripts[0].contains("lock_timeout"), "{}", scripts[0]);
            let lint = p.shale(&["lint"]).stdout;
            assert!(lint.contains("index-not-concurrent"), "{lint}");
            p.shale(&["upgrade", "head"]).ok();
            p.shale(&["check"]).ok();
        }
    });
}

/// MariaDB: the online form adds a foreign key in place, checking no existing row, then a
/// procedure fails the revision, naming the key, when a row has no parent; once the row
/// is fixed `--resume` replays `SET SESSION foreign_key_checks = 0` and the rest, and the
/// key reads back as the models declare it (`check` is clean). `--sql` replayed on a copy
/// holding the same orphan fails at the same check.
#[test]
fn online_mysql_foreign_key_in_place_fails_on_a_row_without_parent() {
    let (Some(db), Some(copy)) = (
        shale_testkit::TestDb::create(Kind::Mysql),
        shale_testkit::TestDb::create(Kind::Mysql),
    ) else {
        return;
    };
    let p = project(&db, "");
    db.execute("INSERT INTO items (id, user_id, qty) VALUES (2, 99, 1)");
    let current = p.shale(&["current"]).ok().to_string();
    let start = current.split_whitespace().next().expect("a revision");
    p.shale(&["revision", "--autogenerate", "-m", "constraints"])
        .ok();
    let sql = |range: &str| p.shale(&["upgrade", "--sql", range]).ok().to_string();
    let (first, rest) = (sql(&format!("base:{start}")), sql(&format!("{start}:head")));
    assert!(
        rest.contains("CALL _shale_check_fk_items_user_id_users();"),
        "{rest}"
    );
    // Replayed on a copy holding the same orphan, the script fails at the same check.
    crate::support::replay(&copy.url, &first).unwrap();
    copy.execute("INSERT INTO users (id, email) VALUES (1, 'ann@example.com')");
    copy.execute("INSERT INTO items (id, user_id, qty) VALUES (1, 1, 2), (2, 99, 1)");
    let replayed = crate::support::replay(&copy.url, &rest).unwrap_err();
    assert!(
        replayed.contains("CALL _shale_check_fk_items_user_id_users()")
            && replayed.contains(
                "foreign key fk_items_user_id_users: a row of items has no parent in users"
            ),
        "{replayed}"
    );
    let err = p.shale(&["upgrade", "head"]).fails(1).to_string();
    assert!(
        err.contains("foreign key fk_items_user_id_users: a row of items has no parent in users"),
        "{err}"
    );
    assert!(
        err.contains("CALL _shale_check_fk_items_user_id_users()"),
        "{err}"
    );
    // The key is there and checks new writes; the old row is still an orphan.
    assert_eq!(
        db.column("SELECT constraint_name FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE()"),
        ["fk_items_user_id_users"]
    );
    db.execute("UPDATE items SET user_id = 1 WHERE id = 2");
    p.shale(&["upgrade", "--resume"]).ok();
    p.shale(&["check"]).ok();
    assert!(db
        .column("SELECT routine_name FROM information_schema.routines WHERE routine_schema = DATABASE()")
        .is_empty());
    p.shale(&["downgrade", "-1"]).ok();
    p.shale(&["upgrade", "head"]).ok();
    p.shale(&["check"]).ok();
}

/// MariaDB: `--resume` at the in-place `ALTER` of a foreign key replays the
/// `SET SESSION foreign_key_checks = 0` before it (a new session has lost it); without it
/// the server refuses `ALGORITHM=INPLACE`. The `ALTER` fails first because the parent
/// column has no index; once the index is made by hand, the resumed revision completes.
#[test]
fn online_mysql_resume_replays_the_session_settings() {
    let Some(db) = shale_testkit::TestDb::create(Kind::Mysql) else {
        return;
    };
    let p = Proj::new(&db.url);
    p.rev(
        "a1",
        &[],
        "CREATE TABLE users (id INTEGER PRIMARY KEY, code INTEGER);\nCREATE TABLE items (id INTEGER PRIMARY KEY, code INTEGER);",
        "DROP TABLE items;\nDROP TABLE users;",
    );
    p.rev(
        "b2",
        &["a1"],
        "SET SESSION foreign_key_checks = 0;\nALTER TABLE items ADD CONSTRAINT fk_code FOREIGN KEY (code) REFERENCES users (code), ALGORITHM=INPLACE, LOCK=NONE;\nSET SESSION foreign_key_checks = DEFAULT;",
        "ALTER TABLE items DROP FOREIGN KEY fk_code;",
    );
    let err = p.shale(&["upgrade", "head"]).fails(1).to_string();
    assert!(err.contains("statement 2 of 3"), "{err}");
    db.execute("CREATE INDEX ix_users_code ON users (code)");
    p.shale(&["upgrade", "--resume"]).ok();
    assert_eq!(
        db.column("SELECT constraint_name FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE()"),
        ["fk_code"]
    );
}
