//! Data-driven lint tests: every `tests/lint_cases/*.sql` file is a revision script whose
//! leading `-- lint-test:` comments say how to lint it and what must be found.
//!
//! ```sql
//! -- lint-test: dialect postgres           (default: postgres)
//! -- lint-test: setup CREATE TABLE users (id integer, name varchar(80))
//! -- lint-test: db-tables users posts      (lint with a database that has these tables)
//! -- lint-test: modified                   (… in which this revision was edited after apply)
//! -- lint-test: allow drop-table           (`[lint] allow` in shale.toml)
//! -- lint-test: expect drop-table 7        (one finding: rule and file line)
//! ```
//!
//! `setup` lines form a root revision `s0` (linted for context, never reported), which
//! the case revises with `-- shale:revises s0`. The findings must be exactly the
//! expected ones: a case without `expect` lines must produce none.

use shale::config::Config;
use shale::dialect::Dialect;
use shale::lint::{self, DatabaseFacts, LintContext, Severity};
use shale::script;
use shale::Project;
use std::path::{Path, PathBuf};

/// One case file, read.
struct Case {
    path: PathBuf,
    dialect: Dialect,
    setup: Vec<String>,
    database: Option<DatabaseFacts>,
    allow: Vec<String>,
    expected: Vec<(String, usize)>,
}

fn read_case(path: &Path) -> (Case, String) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut case = Case {
        path: path.to_owned(),
        dialect: Dialect::Postgres,
        setup: Vec::new(),
        database: None,
        allow: Vec::new(),
        expected: Vec::new(),
    };
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("-- lint-test:") else {
            continue;
        };
        let (key, value) = rest.trim().split_once(' ').unwrap_or((rest.trim(), ""));
        match key {
            "dialect" => case.dialect = Dialect::from_name(value).expect("dialect"),
            "setup" => case.setup.push(value.to_string()),
            "db-tables" => {
                let db = case.database.get_or_insert_with(DatabaseFacts::default);
                for table in value.split_whitespace() {
                    db.tables.insert(table.to_string(), Some(1000));
                }
            }
            "modified" => {
                let db = case.database.get_or_insert_with(DatabaseFacts::default);
                db.modified.insert("c1".to_string());
            }
            "allow" => case.allow.push(value.to_string()),
            "expect" => {
                let (rule, line) = value.split_once(' ').expect("expect RULE LINE");
                case.expected
                    .push((rule.to_string(), line.trim().parse().expect("line number")));
            }
            other => panic!("{}: unknown lint-test key `{other}`", path.display()),
        }
    }
    (case, text)
}

/// Lints a case and returns `(rule, line)` of every finding, sorted.
fn run(case: &Case, text: &str) -> Vec<(String, usize)> {
    let mut scripts = vec![script::parse(&case.path, text).unwrap()];
    if !case.setup.is_empty() {
        let setup = format!(
            "-- shale:revision s0\n-- shale:upgrade\n{};\n-- shale:downgrade\n-- shale:irreversible\n",
            case.setup.join(";\n")
        );
        scripts.push(script::parse(Path::new("s0.sql"), &setup).unwrap());
    }
    let mut config = Config::default();
    config.lint.allow = case.allow.clone();
    let project = Project::from_scripts(config, scripts).unwrap();
    let ctx = LintContext {
        database: case.database.clone(),
    };
    let revision = project.script("c1").expect("the case's revision is c1");
    let findings = lint::lint(
        &project.lint_scripts(),
        &[revision.revision.as_str()],
        case.dialect,
        &ctx,
    );
    for f in &findings {
        assert!(!f.message.is_empty() && !f.suggestion.is_empty(), "{f:?}");
        assert_eq!(f.path, case.path);
    }
    let mut found: Vec<(String, usize)> = findings
        .iter()
        .map(|f| (f.rule.to_string(), f.line))
        .collect();
    found.sort();
    found
}

