//! Diff and render cases, as data: each folder under `tests/diff_cases/` holds
//! `case.txt` (the current and desired schemas in a small text format, and the declared
//! renames) and one snapshot per dialect with the expected upgrade and downgrade SQL.
//!
//! The snapshots show what autogenerate writes by default: the online (lock-safe) form,
//! which on PostgreSQL may be two revisions, one in a transaction and one with
//! `-- shale:transaction off`. Every case's online plan must also lint clean
//! ([`generated_scripts_lint_clean`]).
//!
//! `SHALE_BLESS=1 cargo test --test diff_render` rewrites the snapshots from the actual
//! output; read every changed snapshot before committing it.
//! `SHALE_DIFF_DUMP=DIR` also writes, per case and dialect, `setup.sql` (the current
//! schema), `up.sql` and `down.sql`, to apply to real databases by hand.
//!
//! The text format (keywords upper case, types lower case):
//!
//! ```text
//! [current]                       (or [desired])
//! enum mood: happy, sad
//! table users
//!   id bigint NOT NULL AUTOINCREMENT
//!   email varchar(255) NOT NULL DEFAULT 'x'
//!   PRIMARY KEY (id) NAME pk_users COMMENT 'one each'
//!   INDEX ix_users_email (email, org_id) UNIQUE WHERE deleted_at IS NULL
//!   UNIQUE uq_users_email (email) COMMENT 'one each'
//!                                 (a key's or index's comment, where the dialect keeps
//!                                 it: MySQL in the key, PostgreSQL `COMMENT ON`)
//!   FOREIGN KEY fk_name (org_id) REFERENCES orgs (id) ON DELETE CASCADE ON UPDATE RESTRICT
//!   CHECK ck_name (price > 0)
//! [options]
//! rename users.fullname=display_name
//! rename-table people=users
//! only postgresql                 (render for one dialect only)
//! ```

use shale::dialect::render::needs_foreign_keys_off;
use shale::dialect::Dialect;
use shale::diff::{apply_all, diff, Diff, DiffOptions};
use shale::models::place_part_comments;
use shale::plan::reverse_changes;
use shale::plan::Plan;
use shale::schema::{
    CheckConstraint, Column, ForeignKey, Index, PrimaryKey, Schema, Table, UniqueConstraint,
};
use std::fs;
use std::path::{Path, PathBuf};

use crate::generated_lint;

/// One case: its schemas and options.
struct Case {
    name: String,
    current: Schema,
    desired: Schema,
    opts: DiffOptions,
    /// The dialects the case is rendered for (all three unless `only DIALECT`).
    dialects: Vec<Dialect>,
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff_cases")
}

fn load_cases() -> Vec<Case> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(cases_dir())
        .expect("tests/diff_cases exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.join("case.txt").exists())
        .collect();
    dirs.sort();
    dirs.iter().map(|d| parse_case(d)).collect()
}

fn parse_case(dir: &Path) -> Case {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let text = fs::read_to_string(dir.join("case.txt")).unwrap();
    let mut case = Case {
        name,
        current: Schema::default(),
        desired: Schema::default(),
        opts: DiffOptions::default(),
        dialects: DIALECTS.to_vec(),
    };
    let mut section = "";
    let mut table: Option<String> = None;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = || format!("{}/case.txt:{}", case.name, n + 1);
        if line.starts_with('[') {
            section = line.trim_matches(|c| c == '[' || c == ']');
            table = None;
            continue;
        }
        let schema = match section {
            "current" => &mut case.current,
            "desired" => &mut case.desired,
            "options" if line.starts_with("only ") => {
                let only = line["only ".len()..].trim();
                case.dialects = DIALECTS.into_iter().filter(|d| d.name() == only).collect();
                assert!(
                    !case.dialects.is_empty(),
                    "{}: unknown dialect {only}",
                    at()
                );
                continue;
            }
            "options" => {
                parse_option(&mut case.opts, line, &at());
                continue;
            }
            other => panic!("{}: unknown section [{other}]", at()),
        };
        parse_schema_line(schema, &mut table, line, &at());
    }
    case
}

