//! Introspection, scratch databases and SQL models against the real databases: one
//! body per test, run on SQLite, PostgreSQL 15 and MariaDB 10.11 (a server that is not
//! reachable is skipped outside CI, see `shale-testkit`).

use shale::db::inspect::inspect;
use shale::db::scratch::Scratch;
use shale::db::Db;
use shale::dialect::render::render;
use shale::dialect::Dialect;
use shale::diff::{diff, DiffOptions, NamingConvention};
use shale::models::sql::{
    load_sql_models, load_sql_models_over, normalise_schema, RenameKind, SqlModelError,
};
use shale::models::{parse_file, to_schema_with};
use shale::schema::{Column, PrimaryKey, Schema, Table};
use shale::url::DbUrl;
use shale_testkit::{Kind, TestDb, ALL};
use std::future::Future;
use std::path::PathBuf;

/// Runs `body` on a fresh database of every kind whose server is reachable, and returns
/// what it returned for each.
fn on_each_db<F, Fut, T>(body: F) -> Vec<(Kind, T)>
where
    F: Fn(Kind, DbUrl) -> Fut,
    Fut: Future<Output = T>,
{
    let mut out = Vec::new();
    for kind in ALL {
        let Some(test_db) = TestDb::create(kind) else {
            continue;
        };
        let url = DbUrl::parse(&test_db.url).expect("test URL");
        let value = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
            .block_on(body(kind, url));
        out.push((kind, value));
    }
    out
}

fn case_file(kind: Kind) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/inspect_cases")
        .join(format!("{}.sql", kind.name()))
}

/// Applies SQL text statement by statement.
async fn apply(db: &mut Db, sql: &str) {
    for piece in shale::script::split(sql) {
        let code: String = piece
            .text
            .lines()
            .filter(|l| !l.trim_start().starts_with("--"))
            .collect::<Vec<_>>()
            .join("\n");
        if code.trim().trim_end_matches(';').trim().is_empty() {
            continue;
        }
        db.execute(&code)
            .await
            .unwrap_or_else(|e| panic!("{code}: {e}"));
    }
}

/// The schema of the case file for `kind`, applied to the database at `url`.
async fn case_schema(kind: Kind, url: &DbUrl) -> Schema {
    let mut db = Db::connect(url).await.expect("connect");
    let sql = std::fs::read_to_string(case_file(kind)).expect("case file");
    apply(&mut db, &sql).await;
    let schema = inspect(&mut db, &["shale_version", "shale_version_history"])
        .await
        .expect("inspect");
    let again = inspect(&mut db, &["shale_version", "shale_version_history"])
        .await
        .expect("inspect again");
    assert_eq!(schema, again, "{kind:?}: inspecting twice differs");
    db.close().await;
    schema
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn varchar(name: &str, n: u32, nullable: bool) -> Column {
    Column {
        name: name.into(),
        ty: format!("varchar({n})").into(),
        nullable,
        default: None,
        autoincrement: false,
        generated: None,
        ..Default::default()
    }
}

#[test]
fn inspects_every_feature() {
    on_each_db(|kind, url| async move {
        let schema = case_schema(kind, &url).await;
        let names: Vec<&str> = schema.tables.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            ["items", "teams", "users"],
            "{kind:?}: version table left out"
        );

        // A literal table.
        let pk_name = if kind == Kind::Mysql {
            "PRIMARY"
        } else {
            "pk_teams"
        };
        let teams = Table {
            name: "teams".into(),
            columns: vec![
                varchar("org", 20, false),
                varchar("code", 20, false),
                Column {
                    ty: "text".into(),
                    ..varchar("name", 0, true)
                },
            ],
            primary_key: Some(PrimaryKey {
                name: Some(pk_name.into()),
                columns: strings(&["org", "code"]),
                deferrable: None,
                comment: None,
            }),
            ..Table::default()
        };
        assert_eq!(schema.tables["teams"], teams, "{kind:?}");

        check_users(kind, &schema.tables["users"]);
        check_items(kind, &schema.tables["items"]);
        if kind == Kind::Postgres {
            assert_eq!(schema.enums["mood"], strings(&["sad", "ok", "happy"]));
            let ix = &schema.tables["users"].indexes["ix_users_lower_email"];
            assert_eq!(ix.columns, strings(&["lower(email::text)"]));
            assert_eq!(ix.predicate.as_deref(), Some("active"));
            // An expression longer than a name (63 bytes) is read whole.
            let ix = &schema.tables["users"].indexes["ix_users_settings_path"];
            assert_eq!(
                ix.columns,
                strings(&[
                    "jsonb_extract_path_text(settings, VARIADIC ARRAY['preferences'::text, \
                           'display'::text, 'theme'::text])"
                ])
            );
            // Operator classes other than the type's default, and storage parameters.
            let ix = &schema.tables["users"].indexes["ix_users_name_pattern"];
            assert_eq!(ix.opclasses, strings(&["text_pattern_ops", ""]));
            assert_eq!(ix.orders, strings(&["DESC", ""]));
            assert_eq!(ix.storage, strings(&["fillfactor=70"]));
            assert!(ix.collations.is_empty());
            // A key's collation where it is not the column's (or the expression type's).
            let ix = &schema.tables["users"].indexes["ix_users_collated"];
            assert_eq!(ix.collations, strings(&["", "C", "C"]));
            assert_eq!(ix.orders, strings(&["", "DESC", ""]));
        } else {
            assert!(schema.enums.is_empty());
        }
    });
}

