//! `shale lint` through the real binary: output formats, selection, suppression from
//! shale.toml, exit codes, and context from a SQLite database.

use std::path::Path;
use std::process::Command;

const R1: &str = "aaaaaaaaaaa1";
const R2: &str = "bbbbbbbbbbb2";

/// A temporary project: `shale.toml` (the given text) and `migrations/versions/`.
struct Proj {
    dir: tempfile::TempDir,
}

/// What one run of the binary did.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Proj {
    fn new(config: &str) -> Proj {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("migrations/versions")).unwrap();
        std::fs::write(dir.path().join("shale.toml"), config).unwrap();
        Proj { dir }
    }

    /// Writes revision `rev` as `NN_<rev>.sql` in the SPEC format.
    fn rev(&self, n: usize, rev: &str, revises: &str, upgrade: &str, downgrade: &str) {
        let text = format!(
            "-- shale:revision {rev}\n-- shale:revises {revises}\n-- shale:message m{n}\n\
             -- shale:created 2026-11-25T10:30:00Z\n\n-- shale:upgrade\n{upgrade}\n\n\
             -- shale:downgrade\n{downgrade}\n"
        );
        std::fs::write(self.script(n, rev), text).unwrap();
    }

    fn script(&self, n: usize, rev: &str) -> std::path::PathBuf {
        self.dir
            .path()
            .join(format!("migrations/versions/{n:02}_{rev}.sql"))
    }

    fn shale(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_shale"))
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("DATABASE_URL")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// Two revisions on PostgreSQL (no database): a safe table creation, then a drop and an
/// index built without CONCURRENTLY.
fn two_revisions(config: &str) -> Proj {
    let p = Proj::new(config);
    p.rev(
        1,
        R1,
        "",
        "CREATE TABLE users (id bigint NOT NULL, email text, CONSTRAINT pk_users PRIMARY KEY (id));",
        "DROP TABLE users;",
    );
    p.rev(
        2,
        R2,
        R1,
        "SET lock_timeout = '5s';\nDROP TABLE sessions;\nCREATE INDEX ix_users_email ON users (email);",
        "-- shale:irreversible sessions are gone\n",
    );
    p
}

const PG: &str = "[lint]\ndialect = \"postgres\"\n";

fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr))
}

#[test]
fn json_output_lists_findings_and_errors_exit_1() {
    let p = two_revisions(PG);
    for args in [&["lint", "--format", "json"][..], &["--json", "lint"][..]] {
        let run = p.shale(args);
        assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
        let v = json(&run);
        assert_eq!(v["dialect"], "postgresql");
        assert_eq!(v["revisions"], 2);
        assert_eq!(v["errors"], 1);
        assert_eq!(v["online"], false);
        let findings = v["findings"].as_array().unwrap();
        let rules: Vec<&str> = findings
            .iter()
            .map(|f| f["rule"].as_str().unwrap())
            .collect();
        assert_eq!(rules, ["drop-table", "index-not-concurrent"]);
        let drop = &findings[0];
        assert_eq!(drop["severity"], "error");
        assert_eq!(drop["revision"], R2);
        assert_eq!(drop["line"], 8);
        assert!(drop["path"]
            .as_str()
            .unwrap()
            .ends_with(&format!("02_{R2}.sql")));
        assert!(drop["message"].as_str().unwrap().contains("sessions"));
        assert!(!drop["suggestion"].as_str().unwrap().is_empty());
    }
}

