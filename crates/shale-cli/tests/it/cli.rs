//! The `shale` binary against real databases: every command, every bad input, on SQLite,
//! PostgreSQL and MariaDB (one suite, parameterised by `each_db`).

use crate::support::{each_db, Proj};
use shale_testkit::{Kind, TestDb};

const R1: &str = "aaaaaaaaaaa1";
const R2: &str = "bbbbbbbbbbb2";
const R3: &str = "ccccccccccc3";
const R4: &str = "ddddddddddd4";

/// Three linear revisions: a table, a column, an index.
fn linear(db: &TestDb) -> Proj {
    let p = Proj::new(&db.url);
    p.rev(
        R1,
        &[],
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50));",
        "DROP TABLE users;",
    );
    p.rev(
        R2,
        &[R1],
        "ALTER TABLE users ADD COLUMN email VARCHAR(100);",
        "ALTER TABLE users DROP COLUMN email;",
    );
    p.rev(
        R3,
        &[R2],
        "CREATE INDEX ix_users_email ON users (email);",
        match db.kind {
            Kind::Mysql => "DROP INDEX ix_users_email ON users;",
            _ => "DROP INDEX ix_users_email;",
        },
    );
    p
}

#[test]
fn upgrade_current_downgrade_round_trip() {
    each_db(|db| {
        let p = linear(db);
        let out = p.shale(&["upgrade", "head"]).ok().to_string();
        assert!(
            out.contains(&format!("Running upgrade  -> {R1}, revision {R1}")),
            "{out}"
        );
        assert!(
            out.contains(&format!("Running upgrade {R2} -> {R3}")),
            "{out}"
        );
        assert!(db.has_column("users", "email"));
        assert_eq!(p.shale(&["current"]).ok().trim(), format!("{R3} (head)"));
        let history = p.shale(&["history"]).ok().to_string();
        let lines: Vec<&str> = history.lines().collect();
        assert_eq!(lines.len(), 3, "{history}");
        assert!(
            lines[0].starts_with(&format!("[x] {R2} -> {R3} (head) (current)")),
            "{history}"
        );
        assert!(lines[2].contains("<base> -> aaaaaaaaaaa1"), "{history}");

        p.shale(&["downgrade", "-1"]).ok();
        assert_eq!(p.shale(&["current"]).ok().trim(), R2);
        p.shale(&["downgrade", "bbbb-1"]).ok();
        assert!(!db.has_column("users", "email"));
        p.shale(&["downgrade", "base"]).ok();
        assert!(!db.has_table("users"));
        assert_eq!(
            p.shale(&["current"]).ok().trim(),
            "base (no revision applied)"
        );
        p.shale(&["upgrade", "+2"]).ok();
        assert_eq!(p.shale(&["current"]).ok().trim(), R2);
        p.shale(&["upgrade", "ccc"]).ok();
        assert_eq!(p.shale(&["current"]).ok().trim(), format!("{R3} (head)"));
        // Nothing to do is a success.
        assert!(p.shale(&["upgrade"]).ok().contains("Nothing to do"));

        // The history log records every run with a checksum.
        let log = db.column("SELECT direction FROM shale_version_history ORDER BY id");
        assert_eq!(
            log,
            ["up", "up", "up", "down", "down", "down", "up", "up", "up"]
        );
        let sums = db.column("SELECT checksum FROM shale_version_history WHERE direction = 'up'");
        assert!(sums.iter().all(|s| s.len() == 64), "{sums:?}");
    });
}

#[test]
fn json_output_is_only_json() {
    each_db(|db| {
        let p = linear(db);
        let out = p.shale(&["--json", "upgrade", "head"]).ok().to_string();
        let v: serde_json::Value = serde_json::from_str(&out).expect("upgrade --json");
        assert_eq!(v["steps"].as_array().unwrap().len(), 3);
        assert_eq!(v["heads"][0], R3);
        let out = p.shale(&["current", "--json"]).ok().to_string();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["heads"][0], R3);
        assert_eq!(v["at_head"], true);
        for cmd in [
            &["history", "--json"][..],
            &["heads", "--json"],
            &["status", "--json"],
            &["show", "--json", R1],
            &["branches", "--json"],
        ] {
            let out = p.shale(cmd).ok().to_string();
            serde_json::from_str::<serde_json::Value>(&out)
                .unwrap_or_else(|e| panic!("{cmd:?}: {e}\n{out}"));
        }
        let status: serde_json::Value =
            serde_json::from_str(p.shale(&["status", "--json"]).ok()).unwrap();
        assert_eq!(status["pending"].as_array().unwrap().len(), 0);
        assert!(!status["database"].as_str().unwrap().is_empty());
    });
}

