//! `shale revision --autogenerate --expand`: a column rename and a column type change on a
//! populated table written as an expand revision and a contract revision, on the three
//! databases. Between the two, writers of the previous release (the old column) and of
//! the next one (the new column) interleave, and each sees the other's writes; after the
//! contract the database matches the models; downgrading to the start restores it, data
//! included; everything written lints clean.

use crate::support::{each_db, text_type, Proj};
use shale_testkit::{Kind, TestDb};

/// The type of `score` before and after: a widening every database converts.
fn score_types(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Postgres => ("INTEGER", "BIGINT"),
        Kind::Mysql => ("INT", "BIGINT"),
        Kind::Sqlite => ("TEXT", "INTEGER"),
    }
}

fn write_models(p: &Proj, db: &TestDb, renamed: bool) {
    let ty = text_type(db.kind);
    let (before, after) = score_types(db.kind);
    let models = match renamed {
        false => format!(
            "CREATE TABLE users (\n    id INTEGER PRIMARY KEY,\n    fullname {ty} NOT NULL,\n    score {before}\n);\n\
             CREATE INDEX ix_users_fullname ON users (fullname);\n"
        ),
        true => format!(
            "CREATE TABLE users (\n    id INTEGER PRIMARY KEY,\n    name {ty} NOT NULL,\n    score {after}\n);\n\
             CREATE INDEX ix_users_name ON users (name);\n"
        ),
    };
    p.write("schema.sql", &models);
}

#[test]
fn expand_contract_rename_and_type_change_with_old_and_new_writers() {
    each_db(|db| {
        let started = std::time::Instant::now();
        let p = Proj::new(&db.url);
        p.models("sql = [\"schema.sql\"]");
        write_models(&p, db, false);
        p.start_from_models();
        let rows: Vec<String> = (1..=25)
            .map(|i| format!("({i}, 'user {i}', '{i}')"))
            .collect();
        db.execute(&format!(
            "INSERT INTO users (id, fullname, score) VALUES {}",
            rows.join(", ")
        ));

        write_models(&p, db, true);
        let out = p
            .shale(&[
                "revision",
                "--autogenerate",
                "--expand",
                "-m",
                "name and score",
                "--rename",
                "users.fullname=name",
            ])
            .ok()
            .to_string();
        assert!(
            out.contains("expand:") && out.contains("contract:"),
            "{out}"
        );
        assert!(out.contains("users.fullname -> users.name"), "{out}");
        assert!(out.contains("users.score -> users.score"), "{out}");
        assert!(out.contains("once no old release runs"), "{out}");
        let lint = p.shale(&["lint"]).ok().to_string();
        assert!(lint.contains("0 error(s), 0 warning(s)"), "{lint}");

        // What --sql shows is what runs: the triggers and the batched backfill included.
        let sql = p
            .shale(&["upgrade", "--sql", "aaaaaaaaaaaa:head"])
            .ok()
            .to_string();
        assert!(
            sql.contains("CREATE TRIGGER") && sql.contains("DROP TRIGGER"),
            "{sql}"
        );

        // The expand: both columns, kept equal by the triggers, the rows already there
        // backfilled.
        p.shale(&["upgrade", "+1"]).ok();
        assert!(db.has_column("users", "fullname") && db.has_column("users", "name"));
        assert!(db.has_column("users", "score_shale_new"));
        assert_eq!(
            db.column("SELECT count(*) FROM users WHERE name = fullname AND score_shale_new = CAST(score AS INTEGER)"),
            ["25"]
        );
        assert_eq!(db.column("SELECT name FROM users WHERE id = 7"), ["user 7"]);

        // The previous release writes the old column, the next one the new, interleaved.
        db.execute("INSERT INTO users (id, fullname, score) VALUES (100, 'old writer', '5')");
        db.execute("INSERT INTO users (id, name, score) VALUES (101, 'new writer', '6')");
        assert_eq!(
            db.column("SELECT name FROM users WHERE id = 100"),
            ["old writer"]
        );
        assert_eq!(
            db.column("SELECT fullname FROM users WHERE id = 101"),
            ["new writer"]
        );
        assert_eq!(
            db.column("SELECT score_shale_new FROM users WHERE id IN (100, 101) ORDER BY id"),
            ["5", "6"]
        );
        db.execute("UPDATE users SET fullname = 'renamed by old' WHERE id = 101");
        db.execute("UPDATE users SET name = 'renamed by new' WHERE id = 100");
        db.execute("UPDATE users SET score = '9' WHERE id = 3");
        assert_eq!(
            db.column("SELECT name FROM users WHERE id = 101"),
            ["renamed by old"]
        );
        assert_eq!(
            db.column("SELECT fullname FROM users WHERE id = 100"),
            ["renamed by new"]
        );
        assert_eq!(
            db.column("SELECT score_shale_new FROM users WHERE id = 3"),
            ["9"]
        );
        // A writer that sets both keeps both.
        db.execute("UPDATE users SET fullname = 'both', name = 'both' WHERE id = 4");
        assert_eq!(
            db.column("SELECT fullname FROM users WHERE id = 4"),
            ["both"]
        );

        // The contract: the models, exactly.
        p.shale(&["upgrade", "head"]).ok();
        p.shale(&["check"]).ok();
        assert!(!db.has_column("users", "fullname"));
        assert!(!db.has_column("users", "score_shale_new"));
        assert_eq!(
            db.column("SELECT name FROM users WHERE id IN (4, 100, 101) ORDER BY id"),
            ["both", "renamed by new", "renamed by old"]
        );
        assert_eq!(db.column("SELECT count(*) FROM users"), ["27"]);

        // All the way down: the start schema, with every row's values.
        p.shale(&["downgrade", "aaaaaaaaaaaa"]).ok();
        write_models(&p, db, false);
        p.shale(&["check"]).ok();
        assert_eq!(
            db.column("SELECT fullname FROM users WHERE id IN (4, 100, 101) ORDER BY id"),
            ["both", "renamed by new", "renamed by old"]
        );
        assert_eq!(
            db.column("SELECT score FROM users WHERE id IN (3, 100) ORDER BY id"),
            ["9", "5"]
        );
        // And up again, from the downgraded schema.
        p.shale(&["upgrade", "head"]).ok();
        write_models(&p, db, true);
        p.shale(&["check"]).ok();
        eprintln!(
            "expand/contract on {}: {:?}",
            db.kind.name(),
            started.elapsed()
        );
    });
}

