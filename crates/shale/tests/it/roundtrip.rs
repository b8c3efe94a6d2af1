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
//! * `roles` (optional) — roles (PostgreSQL) or users (MySQL, at host `%`) the case's
//!   grants name, one a line: created before the case and dropped after it; server-wide,
//!   so named after the case (`shale_rt170_reader`) to stay apart from other tests.
//! * `schemas` (optional) — PostgreSQL schemas compared, one a line, as `[models]
//!   schemas` lists them; without it, the connection's own.
//! * `no_changes` (optional, empty) — the two schemas are written differently but mean
//!   the same: the diff must be empty (a false-positive test), and after.sql applied
//!   directly must inspect as the models do.
//!
//! Migrations are autogenerate's online plans (the default): on PostgreSQL possibly two
//! revisions, the first run in a transaction, the second a statement at a time; and the
//! scripts autogenerate would write for them must lint clean (no warning or error).
//!
//! For each case and dialect, in a fresh database: apply before, insert rows; desired =
//! after.sql through `load_sql_models`; diff, render and apply the upgrade; then check
//! (1) inspect(live) == desired (up to column order and primary key names, see
//! [`expect_same`]), and the diff's own model of the result too; (2) a second
//! diff is empty; (3) no false positives: after.sql applied directly to another fresh
//! database inspects equal to desired; (4) the
//! downgrade restores the before schema exactly; (5) the rows of the columns both
//! schemas have survive both ways. Every failure is collected and reported at the end.

use shale::db::inspect::inspect_schemas;
use shale::db::Db;
use shale::dialect::render::{self, RenderedStatement};
use shale::dialect::Dialect;
use shale::diff::{self, DiffOptions};
use shale::models::sql::{self as sql_models, load_sql_models_over};
use shale::plan::{reverse_changes, Plan};
use shale::schema::Schema;
use shale::url::DbUrl;
use shale_testkit::{Kind, TestDb, ALL};

#[path = "../roundtrip_cases/case.rs"]
mod case;
use crate::generated_lint;
use case::{load_cases, Case};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Case runs whose online plan was linted, and the findings their plain form has without
/// the allow lines autogenerate writes (for comparison; printed at the end).
static LINTED: AtomicUsize = AtomicUsize::new(0);
static PLAIN_FINDINGS: AtomicUsize = AtomicUsize::new(0);

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
    let mut cases = load_cases();
    assert!(cases.len() >= 60, "the corpus has {} cases", cases.len());
    // SHALE_CASES=106,107 runs only the cases whose names contain one of those words.
    if let Ok(only) = std::env::var("SHALE_CASES") {
        let words: Vec<&str> = only.split(',').map(str::trim).collect();
        cases.retain(|c| words.iter().any(|w| c.name.contains(w)));
    }
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
    eprintln!(
        "lint: {} case runs' online plans linted clean or reported above; their plain form has {} findings",
        LINTED.load(Ordering::Relaxed),
        PLAIN_FINDINGS.load(Ordering::Relaxed)
    );
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
        roles(&live_url, case, true).await?;
        let result = round_trip(kind, case, &live_url, &fresh_url).await;
        if kind == Kind::Postgres && !case.roles.is_empty() {
            // A role is dropped once nothing grants it anything.
            empty_postgres(&live_url).await?;
            empty_postgres(&fresh_url).await?;
        }
        roles(&live_url, case, false).await?;
        result
    });
    if kind == Kind::Postgres {
        *reused = Some(pair);
    }
    match result {
        Ok(()) => Outcome::Passed,
        Err(reason) => Outcome::Failed(reason),
    }
}

/// Creates (or, with `create` false, drops) the roles the case grants to.
async fn roles(url: &DbUrl, case: &Case, create: bool) -> Result<(), String> {
    if case.roles.is_empty() {
        return Ok(());
    }
    let mut db = Db::connect(url).await.map_err(|e| e.to_string())?;
    let mut result = Ok(());
    for role in &case.roles {
        let sql = match (db.dialect(), create) {
            (Dialect::Postgres, true) => format!(
                "DO $$ BEGIN CREATE ROLE {role}; EXCEPTION WHEN duplicate_object THEN NULL; END $$"
            ),
            (Dialect::Postgres, false) => format!("DROP ROLE IF EXISTS {role}"),
            (_, true) => format!("CREATE USER IF NOT EXISTS '{role}'@'%'"),
            (_, false) => format!("DROP USER IF EXISTS '{role}'@'%'"),
        };
        if let Err(e) = db.execute(&sql).await {
            result = Err(format!("{sql}: {e}"));
        }
    }
    db.close().await;
    result
}

