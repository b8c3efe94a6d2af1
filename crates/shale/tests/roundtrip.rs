//! The round-trip corpus: every case of `tests/roundtrip_cases/` on SQLite, PostgreSQL
//! and MariaDB, through autogenerate's real path (SQL models normalised on a scratch
//! database, inspect, diff, render), applied to a database holding rows.
//!
//! A case is a folder `NNN_name/`:
//!
//! * `before.sql`, `after.sql` — the schema before and after; `before.<dialect>.sql`
//!   (`sqlite`, `postgres`, `mysql`) overrides the portable file for one dialect.
//! * `rows.sql` (optional, also per dialect) — INSERTs into the before schema.
//! * `renames` (optional) — declared renames, one a line: `table.old=new` renames a
//!   column of `table` (named as in `after.sql`), `old=new` renames a table.
//! * `backfill` (optional) — `table.column=literal` lines, the value that replaces the
//!   NULL placeholder of a generated backfill statement.
//! * `skip` (optional) — `dialect: reason` lines for dialects without the feature.
//! * `known_failure` (optional) — `dialect: bug` lines (`all: bug` for every dialect):
//!   the case is run and its failure reported apart; a known failure that passes fails.
//!
//! For each case and dialect, in a fresh database: apply before, insert rows; desired =
//! after.sql through `load_sql_models`; diff, render and apply the upgrade; then check
//! (1) inspect(live) == desired (up to column order and primary key names, see
//! [`expect_same`]), and the diff's own model of the result too; (2) a second
//! diff is empty; (3) no false positives: after.sql applied directly to another fresh
//! database inspects equal to desired; (4) the
//! downgrade restores the before schema exactly; (5) the rows of the columns both
//! schemas have survive both ways. Every failure is collected and reported at the end.

use shale::db::inspect::inspect;
use shale::db::Db;
use shale::dialect::Dialect;
use shale::diff::{self, DiffOptions, RenderedStatement};
use shale::models::sql::{self as sql_models, load_sql_models};
use shale::schema::Schema;
use shale::url::DbUrl;
use shale_testkit::{Kind, TestDb, ALL};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The placeholder a generated backfill statement carries.
const BACKFILL_PLACEHOLDER: &str = "NULL /* shale: replace NULL with the backfill value */";

/// One case of the corpus, as read from its folder.
struct Case {
    name: String,
    dir: PathBuf,
    skip: BTreeMap<String, String>,
    known_failure: BTreeMap<String, String>,
    renames: DiffOptions,
    backfill: BTreeMap<(String, String), String>,
}

/// How one case ended on one dialect.
enum Outcome {
    Passed,
    Skipped,
    Failed(String),
}

/// A case that did not pass on a dialect.
struct Failure {
    case: String,
    dialect: &'static str,
    reason: String,
}

#[test]
fn corpus_round_trips_on_every_dialect() {
    let cases = load_cases();
    assert!(cases.len() >= 60, "the corpus has {} cases", cases.len());
    let results: Vec<(Vec<Failure>, Vec<Failure>, usize)> = std::thread::scope(|s| {
        let handles: Vec<_> = ALL
            .into_iter()
            .map(|kind| {
                let cases = &cases;
                s.spawn(move || run_dialect(kind, cases))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("dialect thread"))
            .collect()
    });
    let mut report = String::new();
    let (mut failures, mut passed) = (0, 0);
    for (failed, known, ok) in &results {
        passed += ok;
        for f in known {
            let _ = writeln!(
                report,
                "known failure {} on {}: {}",
                f.case, f.dialect, f.reason
            );
        }
        failures += failed.len();
        for f in failed {
            let _ = writeln!(
                report,
                "FAILED {} on {}:\n{}\n",
                f.case, f.dialect, f.reason
            );
        }
    }
    eprintln!("{report}{passed} case runs passed, {failures} failed");
    assert_eq!(failures, 0, "round-trip corpus failures:\n{report}");
}

/// Runs every case on `kind`: (unexpected failures, known failures, passes). Several
/// workers share the cases: PostgreSQL checkpoints on every `DROP DATABASE`, and
/// concurrent drops share one checkpoint instead of waiting for one each.
fn run_dialect(kind: Kind, cases: &[Case]) -> (Vec<Failure>, Vec<Failure>, usize) {
    let workers = if kind == Kind::Postgres { 8 } else { 2 };
    let next = AtomicUsize::new(0);
    let started = std::time::Instant::now();
    let outcomes = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime");
                let mut reused = None;
                while let Some(case) = cases.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let outcome = run_case(&rt, kind, case, &mut reused);
                    outcomes.lock().expect("outcomes").push((case, outcome));
                }
            });
        }
    });
    eprintln!(
        "{}: {} cases in {:.1?}",
        kind.name(),
        cases.len(),
        started.elapsed()
    );
    let mut outcomes = outcomes.into_inner().expect("outcomes");
    outcomes.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    let (mut failed, mut known, mut passed) = (Vec::new(), Vec::new(), 0);
    for (case, outcome) in outcomes {
        let known_bug = case
            .known_failure
            .get(kind.name())
            .or_else(|| case.known_failure.get("all"));
        let failure = |reason: String| Failure {
            case: case.name.clone(),
            dialect: kind.name(),
            reason,
        };
        match (outcome, known_bug) {
            (Outcome::Skipped, _) => {}
            (Outcome::Passed, None) => passed += 1,
            (Outcome::Passed, Some(bug)) => failed.push(failure(format!(
                "listed in known_failure ({bug}) but passes: remove the entry"
            ))),
            (Outcome::Failed(reason), Some(bug)) => {
                known.push(failure(format!("{bug}\n  ({})", first_line(&reason))))
            }
            (Outcome::Failed(reason), None) => failed.push(failure(reason)),
        }
    }
    (failed, known, passed)
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