fn check_users(kind: Kind, users: &Table) {
    let order: Vec<&str> = users.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        &order[..5],
        ["id", "email", "display_name", "timezone", "active"]
    );
    let id = users.column("id").unwrap();
    assert!(
        id.autoincrement && !id.nullable && id.default.is_none(),
        "{kind:?}: {id:?}"
    );
    assert_eq!(
        users.column("email").unwrap(),
        &varchar("email", 255, false)
    );
    assert_eq!(
        users.column("display_name").unwrap(),
        &varchar("display_name", 80, true)
    );
    let tz = users.column("timezone").unwrap();
    assert!(
        tz.default.as_deref().unwrap().starts_with("'UTC'"),
        "{kind:?}: {tz:?}"
    );
    let active = users.column("active").unwrap();
    assert_eq!(active.ty, "boolean", "{kind:?}");
    assert!(active.default.is_some());
    let balance_ty = if kind == Kind::Mysql {
        "decimal(10,2)"
    } else {
        "numeric(10,2)"
    };
    assert_eq!(users.column("balance").unwrap().ty, balance_ty);
    let settings = &users.column("settings").unwrap().ty;
    let json = match kind {
        Kind::Sqlite => "text",
        Kind::Postgres => "jsonb",
        Kind::Mysql => "json",
    };
    assert_eq!(settings, json, "{kind:?}");
    assert!(users.column("created_at").unwrap().default.is_some());
    assert_eq!(users.uniques["uq_users_email"].columns, strings(&["email"]));
    let checks: Vec<&str> = users.checks.keys().map(String::as_str).collect();
    assert_eq!(
        checks,
        ["ck_users_balance"],
        "{kind:?}: the JSON check is not reported"
    );
    assert!(users.checks["ck_users_balance"]
        .expression
        .contains("balance"));
}

fn check_items(kind: Kind, items: &Table) {
    // SQLite: a plain INTEGER PRIMARY KEY (items.id) is not AUTOINCREMENT (users.id).
    let auto = items.column("id").unwrap().autoincrement;
    assert_eq!(auto, kind != Kind::Sqlite, "{kind:?}");
    assert!(!items.column("user_id").unwrap().nullable);
    assert_eq!(items.column("qty").unwrap().default.as_deref(), Some("1"));
    let fk = &items.foreign_keys["fk_items_user"];
    assert_eq!(
        (fk.ref_table.as_str(), fk.on_delete.as_deref()),
        ("users", Some("CASCADE"))
    );
    let fk = &items.foreign_keys["fk_items_owner"];
    assert_eq!(fk.on_delete.as_deref(), Some("SET NULL"));
    assert_eq!(fk.on_update.as_deref(), Some("CASCADE"));
    let fk = &items.foreign_keys["fk_items_team"];
    assert_eq!(fk.columns, strings(&["team_org", "team_code"]));
    assert_eq!(fk.ref_columns, strings(&["org", "code"]));
    assert_eq!(items.foreign_keys.len(), 3);
    assert_eq!(items.checks.len(), 1, "{kind:?}: {:?}", items.checks);
    assert!(items.checks.values().all(|c| c.expression.contains("qty")));
    let ix = &items.indexes["ix_items_title"];
    assert!(!ix.unique && ix.columns == strings(&["title"]) && ix.predicate.is_none());
    let user_title = strings(&["user_id", "title"]);
    if kind == Kind::Mysql {
        // MariaDB does not tell a unique index from a unique constraint.
        assert_eq!(items.uniques["ix_items_user_title"].columns, user_title);
        assert_eq!(items.indexes.len(), 1, "{kind:?}: {:?}", items.indexes);
    } else {
        let ix = &items.indexes["ix_items_user_title"];
        assert!(ix.unique && ix.columns == user_title);
    }
    if kind == Kind::Sqlite {
        let ix = &items.indexes["ix_items_lower_title"];
        assert_eq!(ix.columns, strings(&["lower(title)"]));
        assert_eq!(ix.predicate.as_deref(), Some("qty > 0"));
    }
}