#[test]
fn branches_need_a_merge_or_heads() {
    each_db(|db| {
        let p = Proj::new(&db.url);
        p.rev(
            R1,
            &[],
            "CREATE TABLE a (id INTEGER PRIMARY KEY);",
            "DROP TABLE a;",
        );
        p.rev(
            R2,
            &[R1],
            "CREATE TABLE b (id INTEGER PRIMARY KEY);",
            "DROP TABLE b;",
        );
        p.rev(
            R3,
            &[R1],
            "CREATE TABLE c (id INTEGER PRIMARY KEY);",
            "DROP TABLE c;",
        );
        let err = p.shale(&["upgrade", "head"]).fails(1).to_string();
        assert!(
            err.contains(R2) && err.contains(R3) && err.contains("merge"),
            "{err}"
        );
        let heads = p.shale(&["heads"]).ok().to_string();
        assert!(heads.contains(R2) && heads.contains(R3), "{heads}");
        assert!(p.shale(&["branches"]).ok().contains(R1));
        p.shale(&["upgrade", "heads"]).ok();
        assert!(db.has_table("b") && db.has_table("c"));
        let current = p.shale(&["current"]).ok().to_string();
        assert!(current.contains(R2) && current.contains(R3), "{current}");

        p.shale(&["merge", "-m", "join", "--rev-id", "ddddddddddd4", "heads"])
            .ok();
        assert!(p.shale(&["history"]).ok().contains("(mergepoint)"));
        p.shale(&["upgrade", "head"]).ok();
        assert_eq!(p.shale(&["current"]).ok().trim(), "ddddddddddd4 (head)");
        assert_eq!(
            db.column("SELECT version_num FROM shale_version"),
            ["ddddddddddd4"]
        );
        // Down through the merge: both branches come back as heads.
        p.shale(&["downgrade", "-1"]).ok();
        assert_eq!(
            db.column("SELECT version_num FROM shale_version ORDER BY version_num"),
            [R2, R3]
        );
        p.shale(&["downgrade", R1]).ok();
        assert!(!db.has_table("b") && !db.has_table("c") && db.has_table("a"));
    });
}

