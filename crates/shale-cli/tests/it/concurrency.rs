//! Concurrent runs and killed processes.

use crate::support::{shale_cmd, Proj};
use shale_testkit::{Kind, TestDb};
use std::process::Stdio;
use std::time::{Duration, Instant};

const RUNS: usize = 8;
const REVISIONS: usize = 12;

fn concurrent_upgrades(kind: Kind) {
    let Some(db) = TestDb::create(kind) else {
        return;
    };
    let p = Proj::new(&db.url);
    let mut parent: Vec<String> = Vec::new();
    for i in 0..REVISIONS {
        let rev = format!("{i:012x}");
        let parents: Vec<&str> = parent.iter().map(String::as_str).collect();
        p.rev(
            &rev,
            &parents,
            &format!("CREATE TABLE t{i} (id INTEGER PRIMARY KEY);"),
            &format!("DROP TABLE t{i};"),
        );
        parent = vec![rev];
    }
    let children: Vec<_> = (0..RUNS)
        .map(|_| {
            shale_cmd(p.path())
                .args(["upgrade", "head"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn shale")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}: a concurrent run failed: {}",
            kind.name(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let ups =
        db.column("SELECT revision FROM shale_version_history WHERE direction = 'up' ORDER BY id");
    let expected: Vec<String> = (0..REVISIONS).map(|i| format!("{i:012x}")).collect();
    assert_eq!(
        ups,
        expected,
        "{}: every revision exactly once, in order",
        kind.name()
    );
    assert_eq!(
        db.column("SELECT version_num FROM shale_version"),
        [format!("{:012x}", REVISIONS - 1)]
    );
}

#[test]
fn eight_concurrent_upgrades_on_postgres() {
    concurrent_upgrades(Kind::Postgres);
}

#[test]
fn eight_concurrent_upgrades_on_mariadb() {
    concurrent_upgrades(Kind::Mysql);
}

#[test]
fn eight_concurrent_upgrades_on_sqlite() {
    concurrent_upgrades(Kind::Sqlite);
}

/// A process killed in the middle of a revision leaves the database at the previous one.
fn killed_mid_revision(kind: Kind, slow: &str) {
    let Some(db) = TestDb::create(kind) else {
        return;
    };
    let p = Proj::new(&db.url);
    p.rev(
        "aaaaaaaaaaa1",
        &[],
        "CREATE TABLE a (id INTEGER PRIMARY KEY);",
        "DROP TABLE a;",
    );
    let second = p.rev(
        "bbbbbbbbbbb2",
        &["aaaaaaaaaaa1"],
        &format!("CREATE TABLE b (id INTEGER PRIMARY KEY);\nINSERT INTO a VALUES (1);\n{slow};"),
        "DROP TABLE b;",
    );
    let mut child = shale_cmd(p.path())
        .args(["upgrade", "head"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the first revision is committed and the slow one is under way.
    let start = Instant::now();
    let committed = || {
        db.has_table("shale_version_history")
            && db.column("SELECT COUNT(*) FROM shale_version_history") == ["1"]
    };
    while !committed() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the first revision never committed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(700));
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        db.column("SELECT version_num FROM shale_version"),
        ["aaaaaaaaaaa1"]
    );
    assert!(
        !db.has_table("b"),
        "{}: the killed revision must leave nothing",
        kind.name()
    );
    assert_eq!(db.column("SELECT COUNT(*) FROM a"), ["0"]);
    if kind == Kind::Sqlite {
        // Nothing is lost: the next run applies the revision once the slow part is gone.
        let text = std::fs::read_to_string(&second)
            .unwrap()
            .replace(&format!("{slow};"), "");
        std::fs::write(&second, text).unwrap();
        p.shale(&["upgrade", "head"]).ok();
        assert!(db.has_table("b"));
    }
}

#[test]
fn killed_mid_revision_on_postgres() {
    killed_mid_revision(Kind::Postgres, "SELECT pg_sleep(20)");
}

#[test]
fn killed_mid_revision_on_sqlite() {
    killed_mid_revision(
        Kind::Sqlite,
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) SELECT COUNT(*) FROM c",
    );
}

/// A linear history r1 → r2 → r3 of one table each.
fn three_tables(p: &Proj) {
    let mut parent: Vec<&str> = Vec::new();
    for (i, rev) in [R1, R2, R3].into_iter().enumerate() {
        p.rev(
            rev,
            &parent,
            &format!("CREATE TABLE t{i} (id INTEGER PRIMARY KEY);"),
            &format!("DROP TABLE t{i};"),
        );
        parent = vec![rev];
    }
}

const R1: &str = "aaaaaaaaaaa1";
const R2: &str = "bbbbbbbbbbb2";
const R3: &str = "ccccccccccc3";

/// Version rows written by hand that are not a valid set of heads are a clear error on
/// every command that reads them — at once, never a retry loop — naming the rows and
/// `shale stamp`, which repairs them.
#[test]
fn hostile_version_rows_are_refused_and_stamp_repairs_them() {
    crate::support::each_db(|db| {
        let p = Proj::new(&db.url);
        three_tables(&p);
        p.shale(&["upgrade", R2]).ok();
        let cases: [(&str, &str); 3] = [
            (R1, "is an ancestor of"),
            ("", "empty revision id"),
            ("fffffffffff9", "which no script has"),
        ];
        for (stray, problem) in cases {
            db.execute(&format!("INSERT INTO shale_version VALUES ('{stray}')"));
            for cmd in [
                &["upgrade", "head"][..],
                &["downgrade", "-1"],
                &["current"],
                &["status"],
            ] {
                let start = Instant::now();
                let run = p.shale(cmd);
                let text = format!("{}{}", run.fails(1), run.stdout);
                assert!(
                    start.elapsed() < Duration::from_secs(20),
                    "{cmd:?} took {:?}",
                    start.elapsed()
                );
                assert!(
                    text.contains(problem)
                        && text.contains(&format!("'{stray}'"))
                        && text.contains("shale stamp"),
                    "{} {cmd:?} with row '{stray}': {text}",
                    db.kind.name()
                );
            }
            assert!(!db.has_table("t2"), "nothing ran");
            p.shale(&["stamp", R2]).ok();
            assert_eq!(db.column("SELECT version_num FROM shale_version"), [R2]);
        }
        p.shale(&["upgrade", "head"]).ok();
        assert!(db.has_table("t2"));
    });
}

/// A second run waiting for the lock says who holds it, and `--lock-timeout` gives up with
/// exit 1 naming the holder, while the first run finishes undisturbed.
fn lock_wait_is_visible(kind: Kind, slow: &str) {
    let Some(db) = TestDb::create(kind) else {
        return;
    };
    let p = Proj::new(&db.url);
    p.rev(R1, &[], &format!("{slow};"), "");
    let first = shale_cmd(p.path())
        .args(["upgrade", "head"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the first run holds the lock (its revision's progress row is not
    // written for a transactional revision: look for the lock's session instead).
    std::thread::sleep(Duration::from_millis(700));
    let start = Instant::now();
    let gave_up = p.shale(&["upgrade", "head", "--lock-timeout", "300ms"]);
    let err = gave_up.fails(1);
    assert!(
        err.contains("gave up waiting for the migration lock")
            && err.contains("held by")
            && err.contains(match kind {
                Kind::Postgres => "PostgreSQL backend",
                _ => "MySQL connection",
            }),
        "{err}"
    );
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    let waiter = p.shale(&["upgrade", "head"]);
    waiter.ok();
    assert!(
        waiter
            .stderr
            .contains("Waiting for the migration lock held by")
            || waiter.stdout.contains("Nothing to do"),
        "{}",
        waiter.stderr
    );
    let out = first.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        db.column("SELECT revision FROM shale_version_history WHERE direction = 'up'"),
        [R1]
    );
}

#[test]
fn lock_wait_is_visible_on_postgres() {
    lock_wait_is_visible(Kind::Postgres, "SELECT pg_sleep(3)");
}

#[test]
fn lock_wait_is_visible_on_mariadb() {
    lock_wait_is_visible(Kind::Mysql, "DO SLEEP(3)");
}

/// A run killed while the server builds a column (MariaDB, a copying ALTER) or an index
/// (PostgreSQL, `CREATE INDEX CONCURRENTLY` outside a transaction): the server finishes the
/// statement after the client died. The next run says so — it looked at the schema — and
/// points at `--resume-from`, which completes the revision without running it again.
fn killed_during_ddl_is_judged_from_the_schema(kind: Kind, revision: &str, found: &str) {
    let Some(db) = TestDb::create(kind) else {
        return;
    };
    let p = Proj::new(&db.url);
    let fill = match kind {
        Kind::Postgres => "INSERT INTO big SELECT g, g FROM generate_series(1, 400000) g;",
        _ => "INSERT INTO big SELECT seq, seq FROM seq_1_to_400000;",
    };
    p.rev(
        R1,
        &[],
        &format!("CREATE TABLE big (id INT PRIMARY KEY, n INT);\n{fill}"),
        "DROP TABLE big;",
    );
    p.rev_with(
        R2,
        &[R1],
        "-- shale:transaction off\n",
        revision,
        "SELECT 1;",
    );
    p.shale(&["upgrade", R1]).ok();
    let victim = crate::support::Spawned::new(p.path(), &["-v", "upgrade", "head"]);
    let start = Instant::now();
    while !victim.stdout_has("[2/2]") {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "never reached statement 2"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    // Past the start of the statement on the server: on MariaDB the runner first reads
    // the other sessions' transactions (`long_transactions`), a few milliseconds.
    let into_statement = match kind {
        Kind::Mysql => 250,
        _ => 50,
    };
    std::thread::sleep(Duration::from_millis(into_statement));
    victim.kill();
    let err = p.shale(&["upgrade", "head"]).fails(1).to_string();
    assert!(
        err.contains("was interrupted during upgrade")
            && err.contains(&format!(
                "shale looked: {found}, so statement 2 did take effect"
            ))
            && err.contains("--resume-from 3"),
        "{err}"
    );
    let status = p.shale(&["status", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(json["interrupted"]["took_effect"], true, "{json}");
    assert_eq!(json["interrupted"]["evidence"], found, "{json}");
    p.shale(&["upgrade", "--resume-from", "3"]).ok();
    assert_eq!(db.column("SELECT version_num FROM shale_version"), [R2]);
    p.shale(&["downgrade", "base"]).ok();
}

#[test]
fn killed_during_ddl_is_judged_from_the_schema_on_mariadb() {
    killed_during_ddl_is_judged_from_the_schema(
        Kind::Mysql,
        "SELECT 1;\nALTER TABLE big ADD COLUMN extra INT NOT NULL DEFAULT 7, ALGORITHM=COPY;",
        "column big.extra exists",
    );
}

#[test]
fn killed_during_ddl_is_judged_from_the_schema_on_postgres() {
    killed_during_ddl_is_judged_from_the_schema(
        Kind::Postgres,
        "SELECT 1;\nCREATE INDEX CONCURRENTLY ix_big_n ON big (n, id);",
        "index or constraint ix_big_n exists",
    );
}

/// MariaDB commits DDL by itself: a run killed inside a revision of DDL and inserts leaves
/// it half applied. The next run refuses, saying which statement was running; `status`
/// shows it; `--resume-from` skips the statement that did take effect; nothing runs twice.
#[test]
fn killed_mid_revision_on_mariadb_is_reported_and_resumed() {
    let Some(db) = TestDb::create(Kind::Mysql) else {
        return;
    };
    let p = Proj::new(&db.url);
    p.rev(
        R1,
        &[],
        "CREATE TABLE runlog (n INT);",
        "DROP TABLE runlog;",
    );
    p.rev(
        R2,
        &[R1],
        "INSERT INTO runlog VALUES (1);\nCREATE TABLE t9 (id INT);\nDO SLEEP(4);\nINSERT INTO runlog VALUES (4);",
        "DROP TABLE t9;\nDELETE FROM runlog;",
    );
    let mut child = shale_cmd(p.path())
        .args(["upgrade", "head"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !db.has_table("t9") {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "never reached the sleep"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    let err = p.shale(&["upgrade", "head"]).fails(1).to_string();
    assert!(
        err.contains("was interrupted during upgrade")
            && err.contains("after 2 of its 4 statements")
            && err.contains("statement 3")
            && err.contains("--resume-from 4"),
        "{err}"
    );
    let status = p.shale(&["status", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(json["interrupted"]["revision"], R2, "{json}");
    assert_eq!(json["interrupted"]["done"], 2);
    assert_eq!(json["interrupted"]["running"], true);
    assert_eq!(
        db.column("SELECT n FROM runlog"),
        ["1"],
        "no statement ran twice"
    );
    // The sleep has no lasting effect: skip it.
    p.shale(&["upgrade", "--resume-from", "4"]).ok();
    assert_eq!(db.column("SELECT n FROM runlog ORDER BY n"), ["1", "4"]);
    assert_eq!(db.column("SELECT version_num FROM shale_version"), [R2]);
    p.shale(&["status"]).ok();
    // And back down, and up again from scratch, cleanly.
    p.shale(&["downgrade", "base"]).ok();
    p.rev_with(R3, &[R2], "", "INSERT INTO runlog VALUES (9);", "");
    let text = std::fs::read_to_string(p.versions().join(format!("0001_{R2}.sql"))).unwrap();
    std::fs::write(
        p.versions().join(format!("0001_{R2}.sql")),
        text.replace("DO SLEEP(4);\n", ""),
    )
    .unwrap();
    let err = p.shale(&["upgrade", "head"]);
    err.ok();
    assert_eq!(
        db.column("SELECT n FROM runlog ORDER BY n"),
        ["1", "4", "9"]
    );
}

/// A `-- shale:transaction off` revision that fails half-way on PostgreSQL or SQLite is
/// recorded with its progress like a MySQL one, and resumed after the fix.
#[test]
fn a_non_transactional_revision_resumes_after_a_failure() {
    crate::support::each_db(|db| {
        let p = Proj::new(&db.url);
        p.rev(
            R1,
            &[],
            "CREATE TABLE a (id INTEGER PRIMARY KEY);",
            "DROP TABLE a;",
        );
        let second = p.rev_with(
            R2,
            &[R1],
            "-- shale:transaction off",
            "CREATE TABLE b (id INTEGER PRIMARY KEY);\nINSERT INTO nope VALUES (1);\nINSERT INTO a VALUES (2);",
            "DROP TABLE b;\nDELETE FROM a;",
        );
        let err = p.shale(&["upgrade", "head"]).fails(1).to_string();
        assert!(
            err.contains("statement 2 of 3") && err.contains("--resume"),
            "{err}"
        );
        assert!(db.has_table("b"));
        let again = p.shale(&["upgrade", "head"]).fails(1).to_string();
        assert!(
            again.contains("failed during upgrade in statement 2 of 3"),
            "{again}"
        );
        std::fs::write(
            &second,
            std::fs::read_to_string(&second)
                .unwrap()
                .replace("INSERT INTO nope VALUES (1);", "INSERT INTO b VALUES (1);"),
        )
        .unwrap();
        p.shale(&["upgrade", "--resume"]).ok();
        assert_eq!(db.column("SELECT id FROM b"), ["1"]);
        assert_eq!(db.column("SELECT id FROM a"), ["2"]);
        assert_eq!(
            db.column("SELECT direction FROM shale_version_history ORDER BY id"),
            ["up", "up"]
        );
        let nothing = p.shale(&["upgrade", "--resume"]);
        assert!(
            nothing.fails(2).contains("nothing to resume"),
            "{}",
            nothing.stderr
        );
    });
}

/// Sends `signal` (`INT`, `TERM`) to a child process.
fn send(child: &std::process::Child, signal: &str) {
    let status = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Waits until `ready` holds, at most 30 s.
fn wait_until(what: &str, ready: impl Fn() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < Duration::from_secs(30), "never: {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Ctrl-C or SIGTERM in the middle of a revision cancels its statement on the server, rolls
/// the revision back, frees the lock, says what was applied and exits 128 + the signal.
fn interrupted_run(kind: Kind, signal: &str, slow: &str) {
    let Some(db) = TestDb::create(kind) else {
        return;
    };
    let p = Proj::new(&db.url);
    p.rev(
        R1,
        &[],
        "CREATE TABLE runlog (n INT);",
        "DROP TABLE runlog;",
    );
    let second = p.rev(
        R2,
        &[R1],
        &format!("INSERT INTO runlog VALUES (2);\n{slow};\nINSERT INTO runlog VALUES (3);"),
        "DELETE FROM runlog;",
    );
    let child = shale_cmd(p.path())
        .args(["upgrade", "head"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_until("the first revision committed", || {
        db.has_table("shale_version_history")
            && db.column("SELECT COUNT(*) FROM shale_version_history") == ["1"]
    });
    std::thread::sleep(Duration::from_millis(500));
    let sent = Instant::now();
    send(&child, signal);
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let code = if signal == "INT" { 130 } else { 143 };
    assert_eq!(out.status.code(), Some(code), "{}: {err}", kind.name());
    assert!(
        sent.elapsed() < Duration::from_secs(10),
        "{}: took {:?} to stop",
        kind.name(),
        sent.elapsed()
    );
    assert!(
        err.contains("interrupted by SIG")
            && err.contains(&format!("up {R1}"))
            && err.contains(&format!("revision {R2} was cancelled and rolled back"))
            && err.contains(&format!("The database is at {R1}")),
        "{}: {err}",
        kind.name()
    );
    assert_eq!(
        db.column("SELECT COUNT(*) FROM runlog"),
        ["0"],
        "{}",
        kind.name()
    );
    assert_eq!(db.column("SELECT version_num FROM shale_version"), [R1]);
    // The lock is free at once, and the revision runs whole next time.
    let text = std::fs::read_to_string(&second).unwrap();
    std::fs::write(&second, text.replace(&format!("{slow};\n"), "")).unwrap();
    p.shale(&["upgrade", "head", "--lock-timeout", "2s"]).ok();
    assert_eq!(db.column("SELECT n FROM runlog ORDER BY n"), ["2", "3"]);
}

#[test]
fn interrupted_run_on_postgres() {
    interrupted_run(Kind::Postgres, "INT", "SELECT pg_sleep(30)");
}

#[test]
fn interrupted_run_on_mariadb() {
    // Data statements only: the revision runs in a transaction there too.
    interrupted_run(Kind::Mysql, "TERM", "DO SLEEP(30)");
}

#[test]
fn interrupted_run_on_sqlite() {
    interrupted_run(
        Kind::Sqlite,
        "INT",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000000) SELECT COUNT(*) FROM c",
    );
}

/// `verify` stopped by Ctrl-C while a revision runs on its scratch database drops that
/// database before exiting.
fn interrupted_verify(kind: Kind, slow: &str, activity: &str) {
    let Some(db) = TestDb::create(kind) else {
        return;
    };
    let p = Proj::new(&db.url);
    p.rev(
        R1,
        &[],
        &format!("CREATE TABLE a (n INT);\n{slow};"),
        "DROP TABLE a;",
    );
    let child = shale_cmd(p.path())
        .args(["verify"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The scratch database is the one whose session runs the slow statement.
    let scratch = || db.column(activity).into_iter().next();
    wait_until("verify runs the slow revision", || scratch().is_some());
    let name = scratch().unwrap();
    assert!(name.starts_with("shale_scratch_"), "{name}");
    send(&child, "INT");
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted by SIGINT"), "{err}");
    let left = match kind {
        Kind::Postgres => db.column(&format!(
            "SELECT datname FROM pg_database WHERE datname = '{name}'"
        )),
        _ => db.column(&format!(
            "SELECT schema_name FROM information_schema.schemata WHERE schema_name = '{name}'"
        )),
    };
    assert!(left.is_empty(), "{}: {name} was left behind", kind.name());
}

#[test]
fn interrupted_verify_drops_its_scratch_database_on_postgres() {
    interrupted_verify(
        Kind::Postgres,
        "SELECT pg_sleep(30)",
        "SELECT datname FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' AND datname LIKE 'shale_scratch_%'",
    );
}

#[test]
fn interrupted_verify_drops_its_scratch_database_on_mariadb() {
    interrupted_verify(
        Kind::Mysql,
        "DO SLEEP(30)",
        "SELECT db FROM information_schema.processlist WHERE info LIKE 'DO SLEEP(30)%' AND db LIKE 'shale_scratch_%'",
    );
}

/// `--targets`: one history applied to a fleet of databases of every kind, with bounded
/// parallelism; a canary failure skips the rest; a rerun picks up where each target is;
/// `status --targets` reports each.
#[test]
fn a_fleet_is_upgraded_resumably_with_a_canary() {
    let dbs: Vec<TestDb> = shale_testkit::ALL
        .into_iter()
        .flat_map(|kind| [TestDb::create(kind), TestDb::create(kind)])
        .flatten()
        .collect();
    let p = Proj::new(&dbs[0].url);
    three_tables(&p);
    let list: String = dbs.iter().map(|db| format!("{}\n", db.url)).collect();
    p.write("targets.txt", &format!("# tenants\n{list}"));
    // A canary that cannot connect: nothing else is touched.
    p.write(
        "canary.txt",
        &format!("postgres://postgres@127.0.0.1:1/nope\n{list}"),
    );
    let run = p.shale(&["upgrade", "--targets", "canary.txt", "--canary", "1"]);
    assert!(
        run.fails(1)
            .contains("failed   postgres://postgres@127.0.0.1:1/nope"),
        "{}",
        run.stderr
    );
    assert!(run
        .stdout
        .contains(&format!("0 ok, 1 failed, {} skipped", dbs.len())));
    assert!(dbs.iter().all(|db| !db.has_table("t0")));
    // Half the fleet moves first (as a run stopped part-way would leave it); the full run
    // then takes each target from where it is.
    for db in &dbs[..dbs.len() / 2] {
        p.shale(&["--url", &db.url, "upgrade", R1]).ok();
    }
    let run = p.shale(&["--json", "upgrade", "--targets", "targets.txt", "-j", "3"]);
    let report: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(report["ok"], dbs.len());
    for (db, target) in dbs.iter().zip(report["targets"].as_array().unwrap()) {
        assert_eq!(db.column("SELECT version_num FROM shale_version"), [R3]);
        let ups = db.column("SELECT revision FROM shale_version_history WHERE direction = 'up'");
        assert_eq!(ups, [R1, R2, R3], "each revision once on {}", db.url);
        assert_eq!(target["heads"][0], R3);
    }
    let status = p.shale(&["status", "--targets", "targets.txt"]);
    assert!(status.ok().contains(&format!("{} ok, 0 failed", dbs.len())));
    assert_eq!(
        status.stderr.matches("0 pending").count(),
        dbs.len(),
        "{}",
        status.stderr
    );
}
