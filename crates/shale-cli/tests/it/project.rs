//! A new project from `shale init`: dialect pinning, a missing URL, the first autogenerate,
//! and read-only commands that never create a SQLite file.

use crate::support::{each_db, shale_cmd, Run};
use shale_testkit::Kind;
use std::path::Path;

/// Runs `shale ARGS` in `dir` with `DATABASE_URL` set to `url` (or unset).
fn shale(dir: &Path, url: Option<&str>, args: &[&str]) -> Run {
    let mut cmd = shale_cmd(dir);
    if let Some(url) = url {
        cmd.env("DATABASE_URL", url);
    }
    Run::from(cmd.args(args).output().expect("run shale"))
}

/// A table every dialect reads back as written.
const USERS: &str =
    "CREATE TABLE users (id BIGINT NOT NULL, email VARCHAR(255) NOT NULL, PRIMARY KEY (id));\n";

/// `shale init --url URL` writes the URL into shale.toml, so the next commands need no
/// DATABASE_URL; a URL with a password gets a note; one of another dialect than
/// `--dialect` is refused before anything is created.
#[test]
fn init_with_a_url_writes_it_into_the_configuration() {
    each_db(|db| {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let out = shale(d, None, &["init", "--url", &db.url]).ok().to_string();
        assert!(!out.contains("Set DATABASE_URL"), "{out}");
        let toml = std::fs::read_to_string(d.join("shale.toml")).unwrap();
        assert!(toml.contains(&format!("\nurl = \"{}\"", db.url)), "{toml}");
        std::fs::write(d.join("schema.sql"), USERS).unwrap();
        shale(d, None, &["revision", "--autogenerate", "-m", "users"]).ok();
        shale(d, None, &["upgrade", "head"]).ok();
        shale(d, None, &["check"]).ok();
        assert!(db.has_table("users"));
    });
    let dir = tempfile::tempdir().unwrap();
    let out = shale(
        dir.path(),
        None,
        &["init", "--url", "postgres://app:hunter2@db/app"],
    )
    .ok()
    .to_string();
    assert!(
        out.contains("password") && !out.contains("hunter2"),
        "{out}"
    );
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "init",
        "--dialect",
        "mysql",
        "--url",
        "postgres://app:hunter2@db/app",
    ];
    let err = shale(dir.path(), None, &args).fails(1).to_string();
    assert!(
        err.contains("postgresql") && err.contains("mysql") && !err.contains("hunter2"),
        "{err}"
    );
    assert!(!dir.path().join("shale.toml").exists());
    // A URL shale cannot read is refused before anything is created.
    let err = shale(dir.path(), None, &["init", "--url", "postgress://db/app"])
        .fails(1)
        .to_string();
    assert!(err.contains("postgress"), "{err}");
    assert!(!dir.path().join("shale.toml").exists() && !dir.path().join("migrations").exists());
}