/// The users-api walk-through (examples/users-api/expand-contract.sh) runs to its end with
/// this build of shale: it needs `bash` and the `sqlite3` shell, and says so when they are
/// missing.
#[test]
fn expand_contract_users_api_walk_through_runs() {
    use std::process::Command;
    if Command::new("sqlite3").arg("-version").output().is_err() {
        eprintln!("skipped: no sqlite3 shell on PATH for examples/users-api/expand-contract.sh");
        return;
    }
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/users-api/expand-contract.sh");
    let out = Command::new("bash")
        .arg(&script)
        .env("SHALE", env!("CARGO_BIN_EXE_shale"))
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("ok: the previous release reads the next release's insert"));
    assert!(
        stdout.contains("expand/contract walk-through: ok"),
        "{stdout}"
    );
}

/// The expand on a table of 25,000 rows (three backfill batches on PostgreSQL and
/// MySQL/MariaDB) while, on the server databases, a writer of the previous release keeps
/// inserting and updating rows, joined by one of the next release once the expand is
/// applied: afterwards every row has both columns, equal. (SQLite has one writer at a time: there the rows are written between the steps.)
#[test]
fn expand_contract_backfills_in_batches_under_concurrent_writers() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    each_db(|db| {
        let p = Proj::new(&db.url);
        let ty = text_type(db.kind);
        p.models("sql = [\"schema.sql\"]");
        let models = |column: &str| {
            std::fs::write(
                p.path().join("schema.sql"),
                format!("CREATE TABLE users (\n    id INTEGER PRIMARY KEY,\n    {column} {ty} NOT NULL\n);\n"),
            )
            .unwrap()
        };
        models("fullname");
        p.shale(&["revision", "--autogenerate", "-m", "start"]).ok();
        p.shale(&["upgrade", "head"]).ok();
        for chunk in 0..25 {
            let rows: Vec<String> = (1..=1000)
                .map(|i| chunk * 1000 + i)
                .map(|i| format!("({i}, 'user {i}')"))
                .collect();
            db.execute(&format!(
                "INSERT INTO users (id, fullname) VALUES {}",
                rows.join(", ")
            ));
        }
        models("name");
        p.shale(&[
            "revision",
            "--autogenerate",
            "--expand",
            "-m",
            "rename",
            "--rename",
            "users.fullname=name",
        ])
        .ok();
        let stop = AtomicBool::new(false);
        let expanded = AtomicBool::new(false);
        let writes = AtomicUsize::new(0);
        let concurrent = db.kind != Kind::Sqlite;
        let write = |i: usize| {
            let id = 100_000 + i;
            let row = i % 25_000 + 1;
            // Writers of the previous release know fullname; those of the next, name. The
            // next release rolls out once the expand is applied (the documented deploy
            // order): until then only the previous one writes, throughout the backfill.
            let previous = i.is_multiple_of(2) || !expanded.load(Ordering::SeqCst);
            let column = if previous { "fullname" } else { "name" };
            db.execute(&format!(
                "INSERT INTO users (id, {column}) VALUES ({id}, 'writer {i}')"
            ));
            db.execute(&format!(
                "UPDATE users SET {column} = 'updated {i}' WHERE id = {row}"
            ));
            writes.fetch_add(1, Ordering::Relaxed);
        };
        std::thread::scope(|s| {
            if concurrent {
                s.spawn(|| {
                    let mut i = 0;
                    while !stop.load(Ordering::Relaxed) {
                        write(i);
                        i += 1;
                    }
                });
            }
            let out = p.shale(&["upgrade", "+1"]).ok().to_string();
            expanded.store(true, Ordering::SeqCst);
            // Both releases write side by side for a while before the writer stops.
            std::thread::sleep(std::time::Duration::from_millis(300));
            stop.store(true, Ordering::Relaxed);
            assert!(out.contains("(expand)"), "{out}");
        });
        let before = writes.load(Ordering::Relaxed);
        for i in before..before + 20 {
            write(i);
        }
        assert!(writes.load(Ordering::Relaxed) >= 20);
        let unequal =
            "SELECT count(*) FROM users WHERE name IS NULL OR fullname IS NULL OR name <> fullname";
        assert_eq!(db.column(unequal), ["0"]);
        p.shale(&["upgrade", "head"]).ok();
        p.shale(&["check"]).ok();
        assert_eq!(
            db.column("SELECT count(*) FROM users WHERE name IS NULL"),
            ["0"]
        );
        eprintln!(
            "{}: {} writer turns (previous and next release alternating) during and after the expand",
            db.kind.name(),
            writes.load(Ordering::Relaxed)
        );
    });
}

