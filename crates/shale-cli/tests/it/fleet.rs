//! Fleets: `[targets]` in shale.toml (PostgreSQL schemas, a query), `current` and `check
//! --targets`, and resumability the hard way — a fleet run killed with SIGKILL at random
//! instants, then rerun: every target at head, every revision applied exactly once; and
//! Ctrl-C (SIGINT) mid-run: a non-zero exit and a summary.
//!
//! `SHALE_FLEET_TRIALS` (default 5) sets the kill trials per dialect; each run prints its
//! seed, and `SHALE_FLEET_SEED` replays it.

use crate::support::{shale_cmd, Proj};
use shale_testkit::{Kind, TestDb};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// Revisions of the fleet history: `r00` creates the side table `applied`, each later
/// one inserts its row there first, then (odd ones) runs a slow statement, so that kills
/// land inside revisions as well as between them.
const REVS: usize = 10;

fn rev_id(i: usize) -> String {
    format!("r{i:02}")
}

fn slow(kind: Kind) -> &'static str {
    match kind {
        Kind::Postgres => "SELECT pg_sleep(0.02);",
        Kind::Mysql => "DO SLEEP(0.02);",
        Kind::Sqlite => {
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 30000) SELECT count(*) FROM c;"
        }
    }
}

fn history(p: &Proj, kind: Kind) {
    p.rev(
        &rev_id(0),
        &[],
        "CREATE TABLE applied (rev VARCHAR(10) NOT NULL);",
        "DROP TABLE applied;",
    );
    for i in 1..REVS {
        let mut up = format!("INSERT INTO applied (rev) VALUES ('{}');", rev_id(i));
        if i % 2 == 1 {
            up.push('\n');
            up.push_str(slow(kind));
        }
        if i == 5 {
            up.push_str("\nCREATE TABLE t05 (id INT);");
        }
        let mut down = format!("DELETE FROM applied WHERE rev = '{}';", rev_id(i));
        if i == 5 {
            down.push_str("\nDROP TABLE t05;");
        }
        p.rev(&rev_id(i), &[&rev_id(i - 1)], &up, &down);
    }
}

/// A tiny random number generator (xorshift), seeded and printed for replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A fraction in [0, 1).
    fn fraction(&mut self) -> f64 {
        (self.next() % 10_000) as f64 / 10_000.0
    }
}

fn seed() -> u64 {
    std::env::var("SHALE_FLEET_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(7)
                | 1
        })
}

fn trials() -> usize {
    std::env::var("SHALE_FLEET_TRIALS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5)
}

/// One target of a trial: how to read it.
enum Tenant {
    /// A database of its own.
    Db(TestDb),
    /// A schema of a shared PostgreSQL database.
    Schema(String),
}

/// A fleet of one dialect, made afresh for each trial.
struct FleetUnderTest<'a> {
    kind: Kind,
    p: &'a Proj,
    /// The shared database of a fleet of schemas.
    shared: Option<&'a TestDb>,
    size: usize,
}

