//! Lock timeouts with retry, against a real blocking session: another connection holds a
//! lock on the table in an open transaction. Released after a while, the upgrade succeeds
//! after retries and says so; never released, it fails naming the statement and the
//! retries, and the version table stays where it was. On PostgreSQL a transactional
//! revision retries its whole transaction and a transaction-off one the statement; on
//! MariaDB (DDL outside transactions) the statement — and there a statement that takes a
//! table's metadata lock first waits, without queueing, for other sessions' long
//! transactions to end, so that writers never queue behind it.

use crate::support::{each_db, Proj};
use shale_testkit::{Kind, TestDb};
use std::time::Duration;

/// A project at revision `a1` (table `t` with a row), with revision `b2` pending: its
/// `upgrade` section, `headers` directives, and shale.toml's `locking` keys.
fn project(db: &TestDb, locking: &str, headers: &str, upgrade: &str) -> Proj {
    let p = Proj::new(&db.url);
    std::fs::write(
        p.path().join("shale.toml"),
        format!(
            "script_location = \"migrations\"\nurl = \"{}\"\n{locking}",
            db.url
        ),
    )
    .unwrap();
    p.rev(
        "a1",
        &[],
        "CREATE TABLE t (id INTEGER PRIMARY KEY);",
        "DROP TABLE t;",
    );
    p.shale(&["upgrade", "head"]).ok();
    db.execute("INSERT INTO t (id) VALUES (1)");
    p.rev_with(
        "b2",
        &["a1"],
        headers,
        upgrade,
        "ALTER TABLE t DROP COLUMN c;",
    );
    p
}

/// A session reading `t` in an open transaction: its lock (PostgreSQL ACCESS SHARE, a
/// MariaDB shared metadata lock) makes an ALTER of `t` wait until it ends.
fn reader(db: &TestDb, hold: Duration) -> shale_testkit::Blocker {
    let begin = match db.kind {
        Kind::Mysql => "START TRANSACTION",
        _ => "BEGIN",
    };
    db.block(&[begin, "SELECT * FROM t"], hold)
}

/// The cases per database: (name, shale.toml keys, headers, upgrade, whole revision
/// retried). MariaDB counts its lock timeout in whole seconds (one at least).
fn cases(kind: Kind) -> Vec<(&'static str, &'static str, &'static str, &'static str, bool)> {
    match kind {
        Kind::Postgres => vec![
            (
                "transactional",
                "lock_timeout = \"200ms\"\nlock_retries = 8\n",
                "",
                "ALTER TABLE t ADD COLUMN c INTEGER;\nCREATE TABLE u (id INTEGER);",
                true,
            ),
            (
                "transaction off",
                "lock_timeout = \"200ms\"\nlock_retries = 8\n",
                "-- shale:transaction off\n",
                "ALTER TABLE t ADD COLUMN c INTEGER;\nCREATE TABLE u (id INTEGER);",
                false,
            ),
        ],
        Kind::Mysql => vec![(
            "ddl",
            "lock_timeout = \"1s\"\nlock_retries = 6\n",
            "",
            "ALTER TABLE t ADD COLUMN c INTEGER;\nCREATE TABLE u (id INTEGER);",
            false,
        )],
        Kind::Sqlite => Vec::new(),
    }
}

#[test]
fn online_upgrade_waits_out_a_blocking_reader_with_retries() {
    each_db(|server| {
        for (name, locking, headers, upgrade, whole) in cases(server.kind) {
            eprintln!("case {name}");
            let db = TestDb::create(server.kind).unwrap();
            let p = project(&db, locking, headers, upgrade);
            let hold = match db.kind {
                Kind::Mysql => Duration::from_millis(2500),
                _ => Duration::from_millis(1200),
            };
            let blocker = reader(&db, hold);
            let run = p.shale(&["upgrade", "head"]);
            drop(blocker);
            run.ok();
            let err = &run.stderr;
            if db.kind == Kind::Mysql {
                // The reader is younger than the lock timeout when the ALTER first runs,
                // which may time out once; then it waits for the reader's transaction to
                // end before it queues again.
                assert!(
                    err.contains("'s transaction (open ")
                        && err.contains("to end before `ALTER TABLE t ADD COLUMN c"),
                    "{err}"
                );
            } else {
                assert!(
                    err.contains("waiting for a lock on `ALTER TABLE t ADD COLUMN c"),
                    "{err}"
                );
                assert!(err.contains("retry 1/"), "{err}");
            }
            assert_eq!(
                err.contains("the revision's transaction runs again"),
                whole,
                "{err}"
            );
            assert!(db.has_column("t", "c"));
            assert!(p.shale(&["current"]).ok().contains("b2"));
        }
    });
}