/// The names of the databases on the server of `kind` (empty for SQLite).
fn server_databases(kind: Kind) -> Vec<String> {
    let Some(test_db) = TestDb::create(kind) else {
        return Vec::new();
    };
    match kind {
        Kind::Sqlite => Vec::new(),
        Kind::Postgres => test_db.column("SELECT datname FROM pg_database"),
        Kind::Mysql => test_db.column("SHOW DATABASES"),
    }
}

#[test]
fn scratch_databases_are_dropped() {
    let names = on_each_db(|kind, url| async move {
        let scratch = Scratch::create(&url, None).await.expect("scratch");
        let mut db = Db::connect(&scratch.url).await.expect("connect to scratch");
        db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
            .await
            .unwrap();
        db.close().await;
        // A second connection sees the same database (SQLite: a shared in-memory cache).
        let mut db = Db::connect(&scratch.url).await.expect("reconnect");
        let schema = inspect(&mut db, &[]).await.unwrap();
        assert!(schema.tables.contains_key("t"), "{kind:?}");
        db.close().await;
        let name = scratch.url.database().unwrap_or_default().to_string();
        let url = scratch.url.clone();
        scratch.drop().await.expect("drop");
        if kind == Kind::Sqlite {
            let mut db = Db::connect(&url).await.unwrap();
            assert!(inspect(&mut db, &[]).await.unwrap().tables.is_empty());
            db.close().await;
        }
        name
    });
    for (kind, name) in names {
        if kind != Kind::Sqlite {
            assert!(name.starts_with("shale_scratch_"), "{name}");
            assert!(
                !server_databases(kind).contains(&name),
                "{kind:?}: {name} left behind"
            );
        }
    }
}

/// A killed run leaves its scratch database behind: the next scratch creation on the
/// server drops the ones whose name is older than `STALE_AFTER`, and nothing else.
#[test]
fn stale_scratch_databases_are_dropped_and_nothing_else() {
    for kind in [Kind::Postgres, Kind::Mysql] {
        let Some(test_db) = TestDb::create(kind) else {
            continue;
        };
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let age = shale::db::scratch::STALE_AFTER.as_secs();
        let id = format!("{:016x}", u64::from(std::process::id()) << 8 | kind as u64);
        let stale = format!("shale_scratch_{}_{id}", now - age - 600);
        let kept = [
            format!("shale_scratch_{}_{id}", now - 60),
            format!("shale_scratch_{id}"),
            format!("shale_scratchy_{}", std::process::id()),
            format!("shale_scratch_{}_{id}_x", now - age - 600),
        ];
        for name in kept.iter().chain([&stale]) {
            test_db.execute(&format!("CREATE DATABASE {name}"));
        }
        let url = DbUrl::parse(&test_db.url).unwrap();
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async {
                let scratch = Scratch::create(&url, None).await.expect("scratch");
                scratch.drop().await.expect("drop");
            });
        let after = server_databases(kind);
        for name in &kept {
            test_db.execute(&format!("DROP DATABASE IF EXISTS {name}"));
        }
        test_db.execute(&format!("DROP DATABASE IF EXISTS {stale}"));
        assert!(!after.contains(&stale), "{kind:?}: {stale} was not dropped");
        for name in &kept {
            assert!(after.contains(name), "{kind:?}: {name} was dropped");
        }
    }
}

#[test]
fn sql_models_read_as_the_database_reports_them() {
    on_each_db(|kind, url| async move {
        let (mut models, renames) = load_sql_models(&[case_file(kind)], &url, None)
            .await
            .expect("load SQL models");
        assert!(renames.is_empty());
        assert!(models.tables.remove("shale_version").is_some());
        let direct = case_schema(kind, &url).await;
        assert_eq!(models, direct, "{kind:?}");
    });
}

#[test]
fn sql_model_errors_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("a.sql");
    std::fs::write(&good, "CREATE TABLE a (id INTEGER PRIMARY KEY);\n").unwrap();
    let bad = dir.path().join("b.sql");
    let text = "CREATE TABLE b (id INTEGER);\n\n-- a comment\nCREATE TABLE c (id INTEGER,, x);\n";
    std::fs::write(&bad, text).unwrap();
    let missing = dir.path().join("missing.sql");
    on_each_db(|kind, url| {
        let files = [good.clone(), bad.clone()];
        let missing = missing.clone();
        async move {
            let err = load_sql_models(&files, &url, None).await.unwrap_err();
            let SqlModelError::Statement {
                file,
                line,
                statement,
                ..
            } = &err
            else {
                panic!("{kind:?}: {err}");
            };
            assert_eq!((file, *line), (&files[1], 4), "{kind:?}");
            assert!(statement.starts_with("CREATE TABLE c"), "{statement}");
            let message = err.to_string();
            assert!(
                message.contains(&format!("{}:4:", files[1].display())),
                "{message}"
            );
            let err = load_sql_models(std::slice::from_ref(&missing), &url, None)
                .await
                .unwrap_err();
            assert!(err.to_string().contains("missing.sql"), "{err}");
        }
    });
}

