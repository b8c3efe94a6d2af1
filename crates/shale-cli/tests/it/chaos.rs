//! Chaos: `shale` killed with SIGKILL at a random instant, replicas restarted at once, and
//! nothing applied twice or lost (issue "Exactly once, whatever dies", item 9).
//!
//! Every statement of the history leaves a trace: a row in `runlog(rev, stmt)` (also the
//! slow statements, which insert their row after sleeping), a table, an index or an
//! index's new name (`ix_<rev>` renamed `ixr_<rev>`, as autogenerate renames indexes). After
//! each trial the database must be at head with each `runlog` row exactly once, or — on
//! MariaDB, or inside a `-- shale:transaction off` revision — the restarted run must report
//! the revision as interrupted and `shale status --json` must say how far it got, so that
//! the test can finish it the way a user would (`--resume` / `--resume-from N`).
//!
//! `SHALE_CHAOS_TRIALS` (default 20) sets the trials per dialect; every run prints its seed
//! and `SHALE_CHAOS_SEED` replays it (a failing trial's own seed replays that trial first).
//! Delays are measured, so a replay repeats the choices, not the exact instants.

use crate::support::{env_u64, report, Ended, Interrupted, Proj, Rng, Spawned};
use shale_testkit::{Kind, TestDb};
use std::cell::Cell;
use std::thread;
use std::time::{Duration, Instant};

/// A hung run: longer than any honest run of this history takes, lock waits included.
const HANG: Duration = Duration::from_secs(15);
/// How long a killed run's server session may go on with its last statement.
const SETTLE: Duration = Duration::from_secs(10);
/// Seconds a slow statement takes in the random trials.
const SLOW_SECS: f64 = 0.3;

/// What one statement of a section does; each is observable afterwards.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Stmt {
    /// `INSERT INTO runlog` of (rev, its position).
    Log,
    /// The same insert, after a slow part (a sleep, or on SQLite a CPU-bound recursive CTE).
    Slow,
    /// `CREATE TABLE t_<rev>`.
    Table,
    /// `CREATE INDEX ix_<rev>` on `runlog`: `CONCURRENTLY` on PostgreSQL (in a
    /// `transaction off` revision).
    Index,
    /// The index renamed `ixr_<rev>`: PostgreSQL `ALTER INDEX … RENAME TO`, MySQL/MariaDB
    /// `ALTER TABLE … RENAME INDEX` (SQLite has no rename).
    Rename,
    /// Downgrade: `DELETE FROM runlog` of the revision.
    Unlog,
    /// Downgrade: a slow statement that changes nothing.
    Pause,
    /// Downgrade: `DROP TABLE t_<rev>`.
    DropTable,
    /// Downgrade: the index renamed back to `ix_<rev>`.
    Unrename,
    /// Downgrade: `DROP INDEX ix_<rev>` (`CONCURRENTLY` on PostgreSQL).
    DropIndex,
}

/// One revision of the chaos history.
struct Rev {
    id: String,
    up: Vec<Stmt>,
    down: Vec<Stmt>,
    transaction_off: bool,
}

/// The history: six revisions, three with a slow statement in the middle, three creating
/// tables; on MariaDB revision 4 mixes DDL and INSERTs and 2, 3 and 5 are INSERTs only;
/// on PostgreSQL revision 6 runs outside a transaction. Revision 6 creates an index and
/// renames it on PostgreSQL and MariaDB (its downgrade renames it back, then drops it).
fn history(kind: Kind) -> Vec<Rev> {
    use Stmt::*;
    let last: (&[Stmt], bool) = match kind {
        Kind::Postgres => (&[Log, Index, Rename, Slow, Log], true),
        Kind::Mysql => (&[Table, Index, Rename, Log], false),
        Kind::Sqlite => (&[Table, Log], false),
    };
    let plan: [(&[Stmt], bool); 6] = [
        (&[Table, Log, Log], false),
        (&[Log, Slow, Log], false),
        (&[Log, Log], false),
        (&[Log, Table, Slow, Log], false),
        (&[Log, Slow, Log, Log], false),
        last,
    ];
    plan.iter()
        .enumerate()
        .map(|(i, (up, off))| {
            // The downgrade undoes in reverse: the index gets its old name back, then goes.
            let mut down = vec![Unlog];
            let undos = [
                (Slow, Pause),
                (Table, DropTable),
                (Rename, Unrename),
                (Index, DropIndex),
            ];
            for (made, undo) in undos {
                if up.contains(&made) {
                    down.push(undo);
                }
            }
            Rev {
                id: format!("c4a05e{:06}", i + 1),
                up: up.to_vec(),
                down,
                transaction_off: *off,
            }
        })
        .collect()
}