/// Runs one case on one dialect, in two fresh databases (live, and the direct
/// application of after.sql for the false-positive check).
///
/// On PostgreSQL the two databases of a worker are reused from case to case, emptied
/// by recreating the `public` schema: PostgreSQL 15 checkpoints on every `DROP DATABASE`
/// (about a second each on this machine), which would make the corpus take minutes.
/// Elsewhere every case gets new databases.
fn run_case(
    rt: &tokio::runtime::Runtime,
    kind: Kind,
    case: &Case,
    reused: &mut Option<(TestDb, TestDb)>,
) -> Outcome {
    if case.skip.contains_key(kind.name()) {
        return Outcome::Skipped;
    }
    let pair = match reused.take() {
        Some(pair) => pair,
        None => match (TestDb::create(kind), TestDb::create(kind)) {
            (Some(live), Some(fresh)) => (live, fresh),
            _ => return Outcome::Skipped,
        },
    };
    let urls = (DbUrl::parse(&pair.0.url), DbUrl::parse(&pair.1.url));
    let (Ok(live_url), Ok(fresh_url)) = urls else {
        return Outcome::Failed("a test database URL does not parse".into());
    };
    let result = rt.block_on(async {
        if kind == Kind::Postgres {
            empty_postgres(&live_url).await?;
            empty_postgres(&fresh_url).await?;
        }
        round_trip(kind, case, &live_url, &fresh_url).await
    });
    if kind == Kind::Postgres {
        *reused = Some(pair);
    }
    match result {
        Ok(()) => Outcome::Passed,
        Err(reason) => Outcome::Failed(reason),
    }
}

/// Drops everything in a PostgreSQL database's `public` schema.
async fn empty_postgres(url: &DbUrl) -> Result<(), String> {
    let mut db = Db::connect(url).await.map_err(|e| e.to_string())?;
    let result = db
        .execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        .await
        .map_err(|e| format!("emptying the reused database: {e}"));
    db.close().await;
    result.map(|_| ())
}