/// Drops every schema of a PostgreSQL database (`public` and those a case with
/// `schemas` made), and makes `public` again.
async fn empty_postgres(url: &DbUrl) -> Result<(), String> {
    let mut db = Db::connect(url).await.map_err(|e| e.to_string())?;
    let result = db
        .execute(
            "DO $$ DECLARE s text; BEGIN FOR s IN SELECT nspname FROM pg_namespace \
             WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' LOOP \
             EXECUTE 'DROP SCHEMA ' || quote_ident(s) || ' CASCADE'; END LOOP; END $$; \
             CREATE SCHEMA public",
        )
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
    let mut live = Db::connect(live_url).await.map_err(|e| e.to_string())?;
    let result = async {
        let start = prepare(&mut live, case, kind, live_url).await?;
        let changes = diff::diff(&start.before, &start.desired, &start.opts).changes;
        if case.no_changes {
            if !changes.is_empty() {
                return Err(format!(
                    "false positive: the diff is not empty: {changes:?}"
                ));
            }
            return check_fresh(fresh_url, &start).await;
        }
        if changes.is_empty() {
            return Err(
                "the diff is empty: the case tests nothing (add a no_changes file if \
                        that is the point)"
                    .into(),
            );
        }
        let migration = Migration::render(case, live.dialect(), &start.before, changes)?;
        upgrade(&mut live, &start, &migration).await?;
        check_fresh(fresh_url, &start).await?;
        downgrade(&mut live, &start, &migration).await
    }
    .await;
    live.close().await;
    result
}

/// A case's live database before the migration, and what it migrates to.
struct Start {
    before: Schema,
    desired: Schema,
    after_file: PathBuf,
    opts: DiffOptions,
    kept: Kept,
    rows: Rows,
    /// The case's `[models] schemas`.
    schemas: Vec<String>,
}

/// Applies before.sql and rows.sql to the live database; reads after.sql as models.
async fn prepare(live: &mut Db, case: &Case, kind: Kind, url: &DbUrl) -> Result<Start, String> {
    apply_file(live, &case.file("before", kind)?).await?;
    let before = inspect_db(live, &case.schemas).await?;
    if let Some(rows) = case.optional_file("rows", kind) {
        apply_file(live, &rows).await?;
    }
    let after_file = case.file("after", kind)?;
    let (desired, declared) = load_sql_models_over(
        std::slice::from_ref(&after_file),
        url,
        None,
        &Schema::default(),
        &case.schemas,
    )
    .await
    .map_err(|e| format!("load_sql_models(after): {e}"))?;
    // A rename the models declare names a table (or column) of the before schema, under
    // its old name or, already applied, its new one: one that names nothing was misread.
    // (`public.users` names the connection's own `users`.)
    let tables = sql_models::table_renames(&declared);
    for (from, to) in &tables {
        let bare = from
            .rsplit_once('.')
            .map_or(from.as_str(), |(_, name)| name);
        if ![from.as_str(), bare, to]
            .iter()
            .any(|t| before.tables.contains_key(*t))
        {
            return Err(format!(
                "after.sql declares table {from} renamed to {to}: before.sql has neither"
            ));
        }
    }
    for (table, from, to) in sql_models::column_renames(&declared) {
        let old_table = tables.iter().find(|(_, t)| *t == table).map(|(f, _)| f);
        let has = |column: &str| {
            [Some(&table), old_table]
                .into_iter()
                .flatten()
                .filter_map(|t| before.tables.get(t))
                .any(|t| t.column(column).is_some())
        };
        if !has(&from) && !has(&to) {
            return Err(format!(
                "after.sql declares column {table}.{from} renamed to {to}: before.sql has neither"
            ));
        }
    }
    let mut opts = case.renames.clone();
    opts.move_columns = live.dialect().moves_columns();
    opts.renames.extend(sql_models::column_renames(&declared));
    opts.table_renames
        .extend(sql_models::table_renames(&declared));
    let kept = kept_columns(&before, &desired, &opts);
    let rows = snapshot(live, &kept, Side::Before).await?;
    Ok(Start {
        before,
        desired,
        after_file,
        opts,
        kept,
        rows,
        schemas: case.schemas.clone(),
    })
}

/// The rendered migration of a case, backfills filled in: the revisions of the online
/// plan, each `(runs in a transaction, statements)`.
struct Migration {
    changes: Vec<diff::Change>,
    reversed: Vec<diff::Change>,
    /// The schema the diff itself expects after the upgrade.
    modelled: Schema,
    /// The upgrades, in order.
    upgrade: Vec<(bool, Vec<RenderedStatement>)>,
    /// The downgrades, in order (the last revision's first).
    downgrade: Vec<(bool, Vec<RenderedStatement>)>,
    /// Both scripts as text, for failure messages.
    listing: String,
}