/// Where a kill can land, judged from the killed run's output and the calibrated timing.
const KILL_POINTS: [&str; 4] = [
    "mid-revision",
    "between revisions",
    "before the lock",
    "after the last revision",
];

/// One dialect's database, project and calibrated timing.
struct Chaos {
    kind: Kind,
    db: TestDb,
    proj: Proj,
    revs: Vec<Rev>,
    /// Seconds a slow statement sleeps on the servers.
    slow_secs: f64,
    /// Rows the SQLite slow CTE counts to (about 2/3 of `slow_secs`).
    cte_rows: u64,
    /// A clean `upgrade head` from base and `downgrade base` from head.
    /// (A run that finishes before its kill shortens them: the machine got faster.)
    up_time: Cell<Duration>,
    down_time: Cell<Duration>,
    /// From start to the first revision under way (connect, lock, plan).
    startup: Duration,
}

impl Chaos {
    fn new(kind: Kind, slow_secs: f64) -> Option<Chaos> {
        let db = TestDb::create(kind)?;
        let proj = Proj::new(&db.url);
        let mut c = Chaos {
            kind,
            db,
            proj,
            revs: history(kind),
            slow_secs,
            cte_rows: 0,
            up_time: Cell::default(),
            down_time: Cell::default(),
            startup: Duration::ZERO,
        };
        c.cte_rows = c.calibrate_cte();
        c.write_scripts();
        Some(c)
    }