#[test]
fn github_annotations() {
    let p = two_revisions(PG);
    let run = p.shale(&["lint", "--format", "github"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    let file = format!("migrations/versions/02_{R2}.sql");
    assert!(
        lines[0].starts_with(&format!("::error file={file},line=8,title=drop-table::")),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with(&format!(
            "::warning file={file},line=9,title=index-not-concurrent::"
        )),
        "{}",
        lines[1]
    );
}

#[test]
fn human_output_without_colour_and_warnings_exit_0() {
    let p = two_revisions("[lint]\ndialect = \"postgres\"\nallow = [\"drop-table\"]\n");
    let run = p.shale(&["lint"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains('\x1b'), "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!(
            "02_{R2}.sql:9: warning[index-not-concurrent] CREATE INDEX ix_users_email"
        )),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("    help: use CREATE INDEX CONCURRENTLY"));
    assert!(!run.stdout.contains("drop-table"), "{}", run.stdout);
    assert!(run
        .stdout
        .contains("0 error(s), 1 warning(s), 0 info in 2 revision(s) (postgresql, offline)"));
}

#[test]
fn revision_and_range_selection() {
    let p = two_revisions(PG);
    let clean = p.shale(&["lint", "aaaa", "--json"]);
    assert_eq!(clean.code, 0, "{}", clean.stderr);
    assert_eq!(json(&clean)["revisions"], 1);
    assert_eq!(json(&clean)["findings"].as_array().unwrap().len(), 0);
    let range = p.shale(&["lint", &format!("{R1}:head"), "--json"]);
    assert_eq!(json(&range)["revisions"], 2);
    let upper = p.shale(&["lint", "bbbb:", "--json"]);
    assert_eq!(json(&upper)["revisions"], 1);
    assert_eq!(upper.code, 1);
    let bad = p.shale(&["lint", "zzzz"]);
    assert_eq!(bad.code, 1, "{}", bad.stderr);
    assert!(bad.stderr.contains("zzzz"), "{}", bad.stderr);
}

#[test]
fn dialect_choice_and_usage_errors() {
    let p = two_revisions("");
    // SQLite has no CONCURRENTLY: the PostgreSQL locking rules do not apply.
    let run = p.shale(&["lint", "--dialect", "sqlite", "--json"]);
    let v = json(&run);
    assert_eq!(v["dialect"], "sqlite");
    assert_eq!(v["findings"].as_array().unwrap().len(), 1);
    let bad = p.shale(&["lint", "--dialect", "oracle"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("oracle"), "{}", bad.stderr);
    let bad = p.shale(&["lint", "--format", "xml"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

#[test]
fn unknown_rule_in_config_is_an_error_naming_it() {
    let p = two_revisions("[lint]\nallow = [\"drop-tabel\"]\n");
    let run = p.shale(&["lint"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("drop-tabel"), "{}", run.stderr);
    assert!(run.stderr.contains("shale.toml"), "{}", run.stderr);
}

#[test]
fn rules_are_listed() {
    let p = Proj::new("");
    let run = p.shale(&["lint", "--rules"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for id in ["drop-table", "missing-lock-timeout", "edited-after-apply"] {
        assert!(run.stdout.contains(id), "{}", run.stdout);
    }
    let v = json(&p.shale(&["lint", "--rules", "--json"]));
    assert!(v.as_array().unwrap().len() >= 20);
}

#[test]
fn sqlite_database_gives_context() {
    let p = Proj::new("url = \"sqlite://app.db\"\n");
    p.rev(
        1,
        R1,
        "",
        "CREATE TABLE users (id integer NOT NULL, name text, PRIMARY KEY (id));",
        "DROP TABLE users;",
    );
    // Without the database file, lint is offline and does not create it.
    let offline = p.shale(&["lint", "--json"]);
    assert_eq!(json(&offline)["online"], false);
    assert!(!p.dir.path().join("app.db").exists());
    let up = p.shale(&["upgrade", "head"]);
    assert_eq!(up.code, 0, "{}{}", up.stdout, up.stderr);
    p.rev(
        2,
        R2,
        R1,
        "DROP TABLE users;\nDROP TABLE never_created;",
        "-- shale:irreversible\n",
    );
    let run = p.shale(&["lint", "--json"]);
    let v = json(&run);
    assert_eq!(v["online"], true, "{}", run.stderr);
    assert_eq!(v["dialect"], "sqlite");
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["rule"], "drop-table");
    assert!(findings[0]["message"].as_str().unwrap().contains("users"));
    // Editing the applied revision is reported.
    let first = p.script(1, R1);
    let text = std::fs::read_to_string(&first).unwrap();
    std::fs::write(&first, text.replace("name text", "name varchar(10)")).unwrap();
    let v = json(&p.shale(&["lint", R1, "--json"]));
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["edited-after-apply"]);
    // --offline ignores the database.
    let v = json(&p.shale(&["lint", R1, "--json", "--offline"]));
    assert_eq!(v["online"], false);
    assert!(Path::new(&p.dir.path().join("app.db")).exists());
}

/// On each database: tables already there are existing, tables it lacks are not, and an
/// applied revision edited since is reported.
#[test]
fn database_context_on_each_database() {
    use shale_testkit::{Kind, TestDb, ALL};
    for kind in ALL {
        let Some(db) = TestDb::create(kind) else {
            continue;
        };
        let p = Proj::new(&format!("url = \"{}\"\n", db.url));
        p.rev(
            1,
            R1,
            "",
            "CREATE TABLE users (id integer NOT NULL, name varchar(50), PRIMARY KEY (id));",
            "DROP TABLE users;",
        );
        let up = p.shale(&["upgrade", "head"]);
        assert_eq!(up.code, 0, "{kind:?}: {}{}", up.stdout, up.stderr);
        p.rev(
            2,
            R2,
            R1,
            "ALTER TABLE users ADD COLUMN age integer NOT NULL;\nDROP TABLE never_created;",
            "-- shale:irreversible\n",
        );
        let run = p.shale(&["lint", "--json"]);
        let v = json(&run);
        assert_eq!(v["online"], true, "{kind:?}: {}", run.stderr);
        assert_eq!(v["dialect"], kind_dialect(kind));
        let mut rules: Vec<&str> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] != "info")
            .map(|f| f["rule"].as_str().unwrap())
            .collect();
        rules.sort_unstable();
        let expected: &[&str] = match kind {
            Kind::Postgres => &["missing-lock-timeout", "not-null-without-default"],
            _ => &["not-null-without-default"],
        };
        assert_eq!(rules, expected, "{kind:?}: {}", run.stdout);
        assert_eq!(run.code, 1);
        let first = p.script(1, R1);
        let text = std::fs::read_to_string(&first).unwrap();
        std::fs::write(&first, text.replace("varchar(50)", "varchar(60)")).unwrap();
        let v = json(&p.shale(&["lint", R1, "--json"]));
        let rules: Vec<&str> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] != "info")
            .map(|f| f["rule"].as_str().unwrap())
            .collect();
        assert_eq!(rules, ["edited-after-apply"], "{kind:?}: {v}");
    }
}

fn kind_dialect(kind: shale_testkit::Kind) -> &'static str {
    match kind {
        shale_testkit::Kind::Sqlite => "sqlite",
        shale_testkit::Kind::Postgres => "postgresql",
        shale_testkit::Kind::Mysql => "mysql",
    }
}

#[test]
fn unreachable_database_means_offline_with_a_note() {
    let p = two_revisions("url = \"postgres://shale:secret@127.0.0.1:1/nowhere\"\n");
    let run = p.shale(&["lint", "--json"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(json(&run)["online"], false);
    assert_eq!(json(&run)["dialect"], "postgresql");
    assert!(
        run.stderr.contains("linting without the database"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("secret"), "{}", run.stderr);
}