#[test]
fn a_failing_statement_names_file_line_and_statement() {
    each_db(|db| {
        let p = Proj::new(&db.url);
        p.rev(
            R1,
            &[],
            "CREATE TABLE a (id INTEGER PRIMARY KEY);",
            "DROP TABLE a;",
        );
        let bad = p.rev(
            R2,
            &[R1],
            "CREATE TABLE b (id INTEGER PRIMARY KEY);\nINSERT INTO no_such_table VALUES (1);",
            "DROP TABLE b;",
        );
        let run = p.shale(&["upgrade", "head"]);
        let err = run.fails(1).to_string();
        // The failing revision's line is out before it runs, and says it stopped.
        assert!(
            run.stdout.contains(&format!("-> {R2}")) && run.stdout.trim_end().ends_with("stopped"),
            "{}",
            run.stdout
        );
        let file = bad.file_name().unwrap().to_string_lossy().to_string();
        assert!(err.contains(&format!("{file}:7")), "{err}");
        assert!(err.contains("INSERT INTO no_such_table"), "{err}");
        assert!(err.contains("no_such_table"), "{err}");
        assert_eq!(db.column("SELECT version_num FROM shale_version"), [R1]);
        if db.kind == Kind::Mysql {
            // DDL is not transactional: the first statement took effect and is named.
            assert!(
                err.contains("Statements 1-1 of 2 had taken effect")
                    && err.contains("CREATE TABLE b"),
                "{err}"
            );
            assert!(db.has_table("b"));
            let again = p.shale(&["upgrade", "head"]).fails(1).to_string();
            assert!(
                again.contains("failed during upgrade in statement 2 of 2")
                    && again.contains(&format!("{file}:7"))
                    && again.contains("--resume")
                    && again.contains("shale stamp"),
                "{again}"
            );
            let status = p.shale(&["status", "--json"]);
            assert_eq!(status.code, 1, "status of a blocked database exits 1");
            let json: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
            let i = &json["interrupted"];
            assert_eq!(
                (i["done"].as_u64(), i["total"].as_u64()),
                (Some(1), Some(2))
            );
            assert_eq!(i["running"], false, "{json}");
            // The way out: fix the failed statement, then resume after the one applied.
            std::fs::write(
                &bad,
                std::fs::read_to_string(&bad).unwrap().replace(
                    "INSERT INTO no_such_table VALUES (1);",
                    "INSERT INTO b VALUES (1);",
                ),
            )
            .unwrap();
            p.shale(&["upgrade", "--resume"]).ok();
            assert_eq!(db.column("SELECT id FROM b"), ["1"]);
            assert_eq!(db.column("SELECT version_num FROM shale_version"), [R2]);
            assert_eq!(
                db.column(&format!(
                    "SELECT direction FROM shale_version_history WHERE revision = '{R2}'"
                )),
                ["up"],
                "the progress row became the revision's one history entry"
            );
            return;
        } else {
            assert!(err.contains("rolled back"), "{err}");
            assert!(!db.has_table("b"), "the revision must be rolled back whole");
        }
        std::fs::write(
            &bad,
            std::fs::read_to_string(&bad)
                .unwrap()
                .replace("INSERT INTO no_such_table VALUES (1);", ""),
        )
        .unwrap();
        p.shale(&["upgrade", "head"]).ok();
        assert!(db.has_table("b"));
    });
}

#[test]
fn an_edited_applied_script_is_refused_but_line_endings_are_not_edits() {
    each_db(|db| {
        let p = Proj::new(&db.url);
        let first = p.rev(
            R1,
            &[],
            "CREATE TABLE a (id INTEGER PRIMARY KEY);",
            "DROP TABLE a;",
        );
        p.shale(&["upgrade", "head"]).ok();
        // CRLF and trailing whitespace do not count as changes.
        let text = std::fs::read_to_string(&first).unwrap();
        std::fs::write(&first, text.replace('\n', "  \r\n")).unwrap();
        p.rev(
            R2,
            &[R1],
            "CREATE TABLE b (id INTEGER PRIMARY KEY);",
            "DROP TABLE b;",
        );
        p.shale(&["upgrade", "head"]).ok();
        // A real edit is refused, naming the file.
        std::fs::write(
            &first,
            text.replace("PRIMARY KEY)", "PRIMARY KEY, x INTEGER)"),
        )
        .unwrap();
        p.rev(
            R3,
            &[R2],
            "CREATE TABLE c (id INTEGER PRIMARY KEY);",
            "DROP TABLE c;",
        );
        let err = p.shale(&["upgrade", "head"]).fails(1).to_string();
        assert!(
            err.contains(R1)
                && err.contains(&first.file_name().unwrap().to_string_lossy().to_string()),
            "{err}"
        );
        assert!(err.contains("changed after it was applied"), "{err}");
        assert!(!db.has_table("c"));
    });
}

#[test]
fn a_database_at_an_unknown_revision_is_not_base() {
    each_db(|db| {
        let p = linear(db);
        p.shale(&["upgrade", "head"]).ok();
        let third = std::fs::read_dir(p.versions())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|f| f.to_string_lossy().contains(R3))
            .unwrap();
        std::fs::remove_file(third).unwrap();
        for cmd in [
            &["upgrade", "head"][..],
            &["current"],
            &["downgrade", "-1"],
            &["status"],
        ] {
            let run = p.shale(cmd);
            // `status` shows the state on stdout and exits 1; the others fail with it.
            let err = format!("{}{}", run.fails(1), run.stdout);
            assert!(
                err.contains(R3) && err.contains("no script"),
                "{cmd:?}: {err}"
            );
        }
        // stamp repairs it.
        p.shale(&["stamp", R2]).ok();
        assert_eq!(p.shale(&["current"]).ok().trim(), format!("{R2} (head)"));
    });
}