impl FleetUnderTest<'_> {
    /// Fresh targets and the `--targets` arguments that name them.
    fn make(&self, trial: usize) -> (Vec<Tenant>, Vec<String>) {
        match self.shared {
            Some(db) => {
                let names: Vec<String> = (0..self.size).map(|i| format!("k{trial}_{i}")).collect();
                let list: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
                std::fs::write(
                    self.p.path().join("shale.toml"),
                    format!(
                        "script_location = \"migrations\"\nurl = \"{}\"\n[targets]\nschemas = [{}]\n",
                        db.url,
                        list.join(", ")
                    ),
                )
                .unwrap();
                let tenants = names.into_iter().map(Tenant::Schema).collect();
                (tenants, vec!["--targets".into()])
            }
            None => {
                let dbs: Vec<TestDb> = (0..self.size)
                    .map(|_| TestDb::create(self.kind).expect("server"))
                    .collect();
                let list: String = dbs.iter().map(|d| format!("{}\n", d.url)).collect();
                let file = format!("targets-{trial}.txt");
                std::fs::write(self.p.path().join(&file), list).unwrap();
                (
                    dbs.into_iter().map(Tenant::Db).collect(),
                    vec!["--targets".into(), file],
                )
            }
        }
    }

    /// The rows of `sql` on `tenant` (unqualified names read in its schema).
    fn column(&self, tenant: &Tenant, sql: &str) -> Vec<String> {
        match tenant {
            Tenant::Db(db) => db.column(sql),
            Tenant::Schema(schema) => {
                let db = self.shared.unwrap();
                db.column(&format!("SET search_path = {schema}; {sql}"))
            }
        }
    }

    fn name(&self, tenant: &Tenant) -> String {
        match tenant {
            Tenant::Db(db) => db.url.clone(),
            Tenant::Schema(s) => format!("schema {s}"),
        }
    }

    /// Every revision exactly once, the target at head.
    fn judge(&self, tenant: &Tenant) -> Result<(), String> {
        let name = self.name(tenant);
        let head = self.column(tenant, "SELECT version_num FROM shale_version");
        if head != [rev_id(REVS - 1)] {
            return Err(format!("{name}: at {head:?}, not at head"));
        }
        let applied = self.column(tenant, "SELECT rev FROM applied ORDER BY rev");
        let want: Vec<String> = (1..REVS).map(rev_id).collect();
        if applied != want {
            return Err(format!("{name}: applied rows {applied:?}"));
        }
        let ups = self.column(
            tenant,
            "SELECT revision FROM shale_version_history WHERE direction = 'up' ORDER BY revision",
        );
        let want: Vec<String> = (0..REVS).map(rev_id).collect();
        if ups != want {
            return Err(format!("{name}: history rows {ups:?}"));
        }
        Ok(())
    }
}

fn spawn(p: &Proj, args: &[String]) -> Child {
    shale_cmd(p.path())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn shale")
}

/// MariaDB: a revision killed between its statement and the record of it is reported
/// interrupted; finish it as a user would — look at `applied`, then `--resume` (the
/// running statement did not take effect) or `--resume-from 2` (it did: skip it).
fn finish_interrupted(f: &FleetUnderTest<'_>, tenant: &Tenant) -> bool {
    let Tenant::Db(db) = tenant else { return false };
    let status = f.p.shale(&["--url", &db.url, "--json", "status"]);
    let json: serde_json::Value = serde_json::from_str(&status.stdout).unwrap_or_default();
    let info = &json["interrupted"];
    let Some(rev) = info["revision"].as_str() else {
        return false;
    };
    let done = info["done"].as_u64().unwrap_or(0);
    // r00's one statement creates `applied`; statement 1 of the others inserts the
    // revision's row, statement 3 of r05 creates t05; the slow statement changes nothing.
    let took_effect = match (rev, done + 1) {
        ("r00", _) => db.has_table("applied"),
        (_, 1) => !db
            .column(&format!("SELECT rev FROM applied WHERE rev = '{rev}'"))
            .is_empty(),
        ("r05", 3) => db.has_table("t05"),
        _ => false,
    };
    let from = (done + 2).to_string();
    let args: Vec<&str> = if took_effect {
        vec!["--url", &db.url, "upgrade", rev, "--resume-from", &from]
    } else {
        vec!["--url", &db.url, "upgrade", rev, "--resume"]
    };
    f.p.shale(&args).ok();
    true
}