/// A model file's `SET search_path` holds for the statements after it in that file — also
/// for one put off because it comes before the table it needs — and not for the next
/// file; the schema's own names come back bare.
#[test]
fn sql_models_follow_a_files_search_path() {
    let Some(test_db) = TestDb::create(Kind::Postgres) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("a.sql");
    std::fs::write(
        &first,
        "CREATE SCHEMA billing;\nSET search_path TO billing;\n\
         CREATE TABLE lines (id int PRIMARY KEY, invoice_id int REFERENCES invoices (id));\n\
         CREATE TABLE invoices (id int PRIMARY KEY);\n",
    )
    .unwrap();
    let second = dir.path().join("b.sql");
    std::fs::write(&second, "CREATE TABLE notes (id int PRIMARY KEY);\n").unwrap();
    // pg_dump's empty path, every name qualified.
    let dumped = dir.path().join("d.sql");
    std::fs::write(
        &dumped,
        "SELECT pg_catalog.set_config('search_path', '', false);\n\
         CREATE TABLE public.dumped (id int PRIMARY KEY);\n",
    )
    .unwrap();
    let nowhere = dir.path().join("c.sql");
    std::fs::write(
        &nowhere,
        "SET search_path TO nowhere;\nCREATE TABLE t (id int);\n",
    )
    .unwrap();
    let url = DbUrl::parse(&test_db.url).unwrap();
    let schemas = ["public".to_string(), "billing".to_string()];
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let load = |files: &[PathBuf]| {
        runtime.block_on(load_sql_models_over(
            files,
            &url,
            None,
            &Schema::default(),
            &schemas,
        ))
    };
    let (schema, _) = load(&[first, second, dumped]).unwrap();
    let names: Vec<&str> = schema.tables.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        ["billing.invoices", "billing.lines", "dumped", "notes"]
    );
    let fk = schema.tables["billing.lines"].foreign_keys.values().next();
    assert_eq!(fk.map(|k| k.ref_table.as_str()), Some("billing.invoices"));
    // As psql, a path to no schema that exists leaves nowhere to create in: said so.
    let message = load(&[nowhere]).unwrap_err().to_string();
    assert!(message.contains("c.sql:2:"), "{message}");
    assert!(
        message.contains("SET search_path above names no schema"),
        "{message}"
    );
}

#[test]
fn sql_models_declare_renames() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("schema.sql");
    let text =
        "-- shale:renamed-from people\nCREATE TABLE users (\n    id INTEGER PRIMARY KEY,\n    \
                -- shale:renamed-from fullname\n    full_name VARCHAR(80)\n);\n";
    std::fs::write(&file, text).unwrap();
    on_each_db(|kind, url| {
        let file = file.clone();
        async move {
            let (schema, renames) = load_sql_models(&[file], &url, None).await.unwrap();
            assert!(
                schema.tables["users"].column("full_name").is_some(),
                "{kind:?}"
            );
            let got: Vec<_> = renames
                .iter()
                .map(|r| (r.kind, r.table.as_str(), r.from.as_str(), r.to.as_str()))
                .collect();
            assert_eq!(
                got,
                [
                    (RenameKind::Table, "users", "people", "users"),
                    (RenameKind::Column, "users", "fullname", "full_name"),
                ]
            );
        }
    });
}

/// `n` tables, each with a foreign key to the one before and an index, as one script.
/// MariaDB gets the index inside `CREATE TABLE`: its DDL statements are slow (each
/// commits and syncs its files), so the script keeps to one statement per table.
fn many_tables(kind: Kind, n: usize) -> String {
    let id = match kind {
        Kind::Sqlite => "id INTEGER PRIMARY KEY AUTOINCREMENT",
        Kind::Postgres => "id SERIAL PRIMARY KEY",
        Kind::Mysql => "id INT AUTO_INCREMENT PRIMARY KEY",
    };
    let mut sql = String::from("BEGIN;\n");
    for i in 0..n {
        let parent = i.saturating_sub(1);
        let t = format!("t{i:04}");
        let inline_index = match kind {
            Kind::Mysql => format!(", INDEX ix_{t}_name (name)"),
            _ => String::new(),
        };
        sql.push_str(&format!(
            "CREATE TABLE {t} ({id}, name VARCHAR(40) NOT NULL DEFAULT 'x', parent_id INTEGER, \
             CONSTRAINT fk_{t} FOREIGN KEY (parent_id) REFERENCES t{parent:04} (id){inline_index});\n"
        ));
        if kind != Kind::Mysql {
            sql.push_str(&format!("CREATE INDEX ix_{t}_name ON {t} (name);\n"));
        }
    }
    sql.push_str("COMMIT;\n");
    sql
}