/// What `upgrade --sql base:head` prints for an expand/contract history, replayed on an
/// empty database, leaves what the run leaves: the models' schema (`check`), the same
/// version row and the same history (checksums included) — trigger and function bodies,
/// the backfill loops and the part outside a transaction alike.
#[test]
fn expand_contract_sql_output_replayed_equals_the_online_run() {
    each_db(|online| {
        let Some(replayed) = TestDb::create(online.kind) else {
            return;
        };
        let p = Proj::new(&online.url);
        std::fs::write(
            p.path().join("shale.toml"),
            format!(
                "url = \"{}\"\n[models]\nsql = [\"schema.sql\"]\n",
                online.url
            ),
        )
        .unwrap();
        write_models(&p, online, false);
        p.shale(&["revision", "--autogenerate", "-m", "start"]).ok();
        p.shale(&["upgrade", "head"]).ok();
        write_models(&p, online, true);
        p.shale(&[
            "revision",
            "--autogenerate",
            "--expand",
            "-m",
            "name and score",
            "--rename",
            "users.fullname=name",
        ])
        .ok();
        let sql = p.shale(&["upgrade", "--sql", "base:head"]).ok().to_string();
        p.shale(&["upgrade", "head"]).ok();
        crate::support::replay(&replayed.url, &sql).unwrap();
        p.shale(&["check", "--url", &replayed.url]).ok();
        let facts = |db: &TestDb| {
            (
                db.column("SELECT version_num FROM shale_version"),
                db.query(
                    "SELECT revision, direction, checksum FROM shale_version_history ORDER BY id",
                ),
            )
        };
        assert_eq!(facts(online), facts(&replayed), "{sql}");
    });
}