/// The trials of one dialect: a clean timed run first, then `trials()` runs killed at a
/// random instant within that time and rerun.
fn killed_fleet(kind: Kind, size: usize, schemas: bool) {
    let Some(shared) = TestDb::create(kind) else {
        return;
    };
    let p = Proj::new(&shared.url);
    history(&p, kind);
    let f = FleetUnderTest {
        kind,
        p: &p,
        shared: schemas.then_some(&shared),
        size,
    };
    let upgrade = |targets: &[String]| {
        let mut args: Vec<String> = ["upgrade", "-j", "4"].map(String::from).to_vec();
        args.extend(targets.iter().cloned());
        args
    };
    // The clean run: how long a whole fleet takes.
    let (tenants, targets) = f.make(0);
    let start = Instant::now();
    let args = upgrade(&targets);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    p.shale(&args).ok();
    let full = start.elapsed();
    for t in &tenants {
        f.judge(t).unwrap();
    }
    drop(tenants);
    let seed = seed();
    let mut rng = Rng(seed);
    let (mut killed, mut interrupted, mut problems) = (0, 0, Vec::new());
    let n = trials();
    for trial in 1..=n {
        let (tenants, targets) = f.make(trial);
        let at = full.mul_f64(0.05 + 0.9 * rng.fraction());
        let mut child = spawn(&p, &upgrade(&targets));
        std::thread::sleep(at);
        if child.try_wait().unwrap().is_none() {
            killed += 1;
        }
        let _ = child.kill();
        let _ = child.wait();
        // The rerun: the same command.
        let args = upgrade(&targets);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut rerun = p.shale(&args);
        if rerun.code != 0 && kind == Kind::Mysql {
            let mut any = false;
            for t in &tenants {
                any |= finish_interrupted(&f, t);
            }
            interrupted += usize::from(any);
            rerun = p.shale(&args);
        }
        if rerun.code != 0 {
            problems.push(format!(
                "trial {trial} (killed at {at:?}): the rerun exited {}: {}",
                rerun.code, rerun.stderr
            ));
            continue;
        }
        problems.extend(tenants.iter().filter_map(|t| f.judge(t).err()));
    }
    let line = format!(
        "fleet kill -9 on {} ({size} {}): {n} trials, {killed} killed mid-run, {interrupted} with a revision reported interrupted and resumed, {} problem(s); clean run {full:?}; seed {seed}",
        kind.name(),
        if schemas { "schemas" } else { "databases" },
        problems.len()
    );
    eprintln!("{line}");
    // Also where `.ci/run` shows the chaos tests' summaries (cargo hides a passing test's
    // output).
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("chaos-report.txt");
    if let Ok(mut file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        use std::io::Write as _;
        let _ = writeln!(file, "{line}");
    }
    assert!(problems.is_empty(), "seed {seed}:\n{}", problems.join("\n"));
}

#[test]
fn a_fleet_of_sqlite_databases_killed_at_random_resumes_exactly_once() {
    killed_fleet(Kind::Sqlite, 40, false);
}

#[test]
fn a_fleet_of_postgres_schemas_killed_at_random_resumes_exactly_once() {
    killed_fleet(Kind::Postgres, 20, true);
}

#[test]
fn a_fleet_of_mariadb_databases_killed_at_random_resumes_exactly_once() {
    killed_fleet(Kind::Mysql, 8, false);
}

/// SIGINT mid-run: targets under way stop cleanly, the rest are skipped, the exit is
/// 130 with a summary; the same command then finishes the fleet.
#[test]
fn ctrl_c_stops_a_fleet_with_a_summary_and_a_rerun_finishes_it() {
    let dbs: Vec<TestDb> = (0..30)
        .filter_map(|_| TestDb::create(Kind::Sqlite))
        .collect();
    let p = Proj::new(&dbs[0].url);
    history(&p, Kind::Sqlite);
    let list: String = dbs.iter().map(|d| format!("{}\n", d.url)).collect();
    p.write("targets.txt", &list);
    let args: Vec<String> = ["upgrade", "-j", "2", "--targets", "targets.txt"]
        .map(String::from)
        .to_vec();
    let child = spawn(&p, &args);
    std::thread::sleep(Duration::from_millis(400));
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(130), "{stdout}\n{stderr}");
    assert!(stderr.contains("Interrupted by signal 2"), "{stderr}");
    assert!(stdout.contains("Fleet: 30 target(s)"), "{stdout}");
    assert!(
        !stdout.contains(" 0 skipped"),
        "nothing was skipped: {stdout}"
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    p.shale(&args).ok();
    let f = FleetUnderTest {
        kind: Kind::Sqlite,
        p: &p,
        shared: None,
        size: 0,
    };
    for db in dbs {
        f.judge(&Tenant::Db(db)).unwrap();
    }
}