#[test]
fn stamp_records_without_running() {
    each_db(|db| {
        let p = linear(db);
        p.shale(&["stamp", "head"]).ok();
        assert!(!db.has_table("users"));
        assert_eq!(p.shale(&["current"]).ok().trim(), format!("{R3} (head)"));
        p.shale(&["stamp", "base"]).ok();
        assert_eq!(
            p.shale(&["current"]).ok().trim(),
            "base (no revision applied)"
        );
        assert_eq!(
            db.column("SELECT direction FROM shale_version_history ORDER BY id"),
            ["stamp", "stamp"]
        );
    });
}

#[test]
fn sql_mode_prints_and_applies_nothing() {
    each_db(|db| {
        let p = linear(db);
        let sql = p.shale(&["upgrade", "--sql"]).ok().to_string();
        assert!(
            sql.contains("CREATE TABLE IF NOT EXISTS shale_version"),
            "{sql}"
        );
        assert!(sql.contains("BEGIN") && sql.contains("COMMIT;"), "{sql}");
        assert!(sql.contains("ALTER TABLE users ADD COLUMN email"), "{sql}");
        assert!(
            sql.contains(&format!(
                "INSERT INTO shale_version (version_num) VALUES ('{R1}')"
            )),
            "{sql}"
        );
        assert!(!db.has_table("users"));
        p.shale(&["upgrade", R1]).ok();
        let sql = p.shale(&["upgrade", "--sql"]).ok().to_string();
        assert!(
            !sql.contains("CREATE TABLE users") && sql.contains("ADD COLUMN email"),
            "{sql}"
        );
        let down = p.shale(&["downgrade", "--sql", "base"]).ok().to_string();
        assert!(
            down.contains("DROP TABLE users") && down.contains("DELETE FROM shale_version")
                || down.contains("DROP TABLE users"),
            "{down}"
        );
        assert!(db.has_table("users"));
        // A FROM:TO range works with no database at all.
        let offline = Proj::new("postgres://nobody:secret@127.0.0.1:1/none");
        offline.rev(R1, &[], "CREATE TABLE a (id INT);", "DROP TABLE a;");
        offline.rev(R2, &[R1], "CREATE TABLE b (id INT);", "DROP TABLE b;");
        let sql = offline
            .shale(&["upgrade", "--sql", "base:head"])
            .ok()
            .to_string();
        assert!(
            sql.contains("CREATE TABLE a") && sql.contains("CREATE TABLE b"),
            "{sql}"
        );
        let sql = offline
            .shale(&["upgrade", "--sql", &format!("{R1}:{R2}")])
            .ok()
            .to_string();
        assert!(
            !sql.contains("CREATE TABLE a") && sql.contains("CREATE TABLE b"),
            "{sql}"
        );
        let err = offline.shale(&["upgrade", "--sql"]).fails(2).to_string();
        assert!(err.contains("FROM:TO") && !err.contains("secret"), "{err}");
    });
}

#[test]
fn irreversible_and_non_transactional_revisions() {
    each_db(|db| {
        let p = Proj::new(&db.url);
        p.rev(
            R1,
            &[],
            "CREATE TABLE a (id INTEGER PRIMARY KEY);",
            "DROP TABLE a;",
        );
        p.rev_with(
            R2,
            &[R1],
            "-- shale:transaction off",
            "CREATE TABLE b (id INTEGER PRIMARY KEY);",
            "DROP TABLE b;",
        );
        p.rev(R3, &[R2], "DROP TABLE a;", "-- shale:irreversible");
        let sql = p.shale(&["upgrade", "--sql"]).ok().to_string();
        // Outside a transaction, a progress row records each statement before it runs.
        let b = sql.find("CREATE TABLE b").unwrap();
        let (before_b, after_b) = sql.split_at(b);
        let opened = before_b
            .trim_end()
            .rsplit_once(&format!("-- Running upgrade {R2} (revision {R2})"))
            .unwrap_or_else(|| panic!("{sql}"))
            .1;
        assert!(
            !opened.contains("BEGIN") && opened.contains("'running'"),
            "{sql}"
        );
        assert!(after_b.contains("SET direction = 'up'"), "{sql}");
        p.shale(&["upgrade", "head"]).ok();
        // The whole plan is checked first: nothing above the irreversible revision is
        // reverted before the refusal.
        p.rev(
            R4,
            &[R3],
            "CREATE TABLE d (id INTEGER PRIMARY KEY);",
            "DROP TABLE d;",
        );
        p.shale(&["upgrade", "head"]).ok();
        let err = p.shale(&["downgrade", "base"]).fails(1).to_string();
        assert!(err.contains("irreversible") && err.contains(R3), "{err}");
        assert!(err.contains("Nothing was run"), "{err}");
        assert!(db.has_table("b") && db.has_table("d"));
        assert_eq!(db.column("SELECT version_num FROM shale_version"), [R4]);
    });
}