#[test]
fn init_with_a_dialect_pins_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    shale(d, None, &["init", "--dialect", "postgresql"]).ok();
    let toml = std::fs::read_to_string(d.join("shale.toml")).unwrap();
    assert!(toml.contains("dialect = \"postgresql\""), "{toml}");
    assert!(toml.contains("[models]\nsql = [\"schema.sql\"]"), "{toml}");
    assert!(!toml.contains("\nurl ="), "no SQLite fallback: {toml}");
    let schema = std::fs::read_to_string(d.join("schema.sql")).unwrap();
    assert!(schema.contains("PostgreSQL"), "{schema}");

    // No URL: every command that talks to the database says so, naming DATABASE_URL.
    for args in [
        &["current"][..],
        &["status"],
        &["upgrade", "head"],
        &["stamp", "head"],
        &["check"],
        &["diff"],
        &["revision", "--autogenerate", "-m", "x"],
        &["verify"],
    ] {
        let err = shale(d, None, args).fails(1).to_string();
        assert!(
            err.contains("DATABASE_URL") && err.contains("postgresql"),
            "{args:?}: {err}"
        );
    }
    // Commands that need no database still work.
    shale(d, None, &["heads"]).ok();
    shale(d, None, &["history"]).ok();
    shale(d, None, &["lint"]).ok();
    shale(d, None, &["upgrade", "--sql", "base:head"]).ok();

    // A URL of another dialect is refused at once, naming both and where it came from.
    let err = shale(d, Some("sqlite://app.db"), &["upgrade", "head"])
        .fails(1)
        .to_string();
    assert!(
        err.contains("sqlite") && err.contains("postgresql") && err.contains("DATABASE_URL"),
        "{err}"
    );
    let err = shale(d, None, &["--url", "mysql://root:hunter2@h/db", "history"])
        .fails(1)
        .to_string();
    assert!(
        err.contains("mysql") && err.contains("postgresql") && err.contains("--url"),
        "{err}"
    );
    assert!(!err.contains("hunter2"), "{err}");
    assert!(!d.join("app.db").exists(), "nothing created a SQLite file");

    // Every spelling of a dialect; an unknown one is a usage error.
    for (arg, name) in [
        ("postgres", "postgresql"),
        ("mariadb", "mysql"),
        ("sqlite", "sqlite"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        shale(dir.path(), None, &["init", "--dialect", arg]).ok();
        let toml = std::fs::read_to_string(dir.path().join("shale.toml")).unwrap();
        assert!(toml.contains(&format!("dialect = \"{name}\"")), "{toml}");
    }
    shale(d, None, &["init", "--dialect", "oracle"]).fails(2);
}

#[test]
fn read_only_commands_never_create_a_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    shale(d, None, &["init"]).ok();
    let toml = std::fs::read_to_string(d.join("shale.toml")).unwrap();
    assert!(toml.contains("[models]\nsql = [\"schema.sql\"]"), "{toml}");
    assert!(d.join("schema.sql").exists());
    shale(d, None, &["revision", "-m", "first"]).ok();

    let out = shale(d, None, &["current"]).ok().to_string();
    assert_eq!(out.trim(), "base (no database file at app.db)");
    let out = shale(d, None, &["status"]).ok().to_string();
    assert!(out.contains("no database file at app.db"), "{out}");
    assert!(out.contains("Pending:   1 revision(s)"), "{out}");
    let v: serde_json::Value =
        serde_json::from_str(shale(d, None, &["--json", "status"]).ok()).unwrap();
    assert_eq!(v["pending"].as_array().unwrap().len(), 1, "{v}");
    let history = shale(d, None, &["history"]).ok().to_string();
    assert!(history.starts_with("[ ] "), "{history}");
    // The schema.sql of `init` declares nothing yet: check and diff say so.
    for cmd in ["check", "diff"] {
        let out = shale(d, None, &[cmd]);
        assert!(
            out.fails(1).contains("no models declared"),
            "{}",
            out.stderr
        );
    }
    shale(d, None, &["check", "--drift"]).ok();
    shale(d, None, &["upgrade", "--sql", "head"]).ok();
    shale(d, None, &["verify"]).ok();
    shale(d, None, &["lint"]).ok();
    assert!(
        !d.join("app.db").exists(),
        "a read-only command created app.db"
    );

    // Writing commands do create it.
    shale(d, None, &["upgrade", "head"]).ok();
    assert!(d.join("app.db").exists());
}