#[test]
fn three_hundred_tables() {
    const N: usize = 300;
    on_each_db(|kind, url| async move {
        let mut db = Db::connect(&url).await.unwrap();
        db.execute(&many_tables(kind, N))
            .await
            .expect("create tables");
        let schema = inspect(&mut db, &[]).await.unwrap();
        db.close().await;
        assert_eq!(schema.tables.len(), N, "{kind:?}");
        for (i, table) in schema.tables.values().enumerate() {
            assert_eq!(table.name, format!("t{i:04}"));
            let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
            assert_eq!(names, ["id", "name", "parent_id"], "{kind:?}");
            assert!(table.columns[0].autoincrement);
            assert_eq!(table.columns[1].ty, "varchar(40)");
            let fk = &table.foreign_keys[&format!("fk_t{i:04}")];
            assert_eq!(fk.ref_table, format!("t{:04}", i.saturating_sub(1)));
            let ix = &table.indexes[&format!("ix_t{i:04}_name")];
            assert_eq!(ix.columns, ["name"]);
        }
    });
}

/// The fixed point for Rust models: rendering them onto an empty database and
/// inspecting it gives exactly what `normalise_schema` gives, so that comparing the two
/// shows no changes.
#[test]
fn normalised_rust_models_match_the_database_they_create() {
    let defs = parse_file(include_str!("../inspect_cases/models.rs")).expect("models parse");
    on_each_db(|_kind, url| {
        let defs = defs.clone();
        async move {
            let dialect = url.dialect();
            let desired = to_schema_with(&defs, dialect, &NamingConvention::default()).unwrap();
            let normalised = normalise_schema(&desired, &url, None, &[])
                .await
                .expect("normalise");
            let empty = Schema::default();
            let changes = diff(&empty, &desired, &DiffOptions::default()).changes;
            let mut db = Db::connect(&url).await.unwrap();
            for statement in render(dialect, &empty, &changes) {
                db.execute(&statement.sql).await.expect(&statement.sql);
            }
            let live = inspect(&mut db, &[]).await.unwrap();
            db.close().await;
            assert_eq!(live, normalised, "{dialect}");
            let drift = diff(&live, &normalised, &DiffOptions::default()).changes;
            assert!(drift.is_empty(), "{dialect}: {drift:?}");
            // The index's, unique key's and primary key's comments reached the database.
            let items = &live.tables["items"];
            let key = items
                .primary_key
                .as_ref()
                .and_then(|k| k.comment.as_deref());
            let index = items.indexes["ix_items_user_id_created_at"]
                .comment
                .as_deref();
            let unique = items.uniques["uq_items_user_id_price"].comment.as_deref();
            let objects: Vec<&str> = live
                .objects
                .values()
                .filter(|o| o.table.as_deref() == Some("items"))
                .map(|o| o.definition.as_str())
                .collect();
            match dialect {
                Dialect::Mysql => assert_eq!(
                    (index, unique, key),
                    (
                        Some("A user's items, by date"),
                        Some("One item per price"),
                        Some("An item's own id")
                    )
                ),
                Dialect::Postgres => assert_eq!(
                    objects,
                    [
                        "COMMENT ON CONSTRAINT pk_items ON items IS 'An item''s own id'",
                        "COMMENT ON CONSTRAINT uq_items_user_id_price ON items IS 'One item per price'",
                        "COMMENT ON INDEX ix_items_user_id_created_at IS 'A user''s items, by date'",
                    ]
                ),
                Dialect::Sqlite => assert!(objects.is_empty() && index.is_none() && key.is_none()),
            }
        }
    });
}

/// A user who may not create databases is told to set `dev_url` (PostgreSQL: a role
/// without CREATEDB, created for the test and dropped after).
#[test]
fn scratch_without_the_right_to_create_databases() {
    let Some(test_db) = TestDb::create(Kind::Postgres) else {
        return;
    };
    let role = format!("shale_nocreate_{}", std::process::id());
    test_db.execute(&format!("CREATE ROLE {role} LOGIN NOCREATEDB"));
    let url = url_as(&test_db, &role);
    let result = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(Scratch::create(&url, None));
    test_db.execute(&format!("DROP ROLE {role}"));
    let err = result.expect_err("a role without CREATEDB");
    if let shale::db::DbError::Connect { .. } = err {
        eprintln!("skipped: the server does not let the new role log in: {err}");
        return;
    }
    let message = err.to_string();
    assert!(message.contains("dev_url"), "{message}");
    assert!(message.contains("shale_scratch_"), "{message}");
}