#[test]
fn new_revisions_from_the_cli() {
    each_db(|db| {
        let p = Proj::new(&db.url);
        let out = p
            .shale(&["revision", "-m", "create users"])
            .ok()
            .to_string();
        assert!(out.contains("create_users.sql"), "{out}");
        p.shale(&["revision", "-m", "second", "--rev-id", "abcdef123456"])
            .ok();
        let show = p.shale(&["show", "abcdef"]).ok().to_string();
        assert!(
            show.contains("-- shale:revision abcdef123456") && show.contains("second"),
            "{show}"
        );
        let err = p
            .shale(&["revision", "-m", "dup", "--rev-id", "abcdef123456"])
            .fails(2)
            .to_string();
        assert!(err.contains("already exists"), "{err}");
        // Empty scripts apply and revert.
        p.shale(&["upgrade"]).ok();
        p.shale(&["downgrade", "base"]).ok();
        // --head base starts a second root.
        p.shale(&[
            "revision",
            "-m",
            "other root",
            "--head",
            "base",
            "--rev-id",
            "fedcba654321",
        ])
        .ok();
        assert_eq!(p.shale(&["heads"]).ok().lines().count(), 2);
    });
}

#[test]
fn history_ranges_and_verbose() {
    let db = TestDb::create(Kind::Sqlite).unwrap();
    let p = linear(&db);
    let out = p
        .shale(&["history", "-r", &format!("{R2}:")])
        .ok()
        .to_string();
    assert_eq!(out.lines().count(), 2, "{out}");
    let out = p
        .shale(&["history", "-r", &format!(":{R2}")])
        .ok()
        .to_string();
    assert_eq!(out.lines().count(), 2, "{out}");
    let out = p.shale(&["history", "-v"]).ok().to_string();
    assert!(
        out.contains("Path: ") && out.contains("Parent: <base>"),
        "{out}"
    );
    let err = p.shale(&["history", "-r", "nonsense"]).fails(2).to_string();
    assert!(err.contains("START:END"), "{err}");
}

/// A revision runs as one batch where it can: whichever statement fails, by syntax or
/// at run time, is the one the error names, and nothing of the revision stays.
#[test]
fn the_failed_statement_of_a_batched_revision_is_named() {
    let cases = [
        // A syntax error: PostgreSQL refuses the whole text before running any of it.
        ("CREATE TABLE b (id INTEGER PRIMARY KEY);\nCREATE TABLE c (id INTEGER,, x);\nCREATE TABLE d (id INTEGER);", 7, "CREATE TABLE c"),
        // A run-time error with no position in the text: a duplicate key.
        ("CREATE TABLE b (id INTEGER PRIMARY KEY);\nINSERT INTO b VALUES (1);\nINSERT INTO b VALUES (1);\nCREATE TABLE d (id INTEGER);", 8, "INSERT INTO b VALUES (1)"),
    ];
    each_db(|db| {
        for (upgrade, line, statement) in cases {
            let p = Proj::new(&db.url);
            p.rev(R1, &[], upgrade, "DROP TABLE b;");
            let err = p.shale(&["upgrade", "head"]).fails(1).to_string();
            assert!(err.contains(&format!(":{line}:")), "{err}");
            assert!(err.contains(statement), "{err}");
            assert!(!db.has_table("d"), "{err}");
            if db.kind != Kind::Mysql {
                assert!(!db.has_table("b"), "rolled back whole: {err}");
            } else {
                db.execute("DROP TABLE IF EXISTS b");
                db.execute("DROP TABLE IF EXISTS shale_version_history");
                db.execute("DROP TABLE IF EXISTS shale_version");
            }
        }
    });
}