/// `[targets]` with PostgreSQL schemas: each tenant's version table in its schema, the
/// tenants upgraded side by side (a lock per schema), `current` and `check --targets`
/// as tables and JSON, `check --drift`, and a `query` source.
#[test]
fn schemas_from_the_configuration_are_tenants_of_their_own() {
    let Some(db) = TestDb::create(Kind::Postgres) else {
        return;
    };
    let p = Proj::new(&db.url);
    history(&p, Kind::Postgres);
    p.write(
        "models.sql",
        "CREATE TABLE applied (rev VARCHAR(10) NOT NULL);\nCREATE TABLE t05 (id INT);\n",
    );
    let toml = |targets: &str| {
        std::fs::write(
            p.path().join("shale.toml"),
            format!(
                "script_location = \"migrations\"\nurl = \"{}\"\n[models]\nsql = [\"models.sql\"]\n[targets]\n{targets}\n",
                db.url
            ),
        )
        .unwrap();
    };
    toml("schemas = [\"acme\", \"globex\", \"initech\"]");
    p.shale(&["upgrade", "r03", "--targets"]).ok();
    let current = p.shale(&["current", "--targets"]);
    assert_eq!(
        current.ok().matches("not at head").count(),
        3,
        "{}",
        current.stdout
    );
    // Upgraded side by side: with one lock for all, -j 3 would take three times as long.
    let run = p.shale(&["--json", "upgrade", "--targets", "-j", "3"]);
    let report: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(report["ok"], 3);
    for (t, schema) in report["targets"]
        .as_array()
        .unwrap()
        .iter()
        .zip(["acme", "globex", "initech"])
    {
        assert_eq!(t["schema"], schema);
        assert_eq!(t["heads"][0], rev_id(REVS - 1));
        assert_eq!(t["steps"], REVS - 4);
        let rows = db.column(&format!("SELECT count(*) FROM {schema}.applied"));
        assert_eq!(rows, [(REVS - 1).to_string()]);
    }
    assert!(!db.has_table("shale_version"), "nothing in public");
    let check = p.shale(&["check", "--targets"]);
    assert_eq!(check.ok().matches("matches the models").count(), 3);
    db.execute("ALTER TABLE globex.t05 ADD COLUMN extra INT");
    let check = p.shale(&["--json", "check", "--targets"]);
    check.fails(1);
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!(report["differ"], 1);
    assert_eq!(report["targets"][1]["outcome"], "differs");
    assert_eq!(report["targets"][1]["changes"][0], "drop column t05.extra");
    let drift = p.shale(&["check", "--drift", "--targets"]);
    drift.fails(1);
    assert!(
        drift.stdout.contains("add column t05.extra"),
        "{}",
        drift.stdout
    );
    assert_eq!(drift.stdout.matches("matches its history").count(), 2);
    // The tenants from a query on the project's database.
    db.execute(
        "CREATE TABLE tenants (name TEXT); INSERT INTO tenants VALUES ('acme'), ('initech')",
    );
    toml("query = \"SELECT name FROM tenants ORDER BY name\"");
    let current = p.shale(&["current", "--targets"]);
    assert_eq!(
        current.ok().matches(" at head").count(),
        2,
        "{}",
        current.stdout
    );
    assert!(current.stdout.contains("schema initech"));
    // Mistakes are said.
    toml("schemas = [\"no good\"]");
    assert!(p
        .shale(&["current", "--targets"])
        .fails(1)
        .contains("not a tenant name"));
}

/// The migration lock is per schema: while a run holds tenant `acme`'s lock (a slow
/// revision), tenant `globex` of the same database upgrades at once, and a second run on
/// `acme` waits and gives up after its lock timeout.
#[test]
fn each_schema_has_its_own_migration_lock() {
    let Some(db) = TestDb::create(Kind::Postgres) else {
        return;
    };
    let p = Proj::new(&db.url);
    p.rev("s1", &[], "SELECT pg_sleep(CASE WHEN current_schema() = 'acme' THEN 3 ELSE 0 END);\nCREATE TABLE t (id INT);", "DROP TABLE t;");
    db.execute("CREATE SCHEMA acme; CREATE SCHEMA globex");
    let url = |schema: &str| format!("{}?options=-c%20search_path%3D{schema}", db.url);
    let slow = spawn(
        &p,
        &["--url".into(), url("acme"), "upgrade".into(), "head".into()],
    );
    std::thread::sleep(Duration::from_millis(800));
    let other = url("globex");
    let start = Instant::now();
    let globex = p.shale(&["--url", &other, "upgrade", "--lock-timeout", "1s"]);
    globex.ok();
    assert!(
        start.elapsed() < Duration::from_millis(2500),
        "globex waited: {:?}\n{}\n{}",
        start.elapsed(),
        globex.stdout,
        globex.stderr
    );
    let same = url("acme");
    let again = p.shale(&["--url", &same, "upgrade", "--lock-timeout", "300ms"]);
    assert!(
        again.fails(1).contains("migration lock"),
        "{}",
        again.stderr
    );
    let out = slow.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(db.column("SELECT count(*) FROM acme.shale_version"), ["1"]);
    assert_eq!(
        db.column("SELECT count(*) FROM globex.shale_version"),
        ["1"]
    );
}