/// The whole round trip of one case; the first broken expectation is the error.
async fn round_trip(
    kind: Kind,
    case: &Case,
    live_url: &DbUrl,
    fresh_url: &DbUrl,
) -> Result<(), String> {
    let dialect = live_url.dialect();
    let mut live = Db::connect(live_url).await.map_err(|e| e.to_string())?;
    let result = async {
        apply_file(&mut live, &case.file("before", kind)?).await?;
        let before = inspect_db(&mut live).await?;
        if let Some(rows) = case.optional_file("rows", kind) {
            apply_file(&mut live, &rows).await?;
        }
        let after_file = case.file("after", kind)?;
        let (desired, declared) =
            load_sql_models(std::slice::from_ref(&after_file), live_url, None)
                .await
                .map_err(|e| format!("load_sql_models(after): {e}"))?;
        let mut opts = case.renames.clone();
        opts.renames.extend(sql_models::column_renames(&declared));
        opts.table_renames
            .extend(sql_models::table_renames(&declared));
        let kept = kept_columns(&before, &desired, &opts);
        let data_before = snapshot(&mut live, &kept, Side::Before).await?;

        let changes = diff::diff(&before, &desired, &opts).changes;
        if changes.is_empty() {
            return Err(
                "the diff between before and after is empty: the case tests nothing".into(),
            );
        }
        let modelled = diff::apply_all(&before, &changes);
        let upgrade = case.backfilled(diff::render(dialect, &before, &changes))?;
        let reversed = diff::reverse_changes(&changes);
        let downgrade = case.backfilled(diff::render(dialect, &modelled, &reversed))?;
        let listing = format!(
            "upgrade:\n{}downgrade:\n{}",
            diff::to_text(&upgrade),
            diff::to_text(&downgrade)
        );
        let fk_up = diff::needs_foreign_keys_off(dialect, &before, &changes);
        run_script(&mut live, &upgrade, fk_up)
            .await
            .map_err(|e| format!("upgrade failed: {e}\n{listing}"))?;

        let upgraded = inspect_db(&mut live).await?;
        expect_same(
            "(1) inspect(live) after upgrade vs desired",
            &upgraded,
            &desired,
            &listing,
        )?;
        expect_same(
            "(1b) apply_all(before, changes) vs desired",
            &modelled,
            &desired,
            &listing,
        )?;
        let again = diff::diff(&upgraded, &desired, &opts).changes;
        if !again.is_empty() {
            return Err(format!("(2) second diff not empty: {again:?}\n{listing}"));
        }
        check_fresh(fresh_url, &after_file, &desired).await?;
        let data_after = snapshot(&mut live, &kept, Side::After).await?;
        expect_rows(
            "(5) rows after upgrade",
            &data_before,
            &data_after,
            &listing,
        )?;

        let fk_down = diff::needs_foreign_keys_off(dialect, &modelled, &reversed);
        run_script(&mut live, &downgrade, fk_down)
            .await
            .map_err(|e| format!("downgrade failed: {e}\n{listing}"))?;
        let restored = inspect_db(&mut live).await?;
        expect_same(
            "(4) inspect(live) after downgrade vs before",
            &restored,
            &before,
            &listing,
        )?;
        let data_restored = snapshot(&mut live, &kept, Side::Before).await?;
        expect_rows(
            "(5) rows after downgrade",
            &data_before,
            &data_restored,
            &listing,
        )
    }
    .await;
    live.close().await;
    result
}

/// (3) No false positives: after.sql applied directly to a fresh database inspects equal
/// to the models, so `check` there is clean.
async fn check_fresh(url: &DbUrl, after_file: &Path, desired: &Schema) -> Result<(), String> {
    let mut db = Db::connect(url).await.map_err(|e| e.to_string())?;
    let result = async {
        apply_file(&mut db, after_file).await?;
        let direct = inspect_db(&mut db).await?;
        let changes = diff::diff(&direct, desired, &DiffOptions::default()).changes;
        if !changes.is_empty() {
            return Err(format!(
                "(3) after.sql applied directly differs from the models: {changes:?}"
            ));
        }
        expect_same(
            "(3) after.sql applied directly vs models",
            &direct,
            desired,
            "",
        )
    }
    .await;
    db.close().await;
    result
}

async fn inspect_db(db: &mut Db) -> Result<Schema, String> {
    inspect(db, &[]).await.map_err(|e| format!("inspect: {e}"))
}

/// Runs rendered statements in order; on SQLite with `fk_off`, foreign keys are off
/// around them and `PRAGMA foreign_key_check` must find nothing afterwards.
async fn run_script(
    db: &mut Db,
    statements: &[RenderedStatement],
    fk_off: bool,
) -> Result<(), String> {
    let sqlite = db.dialect() == Dialect::Sqlite;
    if fk_off && sqlite {
        db.execute("PRAGMA foreign_keys = OFF")
            .await
            .map_err(|e| e.to_string())?;
    }
    let mut result = Ok(());
    for s in statements {
        if let Err(e) = db.execute(&s.sql).await {
            result = Err(format!("{e}\n  statement: {}", s.sql));
            break;
        }
    }
    if fk_off && sqlite {
        let broken = db
            .query("PRAGMA foreign_key_check")
            .await
            .map_err(|e| e.to_string())?;
        db.execute("PRAGMA foreign_keys = ON")
            .await
            .map_err(|e| e.to_string())?;
        if result.is_ok() && !broken.is_empty() {
            result = Err(format!("foreign_key_check after the rebuild: {broken:?}"));
        }
    }
    result
}

