//! Privileges in SQL models (`[models] privileges = true`): grants on tables, views and
//! sequences are generated, checked, changed, found as drift, and undone by the downgrade;
//! without the option they are left alone and warned about. PostgreSQL and MySQL/MariaDB
//! (SQLite has no privileges).

use crate::support::Proj;
use shale_testkit::{Kind, TestDb};

/// A role (PostgreSQL) or user (MySQL) of its own for one test, dropped at the end.
struct Grantee {
    kind: Kind,
    name: String,
    /// How a GRANT names it.
    sql: String,
}

impl Grantee {
    fn create(db: &TestDb, tag: &str) -> Grantee {
        let name = format!("shale_{tag}_{}", std::process::id());
        let sql = match db.kind {
            Kind::Mysql => {
                db.execute(&format!("DROP USER IF EXISTS '{name}'@'%'"));
                db.execute(&format!("CREATE USER '{name}'@'%'"));
                format!("'{name}'@'%'")
            }
            _ => {
                db.execute(&format!("DROP ROLE IF EXISTS {name}"));
                db.execute(&format!("CREATE ROLE {name}"));
                name.clone()
            }
        };
        Grantee {
            kind: db.kind,
            name,
            sql,
        }
    }

    /// The privileges it holds on `table`, sorted and comma-separated.
    fn privileges(&self, db: &TestDb, table: &str) -> String {
        let sql = match self.kind {
            Kind::Mysql => format!(
                "SELECT PRIVILEGE_TYPE FROM information_schema.TABLE_PRIVILEGES \
                 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{table}' \
                 AND GRANTEE = \"{}\" ORDER BY 1",
                self.sql
            ),
            _ => format!(
                "SELECT privilege_type FROM information_schema.role_table_grants \
                 WHERE table_schema = current_schema() AND table_name = '{table}' \
                 AND grantee = '{}' ORDER BY 1",
                self.name
            ),
        };
        db.column(&sql).join(",")
    }

    fn drop(self, db: &TestDb) {
        match self.kind {
            Kind::Mysql => db.execute(&format!("DROP USER IF EXISTS {}", self.sql)),
            _ => {
                db.execute(&format!("DROP OWNED BY {}", self.name));
                db.execute(&format!("DROP ROLE IF EXISTS {}", self.name));
            }
        }
    }
}

fn servers() -> impl Iterator<Item = TestDb> {
    [Kind::Postgres, Kind::Mysql]
        .into_iter()
        .filter_map(TestDb::create)
}

fn write_project(p: &Proj, url: &str, privileges: bool, schema: &str) {
    p.write(
        "shale.toml",
        &format!("url = \"{url}\"\n[models]\nsql = [\"schema.sql\"]\nprivileges = {privileges}\n"),
    );
    p.write("schema.sql", schema);
}

fn tables(kind: Kind) -> &'static str {
    match kind {
        Kind::Mysql => {
            "CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(255) NOT NULL);\n\
             CREATE VIEW emails AS SELECT email FROM users;\n"
        }
        _ => {
            "CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT NOT NULL);\n\
             CREATE VIEW emails AS SELECT email FROM users;\n"
        }
    }
}

fn scripts(p: &Proj) -> String {
    let mut files: Vec<_> = std::fs::read_dir(p.versions())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect()
}