#[test]
fn online_upgrade_gives_up_on_a_lock_never_released() {
    each_db(|server| {
        for (name, locking, headers, upgrade, _) in cases(server.kind) {
            eprintln!("case {name}");
            let db = TestDb::create(server.kind).unwrap();
            let locking = locking.replace("lock_retries = 8", "lock_retries = 2");
            let locking = locking.replace("lock_retries = 6", "lock_retries = 2");
            let p = project(&db, &locking, headers, upgrade);
            let blocker = reader(&db, Duration::from_secs(120));
            let run = p.shale(&["upgrade", "head"]);
            drop(blocker);
            let err = run.fails(1);
            assert!(err.contains("ALTER TABLE t ADD COLUMN c INTEGER"), "{err}");
            assert!(err.contains("Gave up after 2 retries"), "{err}");
            assert!(err.contains("retry 2/2"), "{err}");
            assert!(!db.has_column("t", "c"));
            let current = p.shale(&["current"]);
            assert!(current.stdout.contains("a1"), "{}", current.stdout);
            assert!(!current.stdout.contains("b2"), "{}", current.stdout);
        }
    });
}

/// MariaDB: a project whose pending revision adds a column instantly under a 500 ms lock
/// timeout, and a writer inserting into its table meanwhile.
fn instant_alter_under_writes(db: &TestDb) -> (Proj, shale_testkit::Writer) {
    let p = project(
        db,
        "lock_timeout = \"500ms\"\nlock_retries = 5\n",
        "",
        "ALTER TABLE t ADD COLUMN c INTEGER, ALGORITHM=INSTANT;",
    );
    let writer = db.write(|n| format!("INSERT INTO t (id) VALUES ({})", n + 100));
    (p, writer)
}

/// The writer never failed, wrote on, and never stalled a second or more.
fn assert_unstalled((longest, writes, error): (Duration, u64, Option<String>), over: &str) {
    assert_eq!(error, None);
    assert!(writes > 50, "{writes} writes");
    assert!(
        longest < Duration::from_secs(1),
        "the longest write stalled {longest:?}{over}"
    );
}

/// MariaDB: an `ALTER` of a table another session has read in a transaction open for
/// longer than the lock timeout waits for that transaction to end before it asks for the
/// metadata lock, so that a writer inserting into the table meanwhile never queues behind
/// it: its longest write stays under a second (with `lock_wait_timeout`, whole seconds,
/// each attempt would stall it for a second or more). A reader that outlasts the wait
/// budget leaves the runner to its lock retries.
#[test]
fn online_mysql_ddl_waits_for_long_transactions_without_stalling_writers() {
    let Some(db) = TestDb::create(Kind::Mysql) else {
        return;
    };
    let (p, writer) = instant_alter_under_writes(&db);
    let blocker = reader(&db, Duration::from_millis(3000));
    // The reader's transaction is older than the lock timeout when the upgrade starts.
    std::thread::sleep(Duration::from_millis(1000));
    let started = std::time::Instant::now();
    let run = p.shale(&["upgrade", "head"]);
    let took = started.elapsed();
    drop(blocker);
    run.ok();
    let err = &run.stderr;
    assert!(
        err.contains("to end before `ALTER TABLE t ADD COLUMN c INTEGER, ALGORITHM=INSTANT` takes its table's metadata lock"),
        "{err}"
    );
    assert!(
        !err.contains("waiting for a lock on"),
        "no lock retry: {err}"
    );
    assert!(took >= Duration::from_millis(1500), "it waited: {took:?}");
    assert!(db.has_column("t", "c"));
    assert_unstalled(writer.stop(), "");
}