    fn name(&self) -> &'static str {
        self.kind.name()
    }

    fn calibrate_cte(&self) -> u64 {
        if self.kind != Kind::Sqlite {
            return 0;
        }
        let rows = 300_000;
        let start = Instant::now();
        self.db.query(&format!("SELECT {}", cte(rows)));
        let secs = start.elapsed().as_secs_f64().max(1e-3);
        ((rows as f64 * self.slow_secs * 2.0 / 3.0 / secs) as u64).clamp(100_000, 100_000_000)
    }

    fn write_scripts(&self) {
        let mut parent: Vec<&str> = Vec::new();
        for rev in &self.revs {
            let section = |stmts: &[Stmt]| -> String {
                let sql: Vec<String> = (1..=stmts.len()).map(|i| self.sql(rev, stmts, i)).collect();
                sql.join(";\n") + ";"
            };
            let headers = if rev.transaction_off {
                "-- shale:transaction off\n"
            } else {
                ""
            };
            let (up, down) = (section(&rev.up), section(&rev.down));
            self.proj.rev_with(&rev.id, &parent, headers, &up, &down);
            parent = vec![&rev.id];
        }
    }

    /// Statement `pos` (1-based) of `stmts`, a section of `rev`.
    fn sql(&self, rev: &Rev, stmts: &[Stmt], pos: usize) -> String {
        let (id, slow) = (&rev.id, self.slow_secs);
        let log = format!("INSERT INTO runlog (rev, stmt) SELECT '{id}', {pos}");
        match (stmts[pos - 1], self.kind) {
            (Stmt::Log, _) => format!("INSERT INTO runlog (rev, stmt) VALUES ('{id}', {pos})"),
            (Stmt::Slow, Kind::Postgres) => format!("{log} FROM pg_sleep({slow})"),
            (Stmt::Slow, Kind::Mysql) => {
                format!("{log} FROM (SELECT SLEEP({slow}) AS s) AS w WHERE s = 0")
            }
            (Stmt::Slow, Kind::Sqlite) => {
                format!(
                    "{log} FROM (SELECT {} AS n) WHERE n > 0",
                    cte(self.cte_rows)
                )
            }
            (Stmt::Table, _) => format!("CREATE TABLE t_{id} (id INTEGER PRIMARY KEY)"),
            (Stmt::Index, Kind::Postgres) => {
                format!("CREATE INDEX CONCURRENTLY ix_{id} ON runlog (rev, stmt)")
            }
            (Stmt::Index, _) => format!("CREATE INDEX ix_{id} ON runlog (rev, stmt)"),
            (Stmt::Rename, Kind::Postgres) => format!("ALTER INDEX ix_{id} RENAME TO ixr_{id}"),
            (Stmt::Rename, _) => format!("ALTER TABLE runlog RENAME INDEX ix_{id} TO ixr_{id}"),
            (Stmt::Unrename, Kind::Postgres) => {
                format!("ALTER INDEX ixr_{id} RENAME TO ix_{id}")
            }
            (Stmt::Unrename, _) => format!("ALTER TABLE runlog RENAME INDEX ixr_{id} TO ix_{id}"),
            (Stmt::Unlog, _) => format!("DELETE FROM runlog WHERE rev = '{id}'"),
            (Stmt::Pause, Kind::Postgres) => format!("SELECT pg_sleep({slow})"),
            (Stmt::Pause, Kind::Mysql) => format!("DO SLEEP({slow})"),
            (Stmt::Pause, Kind::Sqlite) => format!("SELECT {}", cte(self.cte_rows)),
            (Stmt::DropTable, _) => format!("DROP TABLE t_{id}"),
            (Stmt::DropIndex, Kind::Postgres) => format!("DROP INDEX CONCURRENTLY ix_{id}"),
            (Stmt::DropIndex, _) => format!("DROP INDEX ix_{id} ON runlog"),
        }
    }

    /// Whether statement `pos` of a section of `rev` has taken effect (`None`: it has none).
    /// A later statement of the section may rename the index, so the index's creation
    /// and drop look at both names.
    fn took_effect(&self, rev: &Rev, stmts: &[Stmt], pos: usize) -> Option<bool> {
        let id = &rev.id;
        let count = |sql: String| self.db.column(&sql)[0].clone();
        let (old, new) = (format!("ix_{id}"), format!("ixr_{id}"));
        Some(match stmts.get(pos.wrapping_sub(1))? {
            Stmt::Log | Stmt::Slow => {
                count(format!(
                    "SELECT COUNT(*) FROM runlog WHERE rev = '{id}' AND stmt = {pos}"
                )) != "0"
            }
            Stmt::Table => self.db.has_table(&format!("t_{id}")),
            Stmt::Index => self.has_index(&old) || self.has_index(&new),
            Stmt::Rename => self.has_index(&new),
            Stmt::Unrename => !self.has_index(&new),
            Stmt::Unlog => count(format!("SELECT COUNT(*) FROM runlog WHERE rev = '{id}'")) == "0",
            Stmt::Pause => return None,
            Stmt::DropTable => !self.db.has_table(&format!("t_{id}")),
            Stmt::DropIndex => !self.has_index(&old) && !self.has_index(&new),
        })
    }

    fn has_index(&self, name: &str) -> bool {
        let sql = match self.kind {
            Kind::Postgres => {
                format!("SELECT indexname FROM pg_indexes WHERE indexname = '{name}'")
            }
            _ => format!(
                "SELECT index_name FROM information_schema.statistics \
                 WHERE table_schema = DATABASE() AND index_name = '{name}'"
            ),
        };
        !self.db.query(&sql).is_empty()
    }

    /// A clean run of each direction: checks the history works and times it.
    fn calibrate_runs(&mut self) {
        self.reset();
        let up = self.clean(&["upgrade", "head"]);
        let mut problems = Vec::new();
        self.check(&mut problems);
        assert!(
            problems.is_empty(),
            "{}: a clean upgrade: {problems:#?}",
            self.name()
        );
        let (first_end, first_line) = up.steps()[0].clone();
        self.startup = first_end.saturating_sub(duration_in(&first_line));
        self.up_time.set(up.at);
        self.down_time.set(self.clean(&["downgrade", "base"]).at);
        let cte = match self.kind {
            Kind::Sqlite => format!("; slow CTE of {} rows", self.cte_rows),
            _ => String::new(),
        };
        eprintln!(
            "chaos {}: a clean upgrade takes {} ms (first revision after {} ms), downgrade {} ms{cte}",
            self.name(),
            self.up_time.get().as_millis(),
            self.startup.as_millis(),
            self.down_time.get().as_millis(),
        );
    }

    /// Runs shale, which must succeed.
    fn clean(&self, args: &[&str]) -> Ended {
        let run = Spawned::new(self.proj.path(), args).wait(HANG);
        assert_eq!(
            run.code,
            Some(0),
            "{}: shale {args:?}:\n{}",
            self.name(),
            run.stderr
        );
        run
    }

    /// Drops every table (whatever shale keeps included) and creates an empty `runlog`.
    fn reset(&self) {
        let list = match self.kind {
            Kind::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            }
            Kind::Postgres => "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()",
            Kind::Mysql => {
                "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
            }
        };
        let tables = self.db.column(list);
        if !tables.is_empty() {
            let drop = match self.kind {
                Kind::Sqlite => tables
                    .iter()
                    .map(|t| format!("DROP TABLE \"{t}\""))
                    .collect::<Vec<_>>()
                    .join(";\n"),
                _ => format!("DROP TABLE IF EXISTS {} CASCADE", tables.join(", ")),
            };
            self.db.execute(&drop);
        }
        self.db
            .execute("CREATE TABLE runlog (rev VARCHAR(32) NOT NULL, stmt INTEGER NOT NULL)");
    }

    /// The expected time of a clean run of the trial's direction.
    fn span(&self, down: bool) -> &Cell<Duration> {
        if down {
            &self.down_time
        } else {
            &self.up_time
        }
    }

    /// One of [`KILL_POINTS`].
    fn kill_point(&self, killed: &Ended) -> &'static str {
        let done = killed.steps().len();
        let last_end = killed.steps().last().map_or(self.startup, |s| s.0);
        KILL_POINTS[if killed.code.is_some() || done == self.revs.len() {
            3
        } else if done == 0 && killed.at < self.startup {
            2
        } else if killed.at.saturating_sub(last_end) < Duration::from_millis(5) {
            1
        } else {
            0
        }]
    }

    /// Sessions on the database other than the asking one (none on SQLite).
    fn other_sessions(&self, filter: &str) -> usize {
        let sql = match self.kind {
            Kind::Sqlite => return 0,
            Kind::Postgres => format!("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() {filter}"),
            Kind::Mysql => format!("SELECT COUNT(*) FROM information_schema.processlist WHERE db = DATABASE() AND id <> CONNECTION_ID() {filter}"),
        };
        self.db.column(&sql)[0].parse().unwrap_or(0)
    }

    /// Waits for the killed run's server sessions to finish their last statement.
    fn quiesce(&self, problems: &mut Vec<String>) {
        let start = Instant::now();
        while self.other_sessions("") > 0 {
            if start.elapsed() > SETTLE {
                problems.push(format!(
                    "server sessions still open {SETTLE:?} after the runs ended"
                ));
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Judges the restarted runs; finishes an interrupted revision as a user would (and
    /// says whether there was one).
    fn settle(&self, runs: &[Ended], problems: &mut Vec<String>) -> bool {
        let mut interrupted = None;
        for run in runs {
            match run.code {
                _ if run.hung => {
                    problems.push(format!("a restarted run hung (killed after {HANG:?})"))
                }
                Some(0) => {}
                Some(1) if run.stderr.contains("interrupted") => interrupted = Some(&run.stderr),
                code => problems.push(format!(
                    "a restarted run exited {}: {}",
                    code.unwrap_or(-1),
                    tail(&run.stderr)
                )),
            }
        }
        if let Some(stderr) = interrupted {
            self.resume(stderr, problems);
        }
        interrupted.is_some()
    }

    /// `shale status --json` names the interrupted revision; the test looks at `runlog`
    /// and continues with `--resume` or `--resume-from N`, then `upgrade head` must finish.
    fn resume(&self, stderr: &str, problems: &mut Vec<String>) {
        let status = Spawned::new(self.proj.path(), &["status", "--json"]).wait(HANG);
        let json: serde_json::Value = serde_json::from_str(&status.stdout()).unwrap_or_default();
        let info: Option<Interrupted> = serde_json::from_value(json["interrupted"].clone()).ok();
        let Some(info) = info.filter(|i| ["up", "down"].contains(&i.direction.as_str())) else {
            problems.push(format!(
                "a run said interrupted ({}) but status --json has no valid \"interrupted\": {}",
                tail(stderr),
                json["interrupted"]
            ));
            return self.finish(&["upgrade", "head"], problems);
        };
        let Some(rev) = self.revs.iter().find(|r| r.id == info.revision) else {
            return problems.push(format!(
                "interrupted names an unknown revision {}",
                info.revision
            ));
        };
        let up = info.direction == "up";
        let stmts = if up { &rev.up } else { &rev.down };
        let wrong = self.misreported(&info, rev, stmts, stderr);
        if !wrong.is_empty() {
            let wrong = wrong.join("; ");
            problems.push(format!(
                "interrupted {} {}: {wrong}",
                rev.id, info.direction
            ));
        }
        let next = self.took_effect(rev, stmts, info.done + 1) == Some(true);
        // A downgrade needs a target: -1 finishes just the interrupted revision.
        let mut args = if up {
            vec!["upgrade"]
        } else {
            vec!["downgrade", "-1"]
        };
        let from = (info.done + 2).to_string();
        match next {
            true => args.extend(["--resume-from", &from]),
            false => args.push("--resume"),
        }
        self.finish(&args, problems);
        self.finish(&["upgrade", "head"], problems);
    }

    /// What the interruption report gets wrong about `stmts`, the section of `rev` it names.
    fn misreported(
        &self,
        info: &Interrupted,
        rev: &Rev,
        stmts: &[Stmt],
        stderr: &str,
    ) -> Vec<String> {
        let mut wrong = Vec::new();
        if !stderr.contains(&rev.id) {
            wrong.push("the error does not name the revision".to_string());
        }
        if self.kind != Kind::Mysql && !rev.transaction_off {
            wrong.push("a transactional revision was reported interrupted".to_string());
        }
        if info.total != stmts.len()
            || info.done > info.total
            || info.line == 0
            || !info.path.contains(&rev.id)
        {
            let (done, total, n) = (info.done, info.total, stmts.len());
            wrong.push(format!(
                "done {done}, total {total} (expected {n}), path {:?}, line {}",
                info.path, info.line
            ));
        }
        if let Some(i) = (1..=info.done.min(stmts.len()))
            .find(|&i| self.took_effect(rev, stmts, i) == Some(false))
        {
            wrong.push(format!(
                "statement {i} counted as done has not taken effect"
            ));
        }
        let next = info.done + 1;
        if !info.running && self.took_effect(rev, stmts, next) == Some(true) {
            wrong.push(format!("statement {next} took effect but running is false"));
        }
        wrong
    }

    /// Runs shale to completion; anything but exit 0 is a problem.
    fn finish(&self, args: &[&str], problems: &mut Vec<String>) {
        let run = Spawned::new(self.proj.path(), args).wait(HANG);
        if run.hung || run.code != Some(0) {
            problems.push(format!(
                "`shale {}` exited {:?}{}: {}",
                args.join(" "),
                run.code,
                if run.hung { " (hung)" } else { "" },
                tail(&run.stderr)
            ));
        }
    }

    /// The invariants at head: one version row, one `up` per revision since its last
    /// `down`, each runlog row exactly once, every table and index there, and a renamed
    /// index under its new name only.
    fn check(&self, problems: &mut Vec<String>) {
        let head = &self.revs.last().unwrap().id;
        if !self.db.has_table("shale_version") {
            return problems.push("no version table".into());
        }
        let heads = self.db.column("SELECT version_num FROM shale_version");
        if heads != [head.clone()] {
            problems.push(format!("version table {heads:?}, expected [{head}]"));
        }
        let history = self
            .db
            .query("SELECT revision, direction FROM shale_version_history ORDER BY id");
        for rev in &self.revs {
            let mut ups = 0;
            for row in history.iter().filter(|r| r[0].as_deref() == Some(&rev.id)) {
                match row[1].as_deref() {
                    Some("up") => ups += 1,
                    Some("down") => ups = 0,
                    _ => {}
                }
            }
            if ups != 1 {
                problems.push(format!(
                    "history: {ups} `up` rows of {} since its last `down`",
                    rev.id
                ));
            }
        }
        let rows = self
            .db
            .query("SELECT rev, stmt, COUNT(*) FROM runlog GROUP BY rev, stmt ORDER BY rev, stmt");
        let mut seen = std::collections::BTreeMap::new();
        for r in rows {
            let key = (
                r[0].clone().unwrap_or_default(),
                r[1].clone().unwrap_or_default(),
            );
            seen.insert(key, r[2].clone().unwrap_or_default());
        }
        for rev in &self.revs {
            for (i, s) in rev.up.iter().enumerate() {
                if matches!(s, Stmt::Log | Stmt::Slow) {
                    let n = seen
                        .remove(&(rev.id.clone(), (i + 1).to_string()))
                        .unwrap_or_else(|| "0".into());
                    if n != "1" {
                        problems.push(format!("runlog ({}, {}) {n} times", rev.id, i + 1));
                    }
                }
            }
            let object = |s: &Stmt| matches!(s, Stmt::Table | Stmt::Index);
            if let Some(i) = rev.up.iter().position(object) {
                if self.took_effect(rev, &rev.up, i + 1) != Some(true) {
                    problems.push(format!("{:?} of {} missing at head", rev.up[i], rev.id));
                }
            }
            if rev.up.contains(&Stmt::Index) {
                let (old, new) = (format!("ix_{}", rev.id), format!("ixr_{}", rev.id));
                let renamed = rev.up.contains(&Stmt::Rename);
                let (want, gone) = if renamed { (new, old) } else { (old, new) };
                if !self.has_index(&want) || self.has_index(&gone) {
                    problems.push(format!(
                        "the index of {} is not named {want} at head (there: {}, {gone} there: {})",
                        rev.id,
                        self.has_index(&want),
                        self.has_index(&gone)
                    ));
                }
            }
        }
        for ((rev, stmt), n) in seen {
            problems.push(format!(
                "runlog ({rev}, {stmt}) {n} times, not in the history"
            ));
        }
    }
}

/// A SQLite expression counting to `rows` the slow way.
fn cte(rows: u64) -> String {
    format!("(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {rows}) SELECT COUNT(*) FROM c)")
}

/// The duration at the end of a `Running … 302 ms` line.
fn duration_in(line: &str) -> Duration {
    let ms = line
        .rsplit('…')
        .next()
        .and_then(|s| s.trim().strip_suffix(" ms")?.parse::<f64>().ok());
    Duration::from_secs_f64(ms.unwrap_or(0.0) / 1000.0)
}

/// The last lines of an error output, for a failure message.
fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(4)..].join(" | ")
}

/// One trial's choices, all drawn from its seed.
struct Trial {
    seed: u64,
    down: bool,
    replicas: usize,
    delay: Duration,
}

impl Trial {
    fn draw(seed: u64, c: &Chaos) -> Trial {
        let mut rng = Rng::new(seed);
        let down = rng.below(4) == 0;
        let replicas = 1 + rng.below(2) as usize;
        let delay = rng.within(c.span(down).get());
        Trial {
            seed,
            down,
            replicas,
            delay,
        }
    }

    fn describe(&self, point: &str) -> String {
        let run = if self.down {
            "downgrade base"
        } else {
            "upgrade head"
        };
        let ms = self.delay.as_millis();
        format!(
            "seed {}, `{run}` killed after {ms} ms ({point}), {} replica(s)",
            self.seed, self.replicas
        )
    }
}

/// Kills a run at the trial's instant, restarts replicas at once, and returns where the
/// kill landed and everything found wrong.
fn trial(c: &Chaos, t: &Trial) -> (&'static str, bool, Vec<String>) {
    let mut problems = Vec::new();
    c.reset();
    if t.down {
        c.finish(&["upgrade", "head"], &mut problems);
    }
    let args: &[&str] = if t.down {
        &["downgrade", "base"]
    } else {
        &["upgrade", "head"]
    };
    let victim = Spawned::new(c.proj.path(), args);
    thread::sleep(t.delay);
    let killed = victim.kill();
    let point = c.kill_point(&killed);
    if killed.code.is_some() {
        let span = c.span(t.down);
        span.set(span.get().min(killed.at.mul_f64(0.9)));
    }
    let replicas: Vec<Spawned> = (0..t.replicas)
        .map(|_| Spawned::new(c.proj.path(), &["upgrade", "head"]))
        .collect();
    let runs: Vec<Ended> = replicas.into_iter().map(|p| p.wait(HANG)).collect();
    let resumed = c.settle(&runs, &mut problems);
    c.quiesce(&mut problems);
    c.check(&mut problems);
    (point, resumed, problems)
}

/// `SHALE_CHAOS_TRIALS` random trials on `kind`; all failures are listed at the end.
fn chaos(kind: Kind) {
    let Some(mut c) = Chaos::new(kind, SLOW_SECS) else {
        return;
    };
    c.calibrate_runs();
    let trials = env_u64("SHALE_CHAOS_TRIALS").unwrap_or(20);
    let clock = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    let base = env_u64("SHALE_CHAOS_SEED").unwrap_or_else(|| clock.unwrap().as_nanos() as u64);
    let start = Instant::now();
    let (mut seed, mut points, mut downs, mut resumed) = (base, Vec::new(), 0, 0);
    let mut failures = Vec::new();
    for n in 1..=trials {
        let t = Trial::draw(seed, &c);
        let (point, interrupted, problems) = trial(&c, &t);
        points.push(point);
        downs += usize::from(t.down);
        resumed += usize::from(interrupted);
        if !problems.is_empty() {
            failures.push(format!(
                "trial {n} ({}): {}",
                t.describe(point),
                problems.join("; ")
            ));
        }
        seed = Rng::new(seed).next();
    }
    let counts: Vec<String> = KILL_POINTS
        .iter()
        .map(|p| format!("{p} {}", points.iter().filter(|q| *q == p).count()))
        .collect();
    report(&format!(
        "chaos {}: {trials} trials (killed {}; {downs} downgrades; {resumed} reported interrupted and resumed), {} passed, {} failed, seed {base}, {:.1} s",
        c.name(),
        counts.join(", "),
        trials as usize - failures.len(),
        failures.len(),
        start.elapsed().as_secs_f64()
    ));
    assert!(
        failures.is_empty(),
        "chaos {}: {} of {trials} trials failed (seed {base}; replay one with SHALE_CHAOS_SEED=<its seed> SHALE_CHAOS_TRIALS=1):\n{}",
        c.name(),
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn chaos_on_sqlite() {
    chaos(Kind::Sqlite);
}

#[test]
fn chaos_on_postgres() {
    chaos(Kind::Postgres);
}

#[test]
fn chaos_on_mariadb() {
    chaos(Kind::Mysql);
}

/// Polls `ready` every few milliseconds for up to `timeout`; whether it became true.
fn wait_until(timeout: Duration, mut ready: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while !ready() {
        if start.elapsed() > timeout {
            return false;
        }
        thread::sleep(Duration::from_millis(3));
    }
    true
}

/// SIGKILL exactly during revision 2's slow statement while a second replica already
/// waits for the lock: the replica must apply revision 2 once, not twice.
fn killed_with_a_replica_waiting(kind: Kind) {
    let Some(c) = Chaos::new(kind, 1.0) else {
        return;
    };
    c.reset();
    let victim = Spawned::new(c.proj.path(), &["upgrade", "head"]);
    assert!(
        wait_until(HANG, || victim.steps() >= 1),
        "{}: revision 1 never finished",
        c.name()
    );
    let slow = match kind {
        Kind::Postgres => "AND state = 'active' AND query LIKE '%pg_sleep%'",
        _ => "AND info LIKE '%SLEEP(%'",
    };
    let in_flight = || kind == Kind::Sqlite || c.other_sessions(slow) > 0;
    assert!(
        wait_until(HANG, in_flight),
        "{}: the slow statement never ran",
        c.name()
    );
    // The replica is waiting once its session is there (whatever way it waits for the
    // lock: blocked, or polling); SQLite shows no sessions, so it gets a moment.
    let before = c.other_sessions("");
    let replica = Spawned::new(c.proj.path(), &["upgrade", "head"]);
    let seen_waiting = kind != Kind::Sqlite
        && wait_until(Duration::from_millis(400), || c.other_sessions("") > before);
    thread::sleep(Duration::from_millis(100));
    let killed = victim.kill();
    assert!(
        killed.code.is_none() && killed.steps().len() == 1,
        "{}: not killed inside revision 2 (exit {:?}, {} revisions finished)",
        c.name(),
        killed.code,
        killed.steps().len()
    );
    report(&format!(
        "chaos {}: killed {} ms into revision 2, its slow statement running; replica seen waiting: {seen_waiting}",
        c.name(),
        killed.at.saturating_sub(killed.steps()[0].0).as_millis()
    ));
    let mut problems = Vec::new();
    let _ = c.settle(&[replica.wait(HANG)], &mut problems);
    c.quiesce(&mut problems);
    c.check(&mut problems);
    assert!(
        problems.is_empty(),
        "{}: killed during revision 2's slow statement, a replica {} the lock:\n{}",
        c.name(),
        if seen_waiting {
            "waiting for"
        } else {
            "started (not seen waiting) for"
        },
        problems.join("\n")
    );
}

#[test]
fn killed_with_a_replica_waiting_on_sqlite() {
    killed_with_a_replica_waiting(Kind::Sqlite);
}

#[test]
fn killed_with_a_replica_waiting_on_postgres() {
    killed_with_a_replica_waiting(Kind::Postgres);
}

#[test]
fn killed_with_a_replica_waiting_on_mariadb() {
    killed_with_a_replica_waiting(Kind::Mysql);
}