/// The URL of `test_db` (PostgreSQL) as the role `role`: `scheme://role@host:port/db`.
fn url_as(test_db: &TestDb, role: &str) -> DbUrl {
    let server = Kind::Postgres.server_url().unwrap();
    let db_name = test_db.url.rsplit('/').next().unwrap().to_string();
    let (scheme, rest) = server.split_once("://").unwrap();
    let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    DbUrl::parse(&format!("{scheme}://{role}@{host}/{db_name}")).unwrap()
}

/// SQL models with views, functions, a procedure, a trigger, a domain, a sequence, a
/// policy and comments over their tables (PostgreSQL).
const OBJECT_MODELS: &str = "\
CREATE TABLE users (id bigint PRIMARY KEY, name varchar(80) NOT NULL, active boolean NOT NULL,
    updated_at timestamp, score integer);
CREATE VIEW active_users AS SELECT u.id, u.name FROM users u WHERE u.active AND u.score > 1.5;
CREATE VIEW every_user AS SELECT * FROM users;
CREATE FUNCTION user_count() RETURNS bigint LANGUAGE sql STABLE
    AS $$ SELECT count(*) FROM users WHERE active $$;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql
    AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE PROCEDURE deactivate(p_id bigint) LANGUAGE sql
    AS $$ UPDATE users SET active = false WHERE id = p_id $$;
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
CREATE SEQUENCE tickets START WITH 10;
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON users FOR SELECT USING (active);
COMMENT ON VIEW active_users IS 'the active ones';
COMMENT ON FUNCTION user_count() IS 'how many';
";

/// Sets up `test_db` for the tests of objects read without a scratch database: a role
/// that may create schemas in it but not databases (so the models cannot be read on a
/// scratch database as that role), and a live `users` table that another session holds
/// in ACCESS EXCLUSIVE mode (so reading anything of it would wait). Returns the role's
/// URL, or `None` when the server does not let the role log in.
fn without_scratch_databases(
    test_db: &TestDb,
    role: &str,
) -> Option<(DbUrl, shale_testkit::Blocker)> {
    let name = test_db.url.rsplit('/').next().unwrap();
    test_db.execute(&format!("CREATE ROLE {role} LOGIN NOCREATEDB"));
    test_db.execute(&format!("GRANT CREATE ON DATABASE {name} TO {role}"));
    test_db.execute("CREATE TABLE users (id bigint PRIMARY KEY, active boolean)");
    let blocker = test_db.block(
        &["BEGIN", "LOCK TABLE users IN ACCESS EXCLUSIVE MODE"],
        std::time::Duration::from_secs(120),
    );
    let url = url_as(test_db, role);
    let connects = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(Db::connect(&url));
    match connects {
        Ok(db) => {
            drop(db);
            Some((url, blocker))
        }
        Err(err) => {
            eprintln!("skipped: the server does not let the new role log in: {err}");
            None
        }
    }
}

fn drop_role(test_db: &TestDb, role: &str) {
    test_db.execute(&format!("DROP OWNED BY {role}"));
    test_db.execute(&format!("DROP ROLE {role}"));
}

/// On PostgreSQL the objects of SQL models are built in a schema of their own inside a
/// transaction on the target database that is rolled back, not on a scratch database:
/// read by a role that may not create databases, while another session holds the live
/// `users` table exclusively, they come out exactly as inspecting the models applied to
/// a fresh database gives them, and the database keeps no trace of the build.
#[test]
fn objects_are_built_in_a_rolled_back_schema() {
    let (Some(test_db), Some(reference)) = (
        TestDb::create(Kind::Postgres),
        TestDb::create(Kind::Postgres),
    ) else {
        return;
    };
    let role = format!("shale_objects_{}", std::process::id());
    let Some((url, blocker)) = without_scratch_databases(&test_db, &role) else {
        drop_role(&test_db, &role);
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("models.sql");
    std::fs::write(&file, OBJECT_MODELS).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let loaded = runtime.block_on(load_sql_models(std::slice::from_ref(&file), &url, None));
    drop(blocker);
    let left = test_db.column(
        "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'shale\\_%' \
         UNION ALL SELECT relname FROM pg_class WHERE relname IN ('active_users', 'every_user')",
    );
    drop_role(&test_db, &role);
    let (models, _) = loaded.expect("the objects, built without a scratch database");
    assert!(left.is_empty(), "left behind: {left:?}");
    let applied = runtime.block_on(async {
        let url = DbUrl::parse(&reference.url).unwrap();
        let mut db = Db::connect(&url).await.expect("connect");
        apply(&mut db, OBJECT_MODELS).await;
        let schema = inspect(&mut db, &[]).await.expect("inspect");
        db.close().await;
        schema
    });
    let keys = |s: &Schema| s.objects.keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&models), keys(&applied));
    assert_eq!(models.objects.len(), 12, "{:?}", keys(&models));
    for (key, object) in &models.objects {
        assert!(
            object.same_as(&applied.objects[key]),
            "{key}:\n{}\n!=\n{}",
            object.definition,
            applied.objects[key].definition
        );
    }
    let function = models.objects.values().find(|o| o.name == "user_count()");
    assert!(
        function.is_some_and(|f| f.definition.contains("FUNCTION public.user_count()")),
        "{function:?}"
    );
}