/// An `enum`, a `table`, or a line of the current table.
fn parse_schema_line(schema: &mut Schema, table: &mut Option<String>, line: &str, at: &str) {
    if let Some(rest) = line.strip_prefix("enum ") {
        let (name, labels) = rest
            .split_once(':')
            .unwrap_or_else(|| panic!("{at}: enum NAME: a, b"));
        let labels = labels.split(',').map(|l| l.trim().to_string()).collect();
        schema.enums.insert(name.trim().to_string(), labels);
    } else if let Some(name) = line.strip_prefix("table ") {
        let name = name.trim().to_string();
        let t = Table {
            name: name.clone(),
            ..Table::default()
        };
        schema.tables.insert(name.clone(), t);
        *table = Some(name);
    } else {
        let t = table
            .as_ref()
            .unwrap_or_else(|| panic!("{at}: line outside a table"));
        parse_table_line(schema.tables.get_mut(t).unwrap(), line, at);
    }
}

fn parse_option(opts: &mut DiffOptions, line: &str, at: &str) {
    let bad = || panic!("{at}: expected `rename T.OLD=NEW` or `rename-table OLD=NEW`");
    if let Some(rest) = line.strip_prefix("rename-table ") {
        let (old, new) = rest.split_once('=').unwrap_or_else(bad);
        opts.table_renames
            .push((old.trim().into(), new.trim().into()));
    } else if let Some(rest) = line.strip_prefix("rename ") {
        let (lhs, new) = rest.split_once('=').unwrap_or_else(bad);
        let (table, old) = lhs.split_once('.').unwrap_or_else(bad);
        opts.renames
            .push((table.trim().into(), old.trim().into(), new.trim().into()));
    } else {
        bad();
    }
}

/// The text between the first `(` and its matching `)`, and what follows it.
fn parens(s: &str, at: &str) -> (String, String) {
    let open = s
        .find('(')
        .unwrap_or_else(|| panic!("{at}: expected ( … )"));
    let mut depth = 0;
    for (i, c) in s[open..].char_indices() {
        depth += match c {
            '(' => 1,
            ')' => -1,
            _ => 0,
        };
        if depth == 0 {
            return (
                s[open + 1..open + i].to_string(),
                s[open + i + 1..].trim().to_string(),
            );
        }
    }
    panic!("{at}: unbalanced parentheses")
}