/// Applies a SQL file statement by statement, comments left out.
async fn apply_file(db: &mut Db, file: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    for piece in shale::script::split(&text) {
        let code: Vec<&str> = piece
            .text
            .lines()
            .filter(|l| !l.trim_start().starts_with("--"))
            .collect();
        let code = code.join("\n");
        if code.trim().trim_end_matches(';').trim().is_empty() {
            continue;
        }
        db.execute(&code)
            .await
            .map_err(|e| format!("{}: {e}\n  {code}", file.display()))?;
    }
    Ok(())
}

/// Schema equality up to two things no migration can or need change, which the diff
/// ignores too: the order of columns (`ADD COLUMN` appends on every dialect, so a column
/// declared in the middle of a table lands at its end) and the name of the primary key
/// (PostgreSQL keeps `<old>_pkey` when a table is renamed).
fn expect_same(what: &str, got: &Schema, want: &Schema, listing: &str) -> Result<(), String> {
    let (got, want) = (&comparable(got), &comparable(want));
    if got == want {
        return Ok(());
    }
    Err(format!(
        "{what}: schemas differ\n{}{listing}",
        schema_delta(got, want)
    ))
}

/// `schema` with each table's columns in name order and primary keys unnamed.
fn comparable(schema: &Schema) -> Schema {
    let mut schema = schema.clone();
    for table in schema.tables.values_mut() {
        table.columns.sort_by(|a, b| a.name.cmp(&b.name));
        if let Some(key) = &mut table.primary_key {
            key.name = None;
        }
    }
    schema
}

/// The tables and enums that differ between two schemas, as debug text.
fn schema_delta(got: &Schema, want: &Schema) -> String {
    let mut out = String::new();
    let names: std::collections::BTreeSet<&String> =
        got.tables.keys().chain(want.tables.keys()).collect();
    for name in names {
        let (g, w) = (got.tables.get(name), want.tables.get(name));
        if g != w {
            let _ = writeln!(out, "  table {name}:\n    got:  {g:?}\n    want: {w:?}");
        }
    }
    if got.enums != want.enums {
        let _ = writeln!(
            out,
            "  enums:\n    got:  {:?}\n    want: {:?}",
            got.enums, want.enums
        );
    }
    out
}

/// Which schema a data snapshot reads: the tables and columns as named before or after.
#[derive(Clone, Copy)]
enum Side {
    Before,
    After,
}

/// A table's columns that both schemas have (except those made NOT NULL), as `((before table, before columns),
/// (after table, after columns))`, renames followed.
type Kept = Vec<((String, Vec<String>), (String, Vec<String>))>;

fn kept_columns(before: &Schema, after: &Schema, opts: &DiffOptions) -> Kept {
    let mut kept = Vec::new();
    for (name, table) in &before.tables {
        let new_name = opts
            .table_renames
            .iter()
            .find(|(old, _)| old == name)
            .map_or(name.clone(), |(_, new)| new.clone());
        let Some(target) = after.tables.get(&new_name) else {
            continue;
        };
        let (mut old_cols, mut new_cols) = (Vec::new(), Vec::new());
        for column in &table.columns {
            let new_col = opts
                .renames
                .iter()
                .find(|(t, old, _)| t == &new_name && old == &column.name)
                .map_or(column.name.clone(), |(_, _, new)| new.clone());
            // A column made NOT NULL is backfilled: its NULLs do not survive, by design.
            let backfilled = |c: &shale::schema::Column| column.nullable && !c.nullable;
            if target.column(&new_col).is_some_and(|c| !backfilled(c)) {
                old_cols.push(column.name.clone());
                new_cols.push(new_col);
            }
        }
        if !old_cols.is_empty() {
            kept.push(((name.clone(), old_cols), (new_name, new_cols)));
        }
    }
    kept
}