#[test]
fn grants_are_generated_checked_changed_and_undone() {
    for db in servers() {
        eprintln!("--- on {}", db.kind.name());
        let reader = Grantee::create(&db, "reader");
        let p = Proj::new(&db.url);
        let who = &reader.sql;
        let schema = format!(
            "{}GRANT SELECT, INSERT ON users TO {who};\nGRANT SELECT ON emails TO {who} WITH GRANT OPTION;\n",
            tables(db.kind)
        );
        write_project(&p, &db.url, true, &schema);
        let out = p.shale(&["revision", "--autogenerate", "-m", "init"]);
        assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
        assert!(
            !out.stderr.contains("privileges"),
            "table grants are compared, not warned about: {}",
            out.stderr
        );
        let script = scripts(&p);
        let grant = script.find("GRANT INSERT, SELECT ON").expect(&script);
        let view = script.to_lowercase().find("create view").unwrap();
        assert!(
            script.find("GRANT SELECT ON").unwrap() > view,
            "the view's grant follows the view:\n{script}"
        );
        assert!(grant > script.find("CREATE TABLE").unwrap(), "{script}");
        p.shale(&["upgrade"]).ok();
        assert_eq!(reader.privileges(&db, "users"), "INSERT,SELECT");
        p.shale(&["check"]).ok();
        p.shale(&["lint"]).ok();

        // A narrower grant: revoked and granted again; the downgrade restores the old one.
        let narrower = schema.replace("SELECT, INSERT ON users", "SELECT ON users");
        p.write("schema.sql", &narrower);
        let out = p.shale(&["revision", "--autogenerate", "-m", "narrower"]);
        assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
        assert!(
            scripts(&p).contains("REVOKE INSERT, SELECT ON"),
            "{}",
            scripts(&p)
        );
        p.shale(&["upgrade"]).ok();
        assert_eq!(reader.privileges(&db, "users"), "SELECT");
        p.shale(&["check"]).ok();

        // A grant made by hand is drift, and `check` sees it differ from the models.
        db.execute(&format!("GRANT DELETE ON users TO {who}"));
        let out = p.shale(&["check", "--drift"]);
        assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
        assert!(out.stdout.contains("grant users."), "{}", out.stdout);
        db.execute(&format!("REVOKE DELETE ON users FROM {who}"));

        p.shale(&["downgrade", "-1"]).ok();
        assert_eq!(reader.privileges(&db, "users"), "INSERT,SELECT");
        p.shale(&["downgrade", "base"]).ok();
        assert_eq!(reader.privileges(&db, "users"), "");
        reader.drop(&db);
    }
}