/// A model statement that names a schema of the database (`public.users`) is never run
/// there: it would reach the live table (no session holds it here, so running it would
/// succeed). The objects then need a scratch database, which a role that may not create
/// databases is refused.
#[test]
fn objects_naming_a_schema_are_not_built_in_the_database() {
    let Some(test_db) = TestDb::create(Kind::Postgres) else {
        return;
    };
    let role = format!("shale_qualified_{}", std::process::id());
    let Some((url, blocker)) = without_scratch_databases(&test_db, &role) else {
        drop_role(&test_db, &role);
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("models.sql");
    std::fs::write(
        &file,
        "CREATE TABLE users (id bigint PRIMARY KEY, active boolean);\n\
         CREATE VIEW active_users AS SELECT id FROM \"public\" . users WHERE active;\n",
    )
    .unwrap();
    drop(blocker);
    let loaded = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(load_sql_models(std::slice::from_ref(&file), &url, None));
    drop_role(&test_db, &role);
    let message = loaded
        .expect_err("no scratch database for this role")
        .to_string();
    assert!(message.contains("dev_url"), "{message}");
}

/// Rust models declare the tables, an SQL model file the view over one of them
/// (docs/objects.md: a project may use both): the SQL file alone cannot be built (but
/// on SQLite), read with the Rust tables known it gives the view, and not the Rust table again.
#[test]
fn sql_objects_over_rust_tables() {
    let defs = parse_file(
        "#[derive(shale::Model)]\n#[shale(table = \"users\")]\npub struct User {\n    \
         #[shale(primary_key)]\n    pub id: i64,\n    #[shale(max_length = 80)]\n    \
         pub name: String,\n    pub active: bool,\n}\n",
    )
    .expect("models parse");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("objects.sql");
    std::fs::write(
        &file,
        "CREATE VIEW active_users AS SELECT id, name FROM users WHERE active;\n",
    )
    .unwrap();
    let ran = on_each_db(|kind, url| {
        let (file, defs) = (file.clone(), defs.clone());
        async move {
            let files = [file];
            let alone = load_sql_models(&files, &url, None).await;
            // SQLite creates a view over a missing table (it resolves names on use).
            if kind != Kind::Sqlite {
                assert!(alone.is_err(), "{kind:?}: the view needs the table");
            }
            let known = to_schema_with(&defs, url.dialect(), &NamingConvention::default()).unwrap();
            let (schema, _) = load_sql_models_over(&files, &url, None, &known, &[])
                .await
                .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
            assert!(
                schema.objects.values().any(|o| o.name == "active_users"),
                "{kind:?}: {:?}",
                schema.objects
            );
            assert!(!schema.tables.contains_key("users"), "{kind:?}");
        }
    });
    assert!(!ran.is_empty());
}

/// `[models] schemas` on PostgreSQL: the listed schemas are read in the same queries,
/// the connection's own objects keep their bare names (exactly what `inspect` gives),
/// the others are qualified as PostgreSQL folds them, and each other schema is an
/// object; a schema not listed is not read.
#[test]
fn other_postgres_schemas_are_read_qualified() {
    let Some(test_db) = TestDb::create(Kind::Postgres) else {
        return;
    };
    let url = DbUrl::parse(&test_db.url).unwrap();
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let mut db = Db::connect(&url).await.unwrap();
        db.execute(
            "CREATE SCHEMA billing; CREATE SCHEMA \"Ops\"; CREATE SCHEMA unlisted; \
             CREATE TABLE accounts (id bigint PRIMARY KEY); \
             CREATE TYPE billing.status AS ENUM ('a', 'b'); \
             CREATE TABLE billing.invoices (id bigint PRIMARY KEY, \
               account_id bigint REFERENCES accounts (id), status billing.status); \
             CREATE INDEX invoices_account ON billing.invoices (account_id); \
             CREATE TABLE \"Ops\".\"Runs\" (id bigint PRIMARY KEY, \
               invoice_id bigint REFERENCES billing.invoices (id)); \
             CREATE VIEW billing.v AS SELECT id FROM billing.invoices; \
             CREATE TABLE unlisted.t (id int)",
        )
        .await
        .unwrap();
        let only_own = inspect(&mut db, &[]).await.unwrap();
        let schemas: Vec<String> = ["public", "billing", "Ops"].map(String::from).to_vec();
        let all = shale::db::inspect::inspect_schemas(&mut db, &[], &schemas)
            .await
            .unwrap();
        db.close().await;
        let tables: Vec<&str> = all.tables.keys().map(String::as_str).collect();
        assert_eq!(tables, ["Ops.Runs", "accounts", "billing.invoices"]);
        assert_eq!(only_own.tables.keys().collect::<Vec<_>>(), ["accounts"]);
        assert_eq!(only_own.tables["accounts"], all.tables["accounts"]);
        let invoices = &all.tables["billing.invoices"];
        assert_eq!(
            invoices.foreign_keys["invoices_account_id_fkey"].ref_table,
            "accounts"
        );
        assert_eq!(invoices.column("status").unwrap().ty, "billing.status");
        assert!(invoices.indexes.contains_key("invoices_account"));
        let runs = &all.tables["Ops.Runs"];
        assert_eq!(
            runs.foreign_keys["Runs_invoice_id_fkey"].ref_table,
            "billing.invoices"
        );
        assert_eq!(all.enums.keys().collect::<Vec<_>>(), ["billing.status"]);
        let objects: Vec<&str> = all.objects.keys().map(String::as_str).collect();
        assert_eq!(objects, ["schema Ops", "schema billing", "view billing.v"]);
        assert_eq!(
            all.objects["schema Ops"].definition,
            "CREATE SCHEMA \"Ops\""
        );
        assert!(all.objects["view billing.v"]
            .definition
            .starts_with("CREATE VIEW billing.v AS"));
    });
}

