//! PostgreSQL schemas beyond the connection's own (`[models] schemas`): SQL and Rust
//! models in a second schema are generated, applied, checked clean, and drift made by hand
//! in it is found; a statement in a schema not listed is warned about. MySQL/MariaDB and
//! SQLite have one schema per database: listing schemas there is a config error.

use crate::support::Proj;
use shale_testkit::{Kind, TestDb};

const SCHEMA_SQL: &str = "\
CREATE SCHEMA billing;
CREATE TABLE accounts (id BIGINT PRIMARY KEY, email TEXT NOT NULL);
CREATE TYPE billing.status AS ENUM ('draft', 'paid');
CREATE TABLE Billing.Invoices (
    id BIGINT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    status billing.status NOT NULL DEFAULT 'draft'
);
CREATE VIEW billing.unpaid AS SELECT id FROM billing.invoices WHERE status = 'draft';
";

fn write_project(p: &Proj, url: &str, models: &str) {
    std::fs::write(
        p.path().join("shale.toml"),
        format!("url = \"{url}\"\n[models]\n{models}schemas = [\"public\", \"billing\"]\n"),
    )
    .unwrap();
}

#[test]
fn check_sees_drift_made_in_another_schema() {
    let Some(db) = TestDb::create(Kind::Postgres) else {
        return;
    };
    let p = Proj::new(&db.url);
    write_project(&p, &db.url, "sql = [\"schema.sql\"]\n");
    let schema = format!(
        "{SCHEMA_SQL}CREATE TABLE audit.log (id BIGINT PRIMARY KEY);\nCREATE SCHEMA audit;\n"
    );
    std::fs::write(p.path().join("schema.sql"), schema).unwrap();
    let out = p.shale(&["revision", "--autogenerate", "-m", "billing"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    // A statement in a schema [models] schemas leaves out is named, not silently dropped.
    assert!(
        out.stderr.contains("schema.sql:10:")
            && out.stderr.contains("`audit`")
            && out.stderr.contains("CREATE TABLE audit.log"),
        "{}",
        out.stderr
    );
    p.shale(&["upgrade"]).ok();
    p.shale(&["check"]).ok();
    p.shale(&["check", "--drift"]).ok();
    p.shale(&["lint"]).ok();
    assert_eq!(
        db.column("SELECT count(*)::text FROM pg_tables WHERE schemaname = 'billing'"),
        ["1"]
    );
    // The version table stays in the connection's schema.
    assert_eq!(
        db.column("SELECT schemaname::text FROM pg_tables WHERE tablename = 'shale_version'"),
        ["public"]
    );

    db.execute("ALTER TABLE billing.invoices ADD COLUMN note TEXT");
    let out = p.shale(&["check"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("billing.invoices"), "{}", out.stdout);
    assert!(out.stdout.contains("note"), "{}", out.stdout);
    let out = p.shale(&["check", "--drift"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("note"), "{}", out.stdout);
    db.execute("ALTER TABLE billing.invoices DROP COLUMN note");
    p.shale(&["check"]).ok();

    p.shale(&["downgrade", "base"]).ok();
    assert!(
        db.column("SELECT nspname::text FROM pg_namespace WHERE nspname = 'billing'")
            .is_empty(),
        "the downgrade drops the schema it created"
    );
}

#[test]
fn renames_given_on_the_command_line_name_schemas() {
    let Some(db) = TestDb::create(Kind::Postgres) else {
        return;
    };
    let p = Proj::new(&db.url);
    write_project(&p, &db.url, "sql = [\"schema.sql\"]\n");
    let before = "CREATE SCHEMA billing;\n\
        CREATE TABLE billing.users (id BIGINT PRIMARY KEY, fullname TEXT);\n\
        CREATE TABLE notes (id BIGINT PRIMARY KEY);\n";
    std::fs::write(p.path().join("schema.sql"), before).unwrap();
    p.shale(&["revision", "--autogenerate", "-m", "start"]).ok();
    p.shale(&["upgrade"]).ok();
    db.execute("INSERT INTO billing.users VALUES (1, 'Ada Lovelace')");
    db.execute("INSERT INTO notes VALUES (7)");

    // A column of a table in another schema, and a table moved into it from the
    // connection's schema.
    let after = "CREATE SCHEMA billing;\n\
        CREATE TABLE billing.users (id BIGINT PRIMARY KEY, full_name TEXT);\n\
        CREATE TABLE billing.notes (id BIGINT PRIMARY KEY);\n";
    std::fs::write(p.path().join("schema.sql"), after).unwrap();
    let renames = [
        "--rename",
        "billing.users.fullname=full_name",
        "--rename",
        "public.notes=billing.notes",
    ];
    let out = p
        .shale(&[&["diff"][..], &renames].concat())
        .ok()
        .to_string();
    assert!(
        out.contains("RENAME COLUMN fullname TO full_name") && out.contains("SET SCHEMA"),
        "{out}"
    );
    assert!(
        !out.contains("DROP TABLE") && !out.contains("DROP COLUMN"),
        "{out}"
    );
    p.shale(
        &[
            &["revision", "--autogenerate", "-m", "renames"][..],
            &renames,
        ]
        .concat(),
    )
    .ok();
    p.shale(&["upgrade"]).ok();
    p.shale(&["check"]).ok();
    assert_eq!(
        db.column("SELECT full_name FROM billing.users"),
        ["Ada Lovelace"]
    );
    assert_eq!(db.column("SELECT id::text FROM billing.notes"), ["7"]);
    p.shale(&["downgrade", "-1"]).ok();
    assert_eq!(
        db.column("SELECT fullname FROM billing.users"),
        ["Ada Lovelace"]
    );
    assert_eq!(db.column("SELECT id::text FROM public.notes"), ["7"]);
}

#[test]
fn rust_models_in_another_schema() {
    let Some(db) = TestDb::create(Kind::Postgres) else {
        return;
    };
    let p = Proj::new(&db.url);
    write_project(&p, &db.url, "rust = [\"models.rs\"]\n");
    let models = "\
#[derive(shale::Model)]
#[shale(table = \"accounts\")]
pub struct Account {
    #[shale(primary_key)]
    pub id: i64,
    pub email: String,
}

/// One per billing period.
#[derive(shale::Model)]
#[shale(table = \"invoices\", schema = \"billing\")]
pub struct Invoice {
    #[shale(primary_key)]
    pub id: i64,
    #[shale(references = \"accounts.id\", index)]
    pub account_id: i64,
    pub total: i64,
}
";
    std::fs::write(p.path().join("models.rs"), models).unwrap();
    let out = p.shale(&["revision", "--autogenerate", "-m", "rust"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    p.shale(&["upgrade"]).ok();
    p.shale(&["check"]).ok();
    assert_eq!(
        db.column("SELECT obj_description('billing.invoices'::regclass, 'pg_class')"),
        ["One per billing period."]
    );
    // A schema the models name but [models] schemas does not list is an error.
    write_project(&p, &db.url, "rust = [\"models.rs\"]\n");
    std::fs::write(
        p.path().join("models.rs"),
        models.replace("schema = \"billing\"", "schema = \"ledger\""),
    )
    .unwrap();
    let err = p.shale(&["check"]).fails(1).to_string();
    assert!(
        err.contains("\"ledger\"") && err.contains("[models]"),
        "{err}"
    );
    p.shale(&["downgrade", "base"]).ok();
}

#[test]
fn schemas_on_mysql_and_sqlite_are_a_config_error() {
    for kind in [Kind::Mysql, Kind::Sqlite] {
        let Some(db) = TestDb::create(kind) else {
            continue;
        };
        let p = Proj::new(&db.url);
        std::fs::write(
            p.path().join("schema.sql"),
            "CREATE TABLE a (id INTEGER PRIMARY KEY);\n",
        )
        .unwrap();
        write_project(&p, &db.url, "sql = [\"schema.sql\"]\n");
        let out = p.shale(&["check"]);
        assert_ne!(out.code, 0, "{}{}", out.stdout, out.stderr);
        assert!(
            out.stderr
                .contains("[models] schemas lists PostgreSQL schemas")
                && out.stderr.contains(kind.name()),
            "{}: {}",
            kind.name(),
            out.stderr
        );
        // A URL given at run time is checked when it is used.
        std::fs::write(
            p.path().join("shale.toml"),
            "[models]\nsql = [\"schema.sql\"]\nschemas = [\"billing\"]\n",
        )
        .unwrap();
        let out = p.shale(&["check", "--url", &db.url]);
        assert_ne!(out.code, 0, "{}{}", out.stdout, out.stderr);
        assert!(out.stderr.contains("remove `schemas`"), "{}", out.stderr);
    }
}