#[test]
fn without_the_option_grants_are_left_alone_and_warned_about() {
    for db in servers() {
        eprintln!("--- on {}", db.kind.name());
        let reader = Grantee::create(&db, "bystander");
        let p = Proj::new(&db.url);
        let schema = format!(
            "{}GRANT SELECT ON users TO {};\n",
            tables(db.kind),
            reader.sql
        );
        write_project(&p, &db.url, false, &schema);
        let out = p.shale(&["revision", "--autogenerate", "-m", "init"]);
        assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
        assert!(
            out.stderr.contains("does not compare privileges")
                && out.stderr.contains("privileges = true"),
            "{}",
            out.stderr
        );
        let statements = scripts(&p)
            .lines()
            .filter(|l| !l.starts_with("--"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(!statements.contains("GRANT"), "{statements}");
        p.shale(&["upgrade"]).ok();
        // A grant made outside the migrations is neither drift nor a difference.
        db.execute(&format!("GRANT INSERT ON users TO {}", reader.sql));
        p.shale(&["check"]).ok();
        p.shale(&["check", "--drift"]).ok();
        let out = p.shale(&["revision", "--autogenerate", "-m", "nothing"]);
        assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
        assert!(out.stdout.contains("No changes"), "{}", out.stdout);
        assert_eq!(reader.privileges(&db, "users"), "INSERT");
        p.shale(&["downgrade", "base"]).ok();
        reader.drop(&db);
    }
}

/// The models' SQL for a function `one()`, and the grants on the schema (PostgreSQL) or
/// database (MySQL), the function and a column of `users` that the models make.
fn routine_and_column_grants(kind: Kind, who: &str) -> String {
    match kind {
        Kind::Mysql => format!(
            "CREATE FUNCTION one() RETURNS INT DETERMINISTIC RETURN 1;\n\
             GRANT SELECT ON * TO {who};\n\
             GRANT EXECUTE ON FUNCTION one TO {who} WITH GRANT OPTION;\n\
             GRANT SELECT (email) ON users TO {who};\n"
        ),
        _ => format!(
            "CREATE FUNCTION one() RETURNS integer LANGUAGE sql AS 'SELECT 1';\n\
             GRANT USAGE ON SCHEMA public TO {who};\n\
             REVOKE EXECUTE ON FUNCTION one() FROM PUBLIC;\n\
             GRANT EXECUTE ON FUNCTION one() TO {who} WITH GRANT OPTION;\n\
             GRANT SELECT (email) ON users TO {who};\n"
        ),
    }
}

/// How many privileges `who` holds on the schema or database, its routines and columns.
fn other_privileges(db: &TestDb, grantee: &Grantee) -> usize {
    let sql = match db.kind {
        Kind::Mysql => format!(
            "SELECT PRIVILEGE_TYPE FROM information_schema.SCHEMA_PRIVILEGES \
             WHERE TABLE_SCHEMA = DATABASE() AND GRANTEE = \"{0}\" \
             UNION ALL SELECT PRIVILEGE_TYPE FROM information_schema.COLUMN_PRIVILEGES \
             WHERE TABLE_SCHEMA = DATABASE() AND GRANTEE = \"{0}\" \
             UNION ALL SELECT Proc_priv FROM mysql.procs_priv \
             WHERE Db = DATABASE() AND User = '{1}'",
            grantee.sql, grantee.name
        ),
        _ => format!(
            "SELECT a.privilege_type FROM pg_catalog.pg_namespace n, \
               pg_catalog.aclexplode(n.nspacl) a \
             WHERE n.nspname = current_schema() AND a.grantee = '{0}'::regrole \
             UNION ALL SELECT privilege_type FROM information_schema.column_privileges \
             WHERE table_schema = current_schema() AND grantee = '{0}' \
             UNION ALL SELECT privilege_type FROM information_schema.routine_privileges \
             WHERE routine_schema = current_schema() AND grantee = '{0}'",
            grantee.name
        ),
    };
    db.column(&sql).len()
}

#[test]
fn schema_routine_and_column_grants_are_generated_checked_and_undone() {
    for db in servers() {
        eprintln!("--- on {}", db.kind.name());
        let reader = Grantee::create(&db, "caller");
        let p = Proj::new(&db.url);
        let schema = format!(
            "{}{}",
            tables(db.kind),
            routine_and_column_grants(db.kind, &reader.sql)
        );
        write_project(&p, &db.url, true, &schema);
        let out = p.shale(&["revision", "--autogenerate", "-m", "init"]);
        assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
        assert!(
            !out.stderr.contains("privileges"),
            "these grants are compared, not warned about: {}",
            out.stderr
        );
        let script = scripts(&p);
        let function = script.find("FUNCTION ").expect(&script);
        let grant = script.find("GRANT EXECUTE ON FUNCTION").expect(&script);
        assert!(
            function < grant,
            "the grant follows its function:\n{script}"
        );
        assert!(script.contains("GRANT SELECT ("), "{script}");
        p.shale(&["upgrade"]).ok();
        assert!(other_privileges(&db, &reader) >= 3);
        p.shale(&["check"]).ok();
        p.shale(&["lint"]).ok();

        // A column privilege granted by hand: `check` reports the grant as a difference.
        db.execute(&format!("GRANT UPDATE (email) ON users TO {}", reader.sql));
        let out = p.shale(&["check"]);
        assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
        assert!(out.stdout.contains("grant users."), "{}", out.stdout);
        db.execute(&format!(
            "REVOKE UPDATE (email) ON users FROM {}",
            reader.sql
        ));
        p.shale(&["check"]).ok();

        p.shale(&["downgrade", "base"]).ok();
        assert_eq!(other_privileges(&db, &reader), 0);
        reader.drop(&db);
    }
}

#[test]
fn privileges_on_sqlite_are_a_warning() {
    let Some(db) = TestDb::create(Kind::Sqlite) else {
        return;
    };
    let p = Proj::new(&db.url);
    write_project(
        &p,
        &db.url,
        true,
        "CREATE TABLE users (id INTEGER PRIMARY KEY);\n",
    );
    let out = p.shale(&["revision", "--autogenerate", "-m", "init"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("no effect on SQLite"), "{}", out.stderr);
}