/// `init --dialect`, a table in schema.sql, and the first autogenerate works and is a fixed
/// point, on each database.
#[test]
fn the_first_autogenerate_works_on_a_new_project() {
    each_db(|db| {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let dialect = match db.kind {
            Kind::Sqlite => "sqlite",
            Kind::Postgres => "postgresql",
            Kind::Mysql => "mysql",
        };
        shale(d, None, &["init", "--dialect", dialect]).ok();
        let url = Some(db.url.as_str());
        // schema.sql as `init` writes it declares nothing: autogenerate says so rather than
        // compare the database with an empty schema (which would drop every table).
        let out = shale(d, url, &["revision", "--autogenerate", "-m", "nothing"]);
        assert!(
            out.fails(1).contains("no models declared"),
            "{}",
            out.stderr
        );
        // A project that writes its revisions by hand verifies without a models check.
        shale(d, url, &["revision", "-m", "by hand"]).ok();
        shale(d, url, &["verify"]).ok();
        shale(d, url, &["upgrade", "head"]).ok();
        let schema = d.join("schema.sql");
        let mut text = std::fs::read_to_string(&schema).unwrap();
        text.push_str(USERS);
        std::fs::write(&schema, text).unwrap();
        let out = shale(
            d,
            url,
            &["revision", "--autogenerate", "-m", "create users"],
        );
        assert!(out.ok().contains("Generated"), "{}", out.stdout);
        shale(d, url, &["upgrade", "head"]).ok();
        assert!(db.has_table("users"));
        shale(d, url, &["check"]).ok();
    });
}

/// `database create`, `reset` and `drop` on a uniquely named database of each kind, and
/// the refusal to drop a database whose name does not say it is disposable.
#[test]
fn database_create_reset_and_drop() {
    each_db(|db| {
        let unique = format!("{}_{}", std::process::id(), db.kind.name());
        let dir = tempfile::tempdir().unwrap();
        let (url, precious) = match db.kind.server_url() {
            Some(server) => (
                format!("{server}/shale_cmd_test_{unique}"),
                format!("{server}/shale_cmd_{unique}"),
            ),
            None => (
                format!("sqlite://{}", dir.path().join("app.db").display()),
                format!("sqlite://{}", dir.path().join("keep.db").display()),
            ),
        };
        let p = crate::support::Proj::new(&url);
        p.rev(
            "aaaaaaaaaaa1",
            &[],
            "CREATE TABLE t (id INTEGER);",
            "DROP TABLE t;",
        );

        let out = p.shale(&["database", "create"]).ok().to_string();
        assert!(out.starts_with("Created database "), "{out}");
        let out = p.shale(&["database", "create"]).ok().to_string();
        assert!(out.contains("already exists"), "{out}");
        assert!(p.shale(&["current"]).ok().starts_with("base"));

        let out = p.shale(&["database", "reset"]).ok().to_string();
        assert!(
            out.contains("Dropped database") && out.contains("Created database"),
            "{out}"
        );
        assert!(out.contains("1 revision(s) applied"), "{out}");
        assert_eq!(p.shale(&["current"]).ok().trim(), "aaaaaaaaaaa1 (head)");
        let v: serde_json::Value =
            serde_json::from_str(p.shale(&["--json", "database", "reset"]).ok()).unwrap();
        assert_eq!(v["dropped"], true, "{v}");
        assert_eq!(v["created"], true, "{v}");
        assert_eq!(v["upgrade"]["heads"][0], "aaaaaaaaaaa1", "{v}");

        let out = p.shale(&["database", "drop"]).ok().to_string();
        assert!(out.starts_with("Dropped database "), "{out}");
        let out = p.shale(&["database", "drop"]).ok().to_string();
        assert!(out.contains("does not exist"), "{out}");
        match db.kind {
            Kind::Sqlite => assert!(!dir.path().join("app.db").exists()),
            _ => {
                p.shale(&["current"]).fails(1);
            }
        }

        // A name without "test" or "dev" is dropped only with --force (SQLite always).
        p.shale(&["--url", &precious, "database", "create"]).ok();
        let drop = p.shale(&["--url", &precious, "database", "drop"]);
        if db.kind == Kind::Sqlite {
            drop.ok();
            return;
        }
        let err = drop.fails(2).to_string();
        assert!(
            err.contains("--force") && err.contains("shale_cmd_"),
            "{err}"
        );
        let out = p.shale(&["--url", &precious, "database", "reset"]);
        out.fails(2);
        let out = p
            .shale(&["--url", &precious, "database", "create"])
            .ok()
            .to_string();
        assert!(out.contains("already exists"), "{out}");
        let out = p.shale(&["--url", &precious, "database", "drop", "--force"]);
        assert!(out.ok().starts_with("Dropped database "), "{}", out.stdout);
    });
}