fn list(s: &str) -> Vec<String> {
    s.split(',')
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

/// The text after `keyword` up to the next of `stops` (all upper-case keywords).
fn clause(s: &str, keyword: &str, stops: &[&str]) -> Option<String> {
    let start = s.find(keyword)? + keyword.len();
    let rest = &s[start..];
    let end = stops
        .iter()
        .filter_map(|k| rest.find(k))
        .min()
        .unwrap_or(rest.len());
    Some(rest[..end].trim().to_string())
}

fn parse_table_line(table: &mut Table, line: &str, at: &str) {
    let first_name = |s: &str| s.split_whitespace().next().unwrap_or("").to_string();
    if let Some(rest) = line.strip_prefix("PRIMARY KEY") {
        let (cols, after) = parens(rest, at);
        let name = clause(&after, "NAME ", &[" COMMENT "]);
        table.primary_key = Some(PrimaryKey {
            name,
            columns: list(&cols),
            deferrable: None,
            comment: comment(&after),
        });
    } else if let Some(rest) = line.strip_prefix("INDEX ") {
        let (cols, after) = parens(rest, at);
        let name = first_name(rest);
        let predicate = clause(&after, "WHERE ", &[" COMMENT "]);
        let index = Index {
            name: name.clone(),
            columns: list(&cols),
            unique: after.starts_with("UNIQUE"),
            predicate,
            comment: comment(&after),
            ..Index::default()
        };
        table.indexes.insert(name, index);
    } else if let Some(rest) = line.strip_prefix("UNIQUE ") {
        let (cols, after) = parens(rest, at);
        let name = first_name(rest);
        table.uniques.insert(
            name.clone(),
            UniqueConstraint {
                name,
                columns: list(&cols),
                comment: comment(&after),
                ..Default::default()
            },
        );
    } else if let Some(rest) = line.strip_prefix("CHECK ") {
        let (expression, _) = parens(rest, at);
        let name = first_name(rest);
        table.checks.insert(
            name.clone(),
            CheckConstraint {
                name,
                expression,
                ..Default::default()
            },
        );
    } else if let Some(rest) = line.strip_prefix("FOREIGN KEY ") {
        table
            .foreign_keys
            .insert(first_name(rest), parse_foreign_key(rest, at));
    } else {
        table.columns.push(parse_column(line, at));
    }
}

/// The text of a part's `COMMENT '…'` clause (`''` for a quote), if it has one.
fn comment(after: &str) -> Option<String> {
    let at = after.find("COMMENT '")?;
    let quoted = after[at + "COMMENT '".len()..].trim_end();
    Some(quoted.strip_suffix('\'')?.replace("''", "'"))
}

fn parse_foreign_key(rest: &str, at: &str) -> ForeignKey {
    let (cols, after) = parens(rest, at);
    let target = after
        .strip_prefix("REFERENCES ")
        .unwrap_or_else(|| panic!("{at}: expected REFERENCES"));
    let (ref_cols, actions) = parens(target, at);
    let stops = ["ON DELETE", "ON UPDATE"];
    ForeignKey {
        name: rest.split_whitespace().next().unwrap().to_string(),
        columns: list(&cols),
        ref_table: target[..target.find('(').unwrap()].trim().to_string(),
        ref_columns: list(&ref_cols),
        on_delete: clause(&actions, "ON DELETE ", &stops),
        on_update: clause(&actions, "ON UPDATE ", &stops),
        ..Default::default()
    }
}

fn parse_column(line: &str, at: &str) -> Column {
    let (name, rest) = line
        .split_once(' ')
        .unwrap_or_else(|| panic!("{at}: expected `name type …`"));
    let keywords = [" NOT NULL", " DEFAULT ", " AUTOINCREMENT"];
    let rest = format!(" {rest}");
    let ty_end = keywords
        .iter()
        .filter_map(|k| rest.find(k))
        .min()
        .unwrap_or(rest.len());
    Column {
        name: name.to_string(),
        ty: rest[..ty_end].trim().into(),
        nullable: !rest.contains(" NOT NULL"),
        default: clause(&rest, " DEFAULT ", &[" NOT NULL", " AUTOINCREMENT"]),
        autoincrement: rest.contains(" AUTOINCREMENT"),
        generated: None,
        ..Default::default()
    }
}

const DIALECTS: [Dialect; 3] = [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite];

/// The upgrade and downgrade text of `changes` from `start`.
fn render_script(
    dialect: Dialect,
    start: &Schema,
    changes: &[shale::diff::Change],
) -> (String, String) {
    let rendered = Plan::new(dialect, start.clone(), changes.to_vec()).render();
    (rendered.upgrade_sql(), rendered.downgrade_sql())
}

/// A case's current and desired schemas as `dialect` keeps them, and their diff: the
/// comments of indexes and unique keys where its inspection reads them (in the key on
/// MySQL, `COMMENT ON` objects on PostgreSQL, none on SQLite).
fn diff_for(case: &Case, dialect: Dialect) -> (Schema, Diff) {
    let (mut current, mut desired) = (case.current.clone(), case.desired.clone());
    place_part_comments(&mut current, dialect);
    place_part_comments(&mut desired, dialect);
    let d = diff(&current, &desired, &case.opts);
    (current, d)
}

/// The online plan autogenerate makes of a case for `dialect`, from `current`.
fn online_plan(current: &Schema, d: &Diff, dialect: Dialect) -> Plan {
    Plan::new(dialect, current.clone(), d.changes.clone())
        .online(Some(generated_lint::default_online()))
}

/// The snapshot text of one case for one dialect: each revision of the online plan.
fn snapshot(case: &Case, dialect: Dialect) -> String {
    let (current, d) = diff_for(case, dialect);
    let mut out = String::new();
    for s in &d.suspected_renames {
        out.push_str(&format!("-- suspected rename: {}\n", s.message()));
    }
    if needs_foreign_keys_off(dialect, &current, &d.changes) {
        out.push_str("-- needs foreign_keys off\n");
    }
    let parts = online_plan(&current, &d, dialect).parts();
    for (i, part) in parts.iter().enumerate() {
        let rendered = part.render();
        if parts.len() > 1 {
            out.push_str(&format!("-- revision {} of {}\n", i + 1, parts.len()));
        }
        if !rendered.transactional {
            out.push_str("-- shale:transaction off\n");
        }
        out.push_str(&format!(
            "-- shale:upgrade\n{}\n-- shale:downgrade\n{}",
            rendered.upgrade_sql(),
            rendered.downgrade_sql()
        ));
    }
    out
}

/// Compares `actual` with the snapshot file, or writes it when `SHALE_BLESS=1`.
fn check_snapshot(path: &Path, actual: &str) -> Option<String> {
    if std::env::var("SHALE_BLESS").as_deref() == Ok("1") {
        fs::write(path, actual).unwrap();
        return None;
    }
    let expected = fs::read_to_string(path).unwrap_or_default();
    (expected != actual).then(|| {
        format!(
            "{}:\n--- expected\n{expected}\n--- actual\n{actual}",
            path.display()
        )
    })
}

fn dump(case: &Case, dir: &Path) {
    for &dialect in &case.dialects {
        let out = dir.join(&case.name).join(dialect.name());
        fs::create_dir_all(&out).unwrap();
        let (current, d) = diff_for(case, dialect);
        let setup = diff(&Schema::default(), &current, &DiffOptions::default());
        let (setup, _) = render_script(dialect, &Schema::default(), &setup.changes);
        let (up, down) = render_script(dialect, &current, &d.changes);
        fs::write(out.join("setup.sql"), setup).unwrap();
        fs::write(out.join("up.sql"), up).unwrap();
        fs::write(out.join("down.sql"), down).unwrap();
    }
}

#[test]
fn diff_cases_match_their_snapshots() {
    let cases = load_cases();
    assert!(
        cases.len() >= 30,
        "expected at least 30 cases, found {}",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let d = diff(&case.current, &case.desired, &case.opts);
        assert!(
            !d.changes.is_empty(),
            "{}: the case changes nothing",
            case.name
        );
        for &dialect in &case.dialects {
            let path = cases_dir()
                .join(&case.name)
                .join(format!("{}.sql", dialect.name()));
            failures.extend(check_snapshot(&path, &snapshot(case, dialect)));
        }
        if let Ok(dir) = std::env::var("SHALE_DIFF_DUMP") {
            dump(case, Path::new(&dir));
        }
    }
    assert!(
        failures.is_empty(),
        "{} snapshot(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The invariant: every case's online plan, written as autogenerate writes it, has no
/// lint finding of warning or error severity on any dialect. Also prints how many the
/// plain form has without the allow lines autogenerate writes (the scripts it wrote
/// before online plans), for comparison.
#[test]
fn generated_scripts_lint_clean() {
    let (mut runs, mut plain_findings, mut failures) = (0, 0, Vec::new());
    for case in load_cases() {
        for &dialect in &case.dialects {
            runs += 1;
            let (current, d) = diff_for(&case, dialect);
            let plain = Plan::new(dialect, current.clone(), d.changes.clone());
            plain_findings += generated_lint::findings_without_allows(&plain).len();
            for f in generated_lint::findings(&online_plan(&current, &d, dialect)) {
                failures.push(format!("{} ({}): {f}", case.name, dialect.name()));
            }
        }
    }
    eprintln!(
        "diff corpus: {runs} case runs; findings: plain form {plain_findings}, online form {}",
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} finding(s) in generated scripts:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_change_reverses_exactly() {
    for case in load_cases() {
        for change in diff(&case.current, &case.desired, &case.opts).changes {
            assert_eq!(change.reverse().reverse(), change, "{}", case.name);
            assert_ne!(
                change.reverse(),
                change,
                "{}: {change:?} is its own reverse",
                case.name
            );
        }
    }
}

/// Applying the upgrade's changes reaches the desired schema, and applying the
/// downgrade's changes comes back to the current one: diffing again finds nothing.
#[test]
fn applying_a_diff_reaches_its_target_and_the_reverse_comes_back() {
    for case in load_cases() {
        let d = diff(&case.current, &case.desired, &case.opts);
        let after = apply_all(&case.current, &d.changes);
        let again = diff(&after, &case.desired, &DiffOptions::default());
        assert!(
            again.is_empty(),
            "{}: upgrade leaves {:?}",
            case.name,
            again.changes
        );
        let back = apply_all(&after, &reverse_changes(&d.changes));
        let again = diff(&back, &case.current, &DiffOptions::default());
        assert!(
            again.is_empty(),
            "{}: downgrade leaves {:?}",
            case.name,
            again.changes
        );
        assert_eq!(
            back.tables.keys().collect::<Vec<_>>(),
            case.current.tables.keys().collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_schema_does_not_differ_from_itself() {
    for case in load_cases() {
        for schema in [&case.current, &case.desired] {
            let d = diff(schema, schema, &case.opts);
            assert!(
                d.is_empty() && d.suspected_renames.is_empty(),
                "{}: {:?}",
                case.name,
                d
            );
        }
    }
}

/// Every case read backwards is a case too: the diff from desired to current, applied
/// to desired, reaches current.
#[test]
fn every_case_also_diffs_backwards() {
    for case in load_cases() {
        let backward = diff(&case.desired, &case.current, &DiffOptions::default());
        let back = apply_all(&case.desired, &backward.changes);
        let again = diff(&back, &case.current, &DiffOptions::default());
        assert!(again.is_empty(), "{}: {:?}", case.name, again.changes);
    }
}