#[test]
fn lint_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lint_cases");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 40,
        "expected the case files in {}",
        dir.display()
    );
    let mut failures = Vec::new();
    for path in &paths {
        let (mut case, text) = read_case(path);
        case.expected.sort();
        let found = run(&case, &text);
        if found != case.expected {
            failures.push(format!(
                "{}:\n  expected {:?}\n  found    {:?}",
                path.display(),
                case.expected,
                found
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Every rule is triggered by some case and some case is clean of it: the set of case
/// files covers the whole rule list.
#[test]
fn every_rule_has_a_triggering_case() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lint_cases");
    let mut all = String::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        all.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    for rule in lint::Rule::ALL {
        let expect = format!("-- lint-test: expect {} ", rule.id());
        assert!(all.contains(&expect), "no case triggers {}", rule.id());
    }
}

#[test]
fn severities_decide_failure() {
    let text = "-- shale:revision c1\n-- shale:upgrade\nDROP TABLE t;\nDROP TABLE u;\n\
                -- shale:downgrade\n-- shale:irreversible\n";
    let script = script::parse(Path::new("c1.sql"), text).unwrap();
    let project = Project::from_scripts(Config::default(), vec![script]).unwrap();
    let findings = lint::lint(
        &project.lint_scripts(),
        &["c1"],
        Dialect::Sqlite,
        &LintContext::default(),
    );
    assert_eq!(findings.len(), 2);
    assert!(findings.iter().all(|f| f.severity == Severity::Error));
    assert_eq!((findings[0].line, findings[1].line), (3, 4));
    assert_eq!(findings[0].revision, "c1");
}

#[test]
fn only_selected_revisions_are_reported_but_all_are_replayed() {
    let root = "-- shale:revision aa\n-- shale:upgrade\nCREATE TABLE t (name varchar(200));\n\
                -- shale:downgrade\nDROP TABLE t;\n";
    let child = "-- shale:revision bb\n-- shale:revises aa\n-- shale:upgrade\n\
                 ALTER TABLE t MODIFY COLUMN name varchar(20);\n\
                 -- shale:downgrade\nALTER TABLE t MODIFY COLUMN name varchar(200);\n";
    let scripts = vec![
        script::parse(Path::new("aa.sql"), root).unwrap(),
        script::parse(Path::new("bb.sql"), child).unwrap(),
    ];
    let project = Project::from_scripts(Config::default(), scripts).unwrap();
    let ctx = LintContext::default();
    let findings = lint::lint(&project.lint_scripts(), &["bb"], Dialect::Mysql, &ctx);
    // (and `mysql-copying-alter`, info: MODIFY COLUMN copies the table)
    let rules: Vec<&str> = findings.iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["narrowing-type", "mysql-copying-alter"]);
    assert!(
        findings[0].message.contains("VARCHAR(200)"),
        "{}",
        findings[0].message
    );
    assert!(lint::lint(&project.lint_scripts(), &["aa"], Dialect::Mysql, &ctx).is_empty());
}

/// The replayed schema flows through branches and merges: a merge revision knows the
/// columns created on both sides.
#[test]
fn replay_follows_branches_and_merges() {
    let script = |rev: &str, revises: &str, up: &str| {
        let text = format!(
            "-- shale:revision {rev}\n-- shale:revises {revises}\n-- shale:upgrade\n{up}\n\
             -- shale:downgrade\n-- shale:irreversible\n"
        );
        script::parse(Path::new(&format!("{rev}.sql")), &text).unwrap()
    };
    let scripts = vec![
        script("aa", "", "CREATE TABLE t1 (name varchar(200));"),
        script("bb", "aa", "CREATE TABLE t2 (name varchar(200));"),
        script("cc", "aa", "CREATE TABLE t3 (name varchar(200));"),
        script(
            "dd",
            "bb cc",
            "ALTER TABLE t1 MODIFY COLUMN name varchar(9);\n\
             ALTER TABLE t2 MODIFY COLUMN name varchar(9);\n\
             ALTER TABLE t3 MODIFY COLUMN name varchar(9);",
        ),
    ];
    let project = Project::from_scripts(Config::default(), scripts).unwrap();
    let findings = lint::lint(
        &project.lint_scripts(),
        &["dd"],
        Dialect::Mysql,
        &LintContext::default(),
    );
    let lines: Vec<(&str, usize)> = findings
        .iter()
        .filter(|f| f.rule != "mysql-copying-alter")
        .map(|f| (f.rule, f.line))
        .collect();
    assert_eq!(
        lines,
        [
            ("narrowing-type", 4),
            ("narrowing-type", 5),
            ("narrowing-type", 6)
        ]
    );
}