impl Migration {
    fn render(
        case: &Case,
        dialect: Dialect,
        before: &Schema,
        changes: Vec<diff::Change>,
    ) -> Result<Migration, String> {
        let modelled = diff::apply_all(before, &changes);
        let reversed = reverse_changes(&changes);
        let plan = Plan::new(dialect, before.clone(), changes.clone())
            .online(Some(generated_lint::default_online()));
        let findings = generated_lint::findings(&plan);
        let plain = Plan::new(dialect, before.clone(), changes.clone());
        PLAIN_FINDINGS.fetch_add(
            generated_lint::findings_without_allows(&plain).len(),
            Ordering::Relaxed,
        );
        LINTED.fetch_add(1, Ordering::Relaxed);
        let (mut upgrade, mut downgrade) = (Vec::new(), Vec::new());
        let mut listing = String::new();
        for (i, part) in plan.parts().iter().enumerate() {
            let rendered = part.render();
            let up = case.backfilled(rendered.upgrade)?;
            let down = case.backfilled(rendered.downgrade)?;
            listing.push_str(&format!(
                "revision {} (transactional: {}) upgrade:\n{}downgrade:\n{}",
                i + 1,
                rendered.transactional,
                render::to_text(&up),
                render::to_text(&down)
            ));
            upgrade.push((rendered.transactional, up));
            downgrade.insert(0, (rendered.transactional, down));
        }
        if !findings.is_empty() {
            return Err(format!(
                "the generated scripts do not lint clean:\n  {}\n{listing}",
                findings.join("\n  ")
            ));
        }
        Ok(Migration {
            changes,
            reversed,
            modelled,
            upgrade,
            downgrade,
            listing,
        })
    }
}

/// Runs the upgrade and checks (1), (2) and (5).
async fn upgrade(live: &mut Db, start: &Start, m: &Migration) -> Result<(), String> {
    let fk_off = render::needs_foreign_keys_off(live.dialect(), &start.before, &m.changes);
    run_revisions(live, &m.upgrade, fk_off)
        .await
        .map_err(|e| format!("upgrade failed: {e}\n{}", m.listing))?;
    let upgraded = inspect_db(live, &start.schemas).await?;
    let what = "(1) inspect(live) after upgrade vs desired";
    expect_same(what, &upgraded, &start.desired, &m.listing)?;
    let what = "(1b) apply_all(before, changes) vs desired";
    expect_same(what, &m.modelled, &start.desired, &m.listing)?;
    let again = diff::diff(&upgraded, &start.desired, &start.opts).changes;
    if !again.is_empty() {
        return Err(format!(
            "(2) second diff not empty: {again:?}\n{}",
            m.listing
        ));
    }
    let rows = snapshot(live, &start.kept, Side::After).await?;
    expect_rows("(5) rows after upgrade", &start.rows, &rows, &m.listing)
}

/// Runs the downgrade and checks (4) and (5).
async fn downgrade(live: &mut Db, start: &Start, m: &Migration) -> Result<(), String> {
    let fk_off = render::needs_foreign_keys_off(live.dialect(), &m.modelled, &m.reversed);
    run_revisions(live, &m.downgrade, fk_off)
        .await
        .map_err(|e| format!("downgrade failed: {e}\n{}", m.listing))?;
    let restored = inspect_db(live, &start.schemas).await?;
    let what = "(4) inspect(live) after downgrade vs before";
    expect_same(what, &restored, &start.before, &m.listing)?;
    // Where columns move, the downgrade puts every one back in its place.
    let opts = DiffOptions::for_dialect(live.dialect());
    let again = match opts.move_columns {
        true => diff::diff(&restored, &start.before, &opts).changes,
        false => Vec::new(),
    };
    if !again.is_empty() {
        return Err(format!(
            "(4b) the downgrade leaves columns out of place: {again:?}\n{}",
            m.listing
        ));
    }
    let rows = snapshot(live, &start.kept, Side::Before).await?;
    expect_rows("(5) rows after downgrade", &start.rows, &rows, &m.listing)
}