/// Every kept column's values as text, per table, sorted.
async fn snapshot(
    db: &mut Db,
    kept: &Kept,
    side: Side,
) -> Result<Vec<Vec<Vec<Option<String>>>>, String> {
    let d = db.dialect();
    let mut out = Vec::new();
    for (before, after) in kept {
        let (table, columns) = match side {
            Side::Before => before,
            Side::After => after,
        };
        let text_type = if d == Dialect::Mysql { "CHAR" } else { "TEXT" };
        let list: Vec<String> = columns
            .iter()
            .map(|c| format!("CAST({} AS {text_type})", quote(d, c)))
            .collect();
        let sql = format!("SELECT {} FROM {}", list.join(", "), quote(d, table));
        let mut rows = db.query(&sql).await.map_err(|e| format!("{sql}: {e}"))?;
        rows.sort();
        out.push(rows);
    }
    Ok(out)
}

fn quote(d: Dialect, name: &str) -> String {
    match d {
        Dialect::Mysql => format!("`{name}`"),
        _ => format!("\"{name}\""),
    }
}

fn expect_rows<T: PartialEq + std::fmt::Debug>(
    what: &str,
    want: &T,
    got: &T,
    listing: &str,
) -> Result<(), String> {
    if want == got {
        Ok(())
    } else {
        Err(format!(
            "{what}: data differs\n  want: {want:?}\n  got:  {got:?}\n{listing}"
        ))
    }
}

impl Case {
    /// `stem.<dialect>.sql` if present, else `stem.sql`.
    fn optional_file(&self, stem: &str, kind: Kind) -> Option<PathBuf> {
        [format!("{stem}.{}.sql", kind.name()), format!("{stem}.sql")]
            .into_iter()
            .map(|f| self.dir.join(f))
            .find(|p| p.exists())
    }

    fn file(&self, stem: &str, kind: Kind) -> Result<PathBuf, String> {
        self.optional_file(stem, kind)
            .ok_or_else(|| format!("{}: no {stem}.sql", self.dir.display()))
    }

    /// Replaces each backfill placeholder with the value the `backfill` file gives.
    fn backfilled(
        &self,
        statements: Vec<RenderedStatement>,
    ) -> Result<Vec<RenderedStatement>, String> {
        statements
            .into_iter()
            .map(|mut s| {
                if s.sql.contains(BACKFILL_PLACEHOLDER) {
                    let value = self
                        .backfill
                        .iter()
                        .find(|((t, c), _)| backfill_targets(&s.sql, t, c))
                        .map(|(_, v)| v)
                        .ok_or_else(|| format!("no backfill value for: {}", s.sql))?;
                    s.sql = s.sql.replace(BACKFILL_PLACEHOLDER, value);
                }
                Ok(s)
            })
            .collect()
    }
}

/// Whether a backfill `UPDATE` statement is the one for `table.column`.
fn backfill_targets(sql: &str, table: &str, column: &str) -> bool {
    let unquoted = sql.replace(['"', '`'], "");
    unquoted.starts_with(&format!("UPDATE {table} SET {column} = "))
}

fn cases_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/roundtrip_cases")
}

fn load_cases() -> Vec<Case> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("tests/roundtrip_cases")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter().map(|dir| load_case(&dir)).collect()
}

fn load_case(dir: &Path) -> Case {
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap_or_default();
    let mut renames = DiffOptions::default();
    for (left, new) in pairs(&read("renames"), '=') {
        match left.split_once('.') {
            Some((table, old)) => renames.renames.push((table.into(), old.into(), new)),
            None => renames.table_renames.push((left, new)),
        }
    }
    let backfill = pairs(&read("backfill"), '=')
        .into_iter()
        .map(|(target, value)| {
            let (t, c) = target
                .split_once('.')
                .expect("backfill: table.column=value");
            ((t.to_string(), c.to_string()), value)
        })
        .collect();
    Case {
        name: dir.file_name().expect("case name").to_string_lossy().into(),
        dir: dir.to_path_buf(),
        skip: pairs(&read("skip"), ':').into_iter().collect(),
        known_failure: pairs(&read("known_failure"), ':').into_iter().collect(),
        renames,
        backfill,
    }
}

/// `left<sep>right` lines, trimmed; blank lines and `#` comments left out.
fn pairs(text: &str, sep: char) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (a, b) = l.split_once(sep).unwrap_or((l, ""));
            (a.trim().to_string(), b.trim().to_string())
        })
        .collect()
}