/// A table moved into the connection's own schema lands in it whatever that schema is
/// called: the script names it nowhere (here the session's `search_path` is `app`, and
/// `public` exists too), and the downgrade moves it back. PostgreSQL only: the other
/// dialects have one schema per database.
#[test]
fn a_table_moved_into_the_connections_schema_lands_in_it_whatever_its_name() {
    use shale::diff::Change;
    use shale::plan::Plan;
    let Some(test_db) = TestDb::create(Kind::Postgres) else {
        return;
    };
    let url =
        DbUrl::parse(&format!("{}?options=-c%20search_path%3Dapp", test_db.url)).expect("test URL");
    async fn where_is(db: &mut Db, table: &str) -> Vec<String> {
        let sql = format!("SELECT schemaname FROM pg_tables WHERE tablename = '{table}'");
        let rows = db.query(&sql).await.expect("query");
        rows.into_iter()
            .filter_map(|r| r.into_iter().next().flatten())
            .collect()
    }
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(async {
            let mut db = Db::connect(&url).await.expect("connect");
            apply(
                &mut db,
                "CREATE SCHEMA app; CREATE SCHEMA billing; \
                 CREATE TABLE billing.accounts (id bigint PRIMARY KEY);",
            )
            .await;
            let schemas = ["app".to_string(), "billing".to_string()];
            let current = shale::db::inspect::inspect_schemas(&mut db, &[], &schemas)
                .await
                .expect("inspect");
            assert!(
                current.tables.contains_key("billing.accounts"),
                "{current:?}"
            );
            let moved = Change::RenameTable {
                from: "billing.accounts".into(),
                to: "customers".into(),
            };
            let rendered =
                Plan::new(shale::dialect::Dialect::Postgres, current, vec![moved]).render();
            let run = |statements: &[shale::dialect::render::RenderedStatement]| {
                statements.iter().map(|s| s.sql.clone()).collect::<Vec<_>>()
            };
            for sql in run(&rendered.upgrade) {
                assert!(!sql.contains("public") && !sql.contains("app"), "{sql}");
                db.execute(&sql).await.expect("upgrade statement");
            }
            assert_eq!(where_is(&mut db, "customers").await, ["app"]);
            assert!(where_is(&mut db, "accounts").await.is_empty());
            for sql in run(&rendered.downgrade) {
                db.execute(&sql).await.expect("downgrade statement");
            }
            assert_eq!(where_is(&mut db, "accounts").await, ["billing"]);
            assert!(where_is(&mut db, "customers").await.is_empty());
            db.close().await;
        });
}
