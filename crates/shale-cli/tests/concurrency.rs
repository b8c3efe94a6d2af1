//! Concurrent runs and killed processes.

mod support;

use shale_testkit::{Kind, TestDb};
use std::process::Stdio;
use std::time::{Duration, Instant};
use support::{shale_cmd, Proj};

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
