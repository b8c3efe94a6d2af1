//! Introspection, scratch databases and SQL models against the real databases: one
//! body per test, run on SQLite, PostgreSQL 15 and MariaDB 10.11 (a server that is not
//! reachable is skipped outside CI, see `shale-testkit`).

use shale::db::inspect::inspect;
use shale::db::Db;

use shale::schema::{Column, PrimaryKey, Schema, Table};
use shale::url::DbUrl;
use shale_testkit::{Kind, TestDb, ALL};
use std::future::Future;
use std::path::PathBuf;

/// Runs `body` on a fresh database of every kind.
fn on_each_db<F, Fut>(body: F)
where
    F: Fn(Kind, DbUrl) -> Fut,
    Fut: Future<Output = ()>,
{
    for kind in ALL {
        let Some(test_db) = TestDb::create(kind) else {
            continue;
        };
        let url = DbUrl::parse(&test_db.url).expect("test URL");
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
            .block_on(body(kind, url));
    }
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
        ty: format!("varchar({n})"),
        nullable,
        default: None,
        autoincrement: false,
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
    assert!(items.column("id").unwrap().autoincrement, "{kind:?}");
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
