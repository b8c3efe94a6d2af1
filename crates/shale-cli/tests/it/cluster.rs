//! Beyond one server: the lock table, a 3-node Galera cluster, PgBouncer in session and
//! transaction pooling, a streaming replica.
//!
//! The services come from `scripts/services/` (`.ci/run` starts them and exports
//! `SHALE_TEST_GALERA`, `SHALE_TEST_PGBOUNCER_SESSION`, `SHALE_TEST_PGBOUNCER_TX`,
//! `SHALE_TEST_PG_REPLICA`). A test whose service is not set skips, saying why — except
//! under CI, where it fails.

use crate::support::{shale_cmd, Proj};
use shale::db::Db;
use shale::url::DbUrl;
use shale_testkit::{Kind, TestDb};
use std::process::{Child, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const RUNS: usize = 8;

/// The Galera and replica tests change their service (kill a node, pause replay): one at
/// a time.
static SERVICE: Mutex<()> = Mutex::new(());

/// The URL(s) of a service from `var`; `None` (after saying why) when unset outside CI.
fn service(var: &str, script: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(v) if !v.is_empty() => Some(v),
        _ if std::env::var_os("CI").is_some() => {
            panic!(
                "{var} is not set under CI: .ci/run starts scripts/services/{script} and sets it"
            )
        }
        _ => {
            eprintln!("skipped: {var} is not set (start it with scripts/services/{script} start)");
            None
        }
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Runs `sql` on `url` through shale's own driver; the rows as text.
fn query(url: &str, sql: &str) -> Vec<Vec<Option<String>>> {
    runtime().block_on(async {
        let mut db = Db::connect(&DbUrl::parse(url).unwrap())
            .await
            .unwrap_or_else(|e| panic!("{url}: {e}"));
        let rows = db.query(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        db.close().await;
        rows
    })
}

fn column(url: &str, sql: &str) -> Vec<String> {
    query(url, sql)
        .into_iter()
        .map(|r| r.into_iter().next().flatten().unwrap_or_default())
        .collect()
}

/// `n` revisions creating one table each, in a line.
fn linear_tables(p: &Proj, n: usize) -> Vec<String> {
    let mut parent: Vec<String> = Vec::new();
    let mut revs = Vec::new();
    for i in 0..n {
        let rev = format!("{i:012x}");
        let parents: Vec<&str> = parent.iter().map(String::as_str).collect();
        p.rev(
            &rev,
            &parents,
            &format!("CREATE TABLE t{i} (id INTEGER PRIMARY KEY);"),
            &format!("DROP TABLE t{i};"),
        );
        parent = vec![rev.clone()];
        revs.push(rev);
    }
    revs
}

fn add_config(p: &Proj, line: &str) {
    let path = p.path().join("shale.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(path, format!("{text}{line}\n")).unwrap();
}

fn spawn_upgrade(p: &Proj, url: &str) -> Child {
    shale_cmd(p.path())
        .args(["--url", url, "upgrade", "head"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn shale")
}

/// Waits for every run; each must succeed.
fn all_succeed(what: &str, children: Vec<Child>) {
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{what}: a concurrent run failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Every revision of `revs` applied exactly once, in order, and the database at the last.
fn exactly_once(what: &str, url: &str, revs: &[String]) {
    let ups = column(
        url,
        "SELECT revision FROM shale_version_history WHERE direction = 'up' ORDER BY id",
    );
    assert_eq!(ups, revs, "{what}: every revision exactly once, in order");
    assert_eq!(
        column(url, "SELECT version_num FROM shale_version"),
        [revs.last().unwrap().clone()],
        "{what}"
    );
}

/// 8 upgrades at once with `lock = "table"` (no advisory lock, no GET_LOCK) on `kind`.
fn lock_table_upgrades(kind: Kind) {
    let Some(db) = TestDb::create(kind) else {
        return;
    };
    let p = Proj::new(&db.url);
    add_config(&p, "lock = \"table\"");
    let revs = linear_tables(&p, 10);
    let children = (0..RUNS).map(|_| spawn_upgrade(&p, &db.url)).collect();
    all_succeed(kind.name(), children);
    exactly_once(kind.name(), &db.url, &revs);
    // The runs took the row, not a session lock, and the last one freed it.
    assert_eq!(db.column("SELECT owner FROM shale_version_lock"), [""]);
}

#[test]
fn lock_table_keeps_eight_upgrades_exactly_once_on_postgres() {
    lock_table_upgrades(Kind::Postgres);
}

#[test]
fn lock_table_keeps_eight_upgrades_exactly_once_on_mariadb() {
    lock_table_upgrades(Kind::Mysql);
}

/// A lock row whose owner stopped renewing it is taken over once expired, naming the old
/// owner; a live one is waited for, and `--lock-timeout` gives up naming it.
#[test]
fn an_expired_lock_row_is_taken_over_and_a_live_one_waited_for() {
    for kind in [Kind::Postgres, Kind::Mysql] {
        let Some(db) = TestDb::create(kind) else {
            continue;
        };
        let p = Proj::new(&db.url);
        add_config(&p, "lock = \"table\"");
        let revs = linear_tables(&p, 2);
        p.shale(&["upgrade", &revs[0]]).ok();
        let (past, future) = match kind {
            Kind::Mysql => ("NOW(3) - INTERVAL 1 SECOND", "NOW(3) + INTERVAL 1 HOUR"),
            _ => (
                "LOCALTIMESTAMP - INTERVAL '1 second'",
                "LOCALTIMESTAMP + INTERVAL '1 hour'",
            ),
        };
        db.execute(&format!(
            "UPDATE shale_version_lock SET owner = 'build-7/4242/0badc0ffee', expires_at = {future}"
        ));
        let run = p.shale(&["upgrade", "head", "--lock-timeout", "1s"]);
        let err = run.fails(1);
        assert!(
            err.contains("Waiting for the migration lock held by build-7/4242/0badc0ffee")
                && err.contains("gave up waiting"),
            "{}: {err}",
            kind.name()
        );
        db.execute(&format!(
            "UPDATE shale_version_lock SET expires_at = {past}"
        ));
        let run = p.shale(&["upgrade", "head"]);
        run.ok();
        assert!(
            run.stderr
                .contains("Taking over the migration lock of build-7/4242/0badc0ffee"),
            "{}: {}",
            kind.name(),
            run.stderr
        );
        exactly_once(kind.name(), &db.url, &revs);
    }
}

/// A database on the Galera cluster, created on its first node and dropped at the end.
struct GaleraDb {
    nodes: Vec<String>,
    name: String,
}

impl GaleraDb {
    fn create() -> Option<GaleraDb> {
        let servers = service("SHALE_TEST_GALERA", "galera.sh")?;
        let nodes: Vec<String> = servers.split(',').map(str::to_string).collect();
        // A test that killed a node and failed before bringing it back left it down.
        galera_script("start");
        static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let name = format!(
            "shale_galera_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        );
        query(&nodes[0], &format!("CREATE DATABASE {name}"));
        Some(GaleraDb {
            nodes: nodes.iter().map(|n| format!("{n}/{name}")).collect(),
            name,
        })
    }
}

impl Drop for GaleraDb {
    fn drop(&mut self) {
        let server = self.nodes[0].rsplit_once('/').unwrap().0.to_string();
        let _ = std::panic::catch_unwind(|| {
            query(&server, &format!("DROP DATABASE IF EXISTS {}", self.name))
        });
    }
}

/// Eight upgraders spread over the three nodes at once, with the default `lock`: shale
/// sees Galera, takes the lock row, runs the DDL under TOI — every revision exactly once.
#[test]
fn galera_eight_upgraders_over_three_nodes_apply_each_revision_once() {
    let _one = SERVICE.lock().unwrap_or_else(|e| e.into_inner());
    let Some(db) = GaleraDb::create() else {
        return;
    };
    let p = Proj::new(&db.nodes[0]);
    let revs = linear_tables(&p, 10);
    let children = (0..RUNS)
        .map(|i| spawn_upgrade(&p, &db.nodes[i % db.nodes.len()]))
        .collect();
    all_succeed("galera", children);
    for node in &db.nodes {
        exactly_once(&format!("galera node {node}"), node, &revs);
    }
    // The lock row, not GET_LOCK: it exists, and is free.
    assert_eq!(
        column(&db.nodes[2], "SELECT owner FROM shale_version_lock"),
        [""]
    );
}

/// One node killed (`kill -9` its mariadbd) while eight upgraders work over the three
/// nodes: the runs on the surviving nodes finish, each revision applied exactly once.
#[test]
fn galera_node_killed_mid_run_the_others_finish_exactly_once() {
    let _one = SERVICE.lock().unwrap_or_else(|e| e.into_inner());
    let Some(db) = GaleraDb::create() else {
        return;
    };
    let p = Proj::new(&db.nodes[0]);
    // Longer than the cluster stalls while it evicts the killed node (evs.suspect_timeout,
    // 5 s): commits, heartbeats included, wait for the eviction.
    add_config(&p, "lock_expiry = 12");
    // A table, then data revisions that take a moment each (transactional on MariaDB):
    // the killed node's transaction in flight never commits anywhere.
    p.rev(
        "000000000000",
        &[],
        "CREATE TABLE applied (n INTEGER AUTO_INCREMENT PRIMARY KEY, rev VARCHAR(20));",
        "DROP TABLE applied;",
    );
    let mut revs = vec!["000000000000".to_string()];
    for i in 1..16 {
        let rev = format!("{i:012x}");
        p.rev(
            &rev,
            &[revs.last().unwrap()],
            &format!("INSERT INTO applied (rev) VALUES ('{rev}');\nDO SLEEP(0.25);"),
            &format!("DELETE FROM applied WHERE rev = '{rev}';"),
        );
        revs.push(rev);
    }
    let (survivors, doomed): (Vec<_>, Vec<_>) = (0..RUNS)
        .map(|i| (i % 3, spawn_upgrade(&p, &db.nodes[i % 3])))
        .partition(|(node, _)| *node != 2);
    // Kill node 3 once the run is well under way.
    let start = Instant::now();
    while column(&db.nodes[0], "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'applied'") != ["1"]
        || column(&db.nodes[0], "SELECT COUNT(*) FROM applied")[0].parse::<usize>().unwrap() < 3
    {
        assert!(start.elapsed() < Duration::from_secs(60), "the run never got going");
        std::thread::sleep(Duration::from_millis(50));
    }
    let pid_file = column(&db.nodes[2], "SELECT @@pid_file");
    let pid = std::fs::read_to_string(&pid_file[0]).unwrap();
    let killed = std::process::Command::new("kill")
        .args(["-9", pid.trim()])
        .status()
        .unwrap();
    assert!(killed.success());
    for (_, child) in doomed {
        // Their node is gone: they fail (or finished before the kill). Either is fine.
        let _ = child.wait_with_output();
    }
    all_succeed(
        "galera with node 3 killed",
        survivors.into_iter().map(|(_, c)| c).collect(),
    );
    for node in &db.nodes[..2] {
        exactly_once(&format!("galera node {node}"), node, &revs);
        let twice = column(
            node,
            "SELECT rev FROM applied GROUP BY rev HAVING COUNT(*) > 1",
        );
        assert!(twice.is_empty(), "revisions applied twice: {twice:?}");
        assert_eq!(column(node, "SELECT COUNT(*) FROM applied"), ["15"]);
    }
    // Bring node 3 back for whatever runs next.
    galera_script("start");
}

/// `scripts/services/galera.sh ACTION` (start is idempotent: it starts the nodes that are
/// down, rejoining the cluster).
fn galera_script(action: &str) {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scripts/services/galera.sh"
    );
    let ran = std::process::Command::new("bash")
        .args([script, action])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(ran.success(), "galera.sh {action} failed");
}

/// Eight upgraders through PgBouncer, with the default `lock`: shale sees the pooler and
/// takes the lock row (a session advisory lock means nothing in transaction pooling).
fn through_pgbouncer(var: &str) {
    let Some(pooler) = service(var, "pgbouncer.sh") else {
        return;
    };
    let Some(db) = TestDb::create(Kind::Postgres) else {
        return;
    };
    let name = db.url.rsplit('/').next().unwrap();
    let url = format!("{pooler}/{name}");
    let p = Proj::new(&url);
    let revs = linear_tables(&p, 10);
    let children = (0..RUNS).map(|_| spawn_upgrade(&p, &url)).collect();
    all_succeed(var, children);
    exactly_once(var, &db.url, &revs);
    assert_eq!(
        db.column("SELECT owner FROM shale_version_lock"),
        [""],
        "{var}: PgBouncer was not detected"
    );
    // Downgrades and stamp go through it too.
    p.shale(&["--url", &url, "downgrade", "base"]).ok();
    p.shale(&["--url", &url, "stamp", "head"]).ok();
    assert_eq!(
        db.column("SELECT version_num FROM shale_version"),
        [revs[9].clone()]
    );
}

#[test]
fn pgbouncer_transaction_pooling_keeps_eight_upgrades_exactly_once() {
    through_pgbouncer("SHALE_TEST_PGBOUNCER_TX");
}

#[test]
fn pgbouncer_session_pooling_keeps_eight_upgrades_exactly_once() {
    through_pgbouncer("SHALE_TEST_PGBOUNCER_SESSION");
}

/// Inspection through PgBouncer in transaction pooling leaves nothing on the server
/// connections it ran on: JIT is off for its catalogue queries alone (`SET LOCAL` in
/// their own transaction). Eight `shale check`s at once interleave their transactions
/// over the pool (a session `SET` would land on one server connection and its `RESET`
/// on another); then as many clients as the pool has connections (`default_pool_size =
/// 20` in pgbouncer.sh) each hold one and read the setting there.
#[test]
fn pgbouncer_transaction_pooling_inspection_leaves_no_session_setting() {
    let Some(pooler) = service("SHALE_TEST_PGBOUNCER_TX", "pgbouncer.sh") else {
        return;
    };
    let Some(db) = TestDb::create(Kind::Postgres) else {
        return;
    };
    let name = db.url.rsplit('/').next().unwrap();
    let url = format!("{pooler}/{name}");
    let p = Proj::new(&url);
    p.models("sql = [\"schema.sql\"]");
    p.write("schema.sql", "CREATE TABLE t (id INTEGER PRIMARY KEY);\n");
    let server_jit = db.column("SHOW jit");
    for _ in 0..3 {
        let checks: Vec<Child> = (0..RUNS)
            .map(|_| {
                shale_cmd(p.path())
                    .args(["--url", &url, "check"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .expect("spawn shale")
            })
            .collect();
        for mut check in checks {
            check.wait().unwrap();
        }
    }
    let readers: Vec<Child> = (0..20)
        .map(|_| {
            std::process::Command::new("psql")
                .args([
                    &url,
                    "-Atc",
                    "BEGIN; SELECT pg_sleep(0.5); SHOW jit; COMMIT",
                ])
                .stdout(Stdio::piped())
                .spawn()
                .expect("psql runs")
        })
        .collect();
    for reader in readers {
        let out = reader.wait_with_output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let shown: Vec<&str> = text
            .lines()
            .filter(|l| matches!(*l, "on" | "off"))
            .collect();
        assert_eq!(shown, server_jit, "a server connection behind {url}");
    }
}

/// Write commands refuse the replica at once, naming it; `current`, `status` and `check`
/// work there; `status --wait-replica` waits for replay, and gives up after `--timeout`.
#[test]
fn replica_refuses_writes_and_status_waits_for_it() {
    let _one = SERVICE.lock().unwrap_or_else(|e| e.into_inner());
    let Some(replica) = service("SHALE_TEST_PG_REPLICA", "pg-replica.sh") else {
        return;
    };
    let Some(db) = TestDb::create(Kind::Postgres) else {
        return;
    };
    let name = db.url.rsplit('/').next().unwrap();
    let replica_url = format!("{replica}/{name}");
    let p = Proj::new(&db.url);
    p.write(
        "schema.sql",
        "CREATE TABLE t0 (id INTEGER PRIMARY KEY);\nCREATE TABLE t1 (id INTEGER PRIMARY KEY);\n",
    );
    add_config(&p, "[models]\nsql = [\"schema.sql\"]");
    let revs = linear_tables(&p, 3);
    p.shale(&["upgrade", &revs[1]]).ok();
    let wait = |timeout: &str| {
        p.shale(&[
            "status",
            "--wait-replica",
            &replica_url,
            "--timeout",
            timeout,
        ])
    };
    assert!(wait("30s").ok().contains(&revs[1]));

    for cmd in [
        &["upgrade", "head"][..],
        &["downgrade", "-1"],
        &["stamp", "head"],
    ] {
        let start = Instant::now();
        let mut args = vec!["--url", replica_url.as_str()];
        args.extend_from_slice(cmd);
        let run = p.shale(&args);
        let err = run.fails(1);
        assert!(
            err.contains("is read-only")
                && err.contains("127.0.0.1:")
                && err.contains("pg_is_in_recovery"),
            "{cmd:?}: {err}"
        );
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{cmd:?} did not refuse at once"
        );
    }
    let on_replica = |cmd: &[&str]| {
        let mut args = vec!["--url", replica_url.as_str()];
        args.extend_from_slice(cmd);
        p.shale(&args)
    };
    assert!(on_replica(&["current"]).ok().contains(&revs[1]));
    assert!(on_replica(&["status"])
        .ok()
        .contains("Pending:   1 revision"));
    on_replica(&["check"]).ok();

    // Replay paused: the replica stays behind, and the wait gives up.
    let admin = |sql: &str| query(&format!("{replica}/postgres"), sql);
    admin("SELECT pg_wal_replay_pause()");
    let resume = || admin("SELECT pg_wal_replay_resume()");
    p.shale(&["upgrade", "head"]).ok();
    let behind = wait("1s");
    resume();
    let err = behind.fails(1);
    assert!(
        err.contains("did not reach") && err.contains(&revs[2]) && err.contains(&revs[1]),
        "{err}"
    );
    assert!(wait("30s").ok().contains(&revs[2]));
}
