//! Batched backfills: `-- shale:repeat-until-zero` runs a statement until it changes no
//! row, on the three databases; `--sql` shows it replayable; a statement that never makes
//! progress is stopped; and a nullable column made `NOT NULL DEFAULT x` on a populated
//! table is backfilled with `x` by what autogenerate writes (it used to fail).

use crate::support::{each_db, Proj};
use shale_testkit::Kind;

/// A batch of at most 10 rows that fills `c` where it is NULL.
fn batch(kind: Kind) -> &'static str {
    match kind {
        Kind::Postgres => {
            "UPDATE t SET c = id * 2 WHERE ctid IN (SELECT ctid FROM t WHERE c IS NULL LIMIT 10)"
        }
        Kind::Mysql => "UPDATE t SET c = id * 2 WHERE c IS NULL LIMIT 10",
        // SQLite's UPDATE … LIMIT needs a compile-time option: a batch by rowid instead.
        Kind::Sqlite => {
            "UPDATE t SET c = id * 2 WHERE rowid IN (SELECT rowid FROM t WHERE c IS NULL LIMIT 10)"
        }
    }
}

#[test]
fn online_repeat_until_zero_backfills_in_batches() {
    each_db(|db| {
        for transaction_off in [false, true] {
            let db = shale_testkit::TestDb::create(db.kind).unwrap();
            let p = Proj::new(&db.url);
            p.rev(
                "a1",
                &[],
                "CREATE TABLE t (id INTEGER PRIMARY KEY, c INTEGER);",
                "DROP TABLE t;",
            );
            p.shale(&["upgrade", "head"]).ok();
            let values: Vec<String> = (1..=35).map(|i| format!("({i})")).collect();
            db.execute(&format!("INSERT INTO t (id) VALUES {}", values.join(", ")));
            let headers = if transaction_off {
                "-- shale:transaction off\n"
            } else {
                ""
            };
            let upgrade = format!(
                "-- batched\n-- shale:repeat-until-zero\n{};",
                batch(db.kind)
            );
            p.rev_with(
                "b2",
                &["a1"],
                headers,
                &upgrade,
                "UPDATE t SET c = NULL WHERE c IS NOT NULL;",
            );
            let sql = p.shale(&["upgrade", "--sql", "a1:b2"]).ok().to_string();
            match db.kind {
                Kind::Postgres => {
                    assert!(sql.contains("DO $shale$ BEGIN LOOP"), "{sql}");
                    assert_eq!(
                        sql.contains("EXIT WHEN NOT FOUND; COMMIT;"),
                        transaction_off,
                        "{sql}"
                    );
                }
                _ => assert!(
                    sql.contains("run it again until it reports 0 rows"),
                    "{sql}"
                ),
            }
            p.shale(&["upgrade", "head"]).ok();
            assert_eq!(db.column("SELECT count(*) FROM t WHERE c IS NULL"), ["0"]);
            assert_eq!(db.column("SELECT sum(c) FROM t"), [(35 * 36).to_string()]);
        }
    });
}

#[test]
fn online_repeat_until_zero_stops_a_statement_that_never_finishes() {
    each_db(|db| {
        let p = Proj::new(&db.url);
        p.rev(
            "a1",
            &[],
            "CREATE TABLE t (id INTEGER PRIMARY KEY, c INTEGER);",
            "DROP TABLE t;",
        );
        p.shale(&["upgrade", "head"]).ok();
        db.execute("INSERT INTO t (id) VALUES (1), (2), (3)");
        // Sets NULL to NULL: the same rows, pass after pass.
        let upgrade = format!(
            "-- shale:repeat-until-zero\n{};",
            batch(db.kind).replace("id * 2", "NULL")
        );
        p.rev("b2", &["a1"], &upgrade, "SELECT 1;");
        let err = p.shale(&["upgrade", "head"]).fails(1).to_string();
        assert!(err.contains("would never stop"), "{err}");
        assert!(p.shale(&["current"]).stdout.contains("a1"));
    });
}

#[test]
fn online_nullable_made_not_null_with_default_is_backfilled() {
    each_db(|db| {
        let p = Proj::new(&db.url);
        let ty = crate::support::text_type(db.kind);
        p.models("sql = [\"schema.sql\"]");
        p.write(
            "schema.sql",
            &format!("CREATE TABLE users (\n    id INTEGER PRIMARY KEY,\n    tz {ty}\n);\n"),
        );
        p.shale(&["revision", "--autogenerate", "-m", "start"]).ok();
        p.shale(&["upgrade", "head"]).ok();
        db.execute("INSERT INTO users (id) VALUES (1), (2)");
        db.execute("INSERT INTO users (id, tz) VALUES (3, 'CET')");
        p.write("schema.sql", &format!("CREATE TABLE users (\n    id INTEGER PRIMARY KEY,\n    tz {ty} NOT NULL DEFAULT 'UTC'\n);\n"));
        p.shale(&["revision", "--autogenerate", "-m", "tz required"])
            .ok();
        p.shale(&["upgrade", "head"]).ok();
        assert_eq!(
            db.column("SELECT tz FROM users ORDER BY id"),
            ["UTC", "UTC", "CET"]
        );
        p.shale(&["check"]).ok();
        p.shale(&["lint"]).ok();
    });
}