/// MariaDB: a reader whose transaction opened just before the upgrade (younger than the
/// lock timeout, and in InnoDB's whole seconds not yet old at all) is waited for too: the
/// `ALTER` waits for every transaction open when it first looks, so the writer never
/// queues behind it for `lock_wait_timeout`'s second.
///
/// It runs in the parallel suite, whose other runs poll the same server: the runner reads
/// InnoDB's status, not `INNODB_TRX`, whose cache such polling keeps stale.
#[test]
fn online_mysql_ddl_waits_for_a_young_reader_without_stalling_writers() {
    let Some(db) = TestDb::create(Kind::Mysql) else {
        return;
    };
    let (p, writer) = instant_alter_under_writes(&db);
    let trials = 3;
    for trial in 0..trials {
        if trial > 0 {
            p.shale(&["downgrade", "-1"]).ok();
        }
        let blocker = reader(&db, Duration::from_millis(2500));
        let run = p.shale(&["upgrade", "head"]);
        drop(blocker);
        run.ok();
        assert!(
            !run.stderr.contains("waiting for a lock on"),
            "no lock retry: {}",
            run.stderr
        );
        assert!(db.has_column("t", "c"));
    }
    assert_unstalled(writer.stop(), &format!(" over {trials} trials"));
}

/// A concurrent unique index build over duplicate rows fails and leaves an INVALID index:
/// the runner drops it and says so, and once the rows are fixed `--resume` builds it. An
/// INVALID index found before the build (left by a build that was killed) is dropped
/// before building again.
#[test]
fn online_invalid_index_from_a_failed_concurrent_build_is_dropped() {
    let Some(db) = TestDb::create(Kind::Postgres) else {
        return;
    };
    let p = Proj::new(&db.url);
    p.rev(
        "a1",
        &[],
        "CREATE TABLE t (id INTEGER PRIMARY KEY, email TEXT);",
        "DROP TABLE t;",
    );
    p.shale(&["upgrade", "head"]).ok();
    db.execute("INSERT INTO t VALUES (1, 'a'), (2, 'a'), (3, 'b')");
    p.rev_with(
        "b2",
        &["a1"],
        "-- shale:transaction off\n",
        "CREATE TABLE u (id INTEGER);\nCREATE UNIQUE INDEX CONCURRENTLY uq_t_email ON t (email);",
        "DROP INDEX CONCURRENTLY uq_t_email;\nDROP TABLE u;",
    );
    let index =
        "SELECT indisvalid::text FROM pg_index WHERE indexrelid = to_regclass('uq_t_email')";
    let err = p.shale(&["upgrade", "head"]).fails(1).to_string();
    assert!(
        err.contains(
            "dropped the INVALID index \"uq_t_email\" that the failed concurrent build (line"
        ),
        "{err}"
    );
    assert!(err.contains("could not create unique index"), "{err}");
    assert!(db.column(index).is_empty(), "the INVALID index is gone");
    db.execute("DELETE FROM t WHERE id = 2");
    p.shale(&["upgrade", "--resume"]).ok();
    assert_eq!(db.column(index), ["true"]);

    // A build killed part-way leaves the same: made here by a build that fails on its own.
    p.shale(&["downgrade", "a1"]).ok();
    db.execute("INSERT INTO t VALUES (5, 'c'), (6, 'c')");
    let status = std::process::Command::new("psql")
        .args([
            &db.url,
            "-q",
            "-c",
            "CREATE UNIQUE INDEX CONCURRENTLY uq_t_email ON t (email)",
        ])
        .stderr(std::process::Stdio::null())
        .status()
        .expect("psql runs");
    assert!(!status.success());
    assert_eq!(db.column(index), ["false"]);
    db.execute("DELETE FROM t WHERE id = 6");
    let run = p.shale(&["upgrade", "head"]);
    run.ok();
    assert!(
        run.stderr.contains(
            "dropped the INVALID index \"uq_t_email\" left by an earlier concurrent build"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(db.column(index), ["true"]);
}

/// `statement_timeout` (shale.toml) and `--statement-timeout` cancel a statement that runs
/// longer: PostgreSQL `statement_timeout`, MariaDB `max_statement_time`.
#[test]
fn online_statement_timeout_cancels_a_long_statement() {
    each_db(|db| {
        let sleep = match db.kind {
            Kind::Postgres => "SELECT pg_sleep(2);",
            Kind::Mysql => "SELECT SLEEP(2);",
            Kind::Sqlite => return,
        };
        let p = project(db, "statement_timeout = \"300ms\"\n", "", sleep);
        let err = p.shale(&["upgrade", "head"]).fails(1).to_string();
        let expected = match db.kind {
            Kind::Postgres => "statement timeout",
            _ => "max_statement_time",
        };
        assert!(err.contains(expected), "{err}");
        // The flag wins over the file: long enough, the statement runs.
        p.shale(&["upgrade", "head", "--statement-timeout", "10s"])
            .ok();
    });
}