/// (3) No false positives: after.sql applied directly to a fresh database inspects equal
/// to the models, so `check` there is clean.
async fn check_fresh(url: &DbUrl, start: &Start) -> Result<(), String> {
    let (after_file, desired) = (&start.after_file, &start.desired);
    let mut db = Db::connect(url).await.map_err(|e| e.to_string())?;
    let result = async {
        apply_file(&mut db, after_file).await?;
        let direct = inspect_db(&mut db, &start.schemas).await?;
        let opts = DiffOptions::for_dialect(db.dialect());
        let changes = diff::diff(&direct, desired, &opts).changes;
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

async fn inspect_db(db: &mut Db, schemas: &[String]) -> Result<Schema, String> {
    inspect_schemas(db, &[], schemas)
        .await
        .map_err(|e| format!("inspect: {e}"))
}

/// Runs revisions in order, as the runner would: on PostgreSQL a transactional one in a
/// transaction (so that a statement that cannot run in one fails the test), the others a
/// statement at a time.
async fn run_revisions(
    db: &mut Db,
    revisions: &[(bool, Vec<RenderedStatement>)],
    fk_off: bool,
) -> Result<(), String> {
    for (transactional, statements) in revisions {
        let wrap = *transactional && db.dialect() == Dialect::Postgres;
        if wrap {
            db.execute("BEGIN").await.map_err(|e| e.to_string())?;
        }
        let result = run_script(db, statements, fk_off).await;
        if wrap {
            let end = if result.is_ok() { "COMMIT" } else { "ROLLBACK" };
            db.execute(end).await.map_err(|e| e.to_string())?;
        }
        result?;
    }
    Ok(())
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

/// Applies a SQL file statement by statement, comments left out, as psql would in one
/// session: a `SET search_path` in it holds until its end (then the default is back).
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
    if db.dialect() == Dialect::Postgres {
        db.execute("RESET search_path")
            .await
            .map_err(|e| e.to_string())?;
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
        rekey_unnamed(&mut table.uniques);
        rekey_unnamed(&mut table.foreign_keys);
        rekey_unnamed(&mut table.checks);
    }
    schema
}

/// The parts of a map keyed provisionally (`~…`, an unnamed constraint) keyed by what
/// they are, so that two schemas holding the same unnamed constraints compare equal.
fn rekey_unnamed<T: std::fmt::Debug>(parts: &mut std::collections::BTreeMap<String, T>) {
    let unnamed: Vec<String> = parts
        .keys()
        .filter(|k| k.starts_with('~'))
        .cloned()
        .collect();
    for key in unnamed {
        if let Some(part) = parts.remove(&key) {
            parts.insert(format!("~{part:?}"), part);
        }
    }
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
    let keys: std::collections::BTreeSet<&String> =
        got.objects.keys().chain(want.objects.keys()).collect();
    for key in keys {
        let (g, w) = (got.objects.get(key), want.objects.get(key));
        if g != w {
            let def = |o: Option<&shale::schema::Object>| o.map(|o| o.definition.clone());
            let _ = writeln!(
                out,
                "  {key}:\n    got:  {:?}\n    want: {:?}",
                def(g),
                def(w)
            );
        }
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
    // A column of a composite type whose attributes change holds values of a new shape,
    // by design.
    let reshaped: Vec<&str> = before
        .objects
        .values()
        .filter(|o| o.kind == shale::schema::ObjectKind::Type)
        .filter(|o| after.objects.get(&o.key()).is_none_or(|a| !a.same_as(o)))
        .map(|o| o.name.as_str())
        .collect();
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
            // A computed column's values follow its expression, not the rows.
            let computed = |c: &shale::schema::Column| c.generated.is_some();
            if column.generated.is_none()
                && !reshaped.contains(&column.ty.to_string().as_str())
                && target
                    .column(&new_col)
                    .is_some_and(|c| !backfilled(c) && !computed(c))
            {
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

/// Every kept column's values as text: per table, its rows sorted.
type Rows = Vec<Vec<Vec<Option<String>>>>;

/// Reads the kept columns, as named on `side`.
async fn snapshot(db: &mut Db, kept: &Kept, side: Side) -> Result<Rows, String> {
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
            .map(|c| format!("CAST({} AS {text_type})", quote_column(d, c)))
            .collect();
        // A PostgreSQL table's own rows, not its children's (table inheritance).
        let only = if d == Dialect::Postgres { "ONLY " } else { "" };
        let sql = format!("SELECT {} FROM {only}{}", list.join(", "), quote(d, table));
        let mut rows = db.query(&sql).await.map_err(|e| format!("{sql}: {e}"))?;
        rows.sort();
        out.push(rows);
    }
    Ok(out)
}

/// A column's name quoted (a dot in it is part of the name).
fn quote_column(d: Dialect, name: &str) -> String {
    match d {
        Dialect::Mysql => format!("`{name}`"),
        _ => format!("\"{name}\""),
    }
}

/// `name` quoted; a PostgreSQL name qualified by its schema (`billing.invoices`) part
/// by part.
fn quote(d: Dialect, name: &str) -> String {
    match (d, name.split_once('.')) {
        (Dialect::Mysql, _) => format!("`{name}`"),
        (Dialect::Postgres, Some((schema, table))) => format!("\"{schema}\".\"{table}\""),
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