/// `shale upgrade head | head -1`: a reader that goes away must neither abandon the
/// migration nor make shale panic; the output is dropped and the run finishes.
#[test]
fn a_closed_stdout_does_not_stop_a_run() {
    let db = TestDb::create(Kind::Sqlite).expect("SQLite needs no server");
    let p = linear(&db);
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let out = crate::support::shale_cmd(p.path())
        .args(["upgrade", "head"])
        .stdout(writer)
        .output()
        .expect("run shale");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(p.shale(&["current"]).ok().trim(), format!("{R3} (head)"));
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let history = crate::support::shale_cmd(p.path())
        .args(["history"])
        .stdout(writer)
        .output()
        .expect("run shale");
    assert!(history.status.success());
}

/// What `upgrade --sql base:head` prints, replayed statement by statement on an empty
/// database, leaves the same schema, version rows and history as the online run —
/// transactional revisions, a `transaction off` one and (on MySQL) one of DDL alike.
#[test]
fn sql_output_replayed_equals_the_online_run() {
    each_db(|online| {
        let Some(replayed) = TestDb::create(online.kind) else {
            return;
        };
        let p = Proj::new(&online.url);
        p.rev(
            R1,
            &[],
            "CREATE TABLE a (id INTEGER PRIMARY KEY);",
            "DROP TABLE a;",
        );
        p.rev_with(
            R2,
            &[R1],
            "-- shale:transaction off",
            "CREATE TABLE b (id INTEGER PRIMARY KEY);\nINSERT INTO a VALUES (1);",
            "DROP TABLE b;\nDELETE FROM a;",
        );
        p.rev(
            R3,
            &[R2],
            "CREATE TABLE c (id INTEGER PRIMARY KEY);\nINSERT INTO a VALUES (2);",
            "DROP TABLE c;\nDELETE FROM a WHERE id = 2;",
        );
        let sql = p.shale(&["upgrade", "--sql", "base:head"]).ok().to_string();
        p.shale(&["upgrade", "head"]).ok();
        crate::support::replay(&replayed.url, &sql).unwrap();
        let facts = |db: &TestDb| {
            let tables = match db.kind {
                Kind::Sqlite => db.column(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
                ),
                Kind::Postgres => db.column(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
                ),
                Kind::Mysql => db.column(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name",
                ),
            };
            (
                tables,
                db.column("SELECT id FROM a ORDER BY id"),
                db.column("SELECT version_num FROM shale_version"),
                db.query(
                    "SELECT revision, direction, checksum, detail FROM shale_version_history ORDER BY id",
                ),
            )
        };
        assert_eq!(
            facts(online),
            facts(&replayed),
            "{}\n{sql}",
            online.kind.name()
        );
    });
}

/// A downgrade that fails half-way outside a transaction names the command that resumes
/// it — `downgrade -1 --resume`, since downgrade needs a target — and that command works.
#[test]
fn an_interrupted_downgrade_is_resumed_as_the_message_says() {
    each_db(|db| {
        let p = Proj::new(&db.url);
        let path = p.rev_with(
            R1,
            &[],
            "-- shale:transaction off",
            "CREATE TABLE x (id INTEGER);\nCREATE TABLE y (id INTEGER);",
            "DROP TABLE y;\nDROP TABLE nonexistent;\nDROP TABLE x;",
        );
        p.shale(&["upgrade", "head"]).ok();
        let err = p.shale(&["downgrade", "base"]).fails(1).to_string();
        assert!(err.contains("`shale downgrade -1 --resume`"), "{err}");
        assert!(err.contains("outside a transaction"), "{err}");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("DROP TABLE nonexistent;\n", "")).unwrap();
        p.shale(&["downgrade", "-1", "--resume"]).ok();
        assert!(!db.has_table("x") && !db.has_table("y"));
        assert_eq!(
            p.shale(&["current"]).ok().trim(),
            "base (no revision applied)"
        );
    });
}