/// `current`, `check` and `check --drift` over a fleet of every dialect at once: the models
/// are read once per dialect, and the target changed by hand is the one reported.
#[test]
fn check_targets_reports_the_target_that_differs_on_every_dialect() {
    let dbs: Vec<TestDb> = shale_testkit::ALL
        .into_iter()
        .filter_map(TestDb::create)
        .collect();
    let p = Proj::new(&dbs[0].url);
    history(&p, Kind::Sqlite);
    p.write(
        "models.sql",
        "CREATE TABLE applied (rev VARCHAR(10) NOT NULL);\nCREATE TABLE t05 (id INT);\n",
    );
    let toml = std::fs::read_to_string(p.path().join("shale.toml")).unwrap();
    p.write(
        "shale.toml",
        &format!("{toml}[models]\nsql = [\"models.sql\"]\n"),
    );
    let list: String = dbs.iter().map(|d| format!("{}\n", d.url)).collect();
    p.write("targets.txt", &list);
    p.shale(&["upgrade", "--targets", "targets.txt"]).ok();
    let current = p.shale(&["current", "--targets", "targets.txt"]);
    assert_eq!(current.ok().matches(" at head").count(), dbs.len());
    let check = p.shale(&["check", "--targets", "targets.txt"]);
    assert_eq!(
        check.ok().matches("matches the models").count(),
        dbs.len(),
        "{}",
        check.stdout
    );
    for (i, changed) in dbs.iter().enumerate() {
        changed.execute("CREATE TABLE extra (id INT)");
        let check = p.shale(&["--json", "check", "--targets", "targets.txt"]);
        check.fails(1);
        let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
        assert_eq!(report["differ"], 1, "{}", check.stdout);
        assert_eq!(
            report["targets"][i]["outcome"], "differs",
            "{}",
            check.stdout
        );
        assert_eq!(report["targets"][i]["changes"][0], "drop table extra");
        let drift = p.shale(&["check", "--drift", "--targets", "targets.txt"]);
        drift.fails(1);
        assert!(
            drift.stdout.contains("create table extra"),
            "{}",
            drift.stdout
        );
        assert_eq!(
            drift.stdout.matches("matches its history").count(),
            dbs.len() - 1
        );
        changed.execute("DROP TABLE extra");
    }
}

/// `[targets]` with `urls` and a `query` whose rows are URLs (here on SQLite: the catalog
/// of tenants lives in the project's own database), and the `{schema}` placeholder in a
/// SQLite file name.
#[test]
fn targets_from_urls_a_query_of_urls_and_a_file_placeholder() {
    let catalog = TestDb::create(Kind::Sqlite).unwrap();
    let tenants: Vec<TestDb> = (0..3)
        .filter_map(|_| TestDb::create(Kind::Sqlite))
        .collect();
    let p = Proj::new(&catalog.url);
    history(&p, Kind::Sqlite);
    catalog.execute("CREATE TABLE tenants (url TEXT)");
    catalog.execute(&format!(
        "INSERT INTO tenants VALUES ('{}'), ('{}')",
        tenants[1].url, tenants[2].url
    ));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        p.path().join("shale.toml"),
        format!(
            "script_location = \"migrations\"\nurl = \"{}\"\n[targets]\nurls = [\"{}\"]\nurl = \"sqlite://{}/{{schema}}.db\"\nschemas = [\"acme\"]\nquery = \"SELECT url FROM tenants ORDER BY rowid\"\n",
            catalog.url,
            tenants[0].url,
            dir.path().display()
        ),
    )
    .unwrap();
    let run = p.shale(&["--json", "upgrade", "--targets"]);
    let report: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    let names: Vec<&str> = report["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["database"].as_str().unwrap())
        .collect();
    let acme = format!("sqlite://{}/acme.db", dir.path().display());
    assert_eq!(
        names,
        [
            tenants[0].url.as_str(),
            acme.as_str(),
            tenants[1].url.as_str(),
            tenants[2].url.as_str()
        ]
    );
    assert!(dir.path().join("acme.db").exists());
    let f = FleetUnderTest {
        kind: Kind::Sqlite,
        p: &p,
        shared: None,
        size: 0,
    };
    for db in tenants {
        f.judge(&Tenant::Db(db)).unwrap();
    }
    assert!(!catalog.has_table("applied"), "the catalog is not a target");
}
