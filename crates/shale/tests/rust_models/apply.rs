//! The mapped schema on real databases: the library's own diff and renderer create the
//! models' tables from nothing, the tables are used, and the downgrade drops them again.
//! This proves that every mapped type, default, key and constraint is valid DDL on each
//! dialect.

use shale::dialect::render::render;
use shale::dialect::Dialect;
use shale::diff::{diff, DiffOptions};
use shale::models::{to_schema, ModelDef};
use shale::plan::reverse_changes;
use shale::schema::Schema;
use sqlx::{Connection, Database, Executor, Row};

/// The upgrade and downgrade statements taking an empty database to the models.
fn statements(defs: &[ModelDef], dialect: Dialect) -> (Vec<String>, Vec<String>) {
    let desired = to_schema(defs, dialect).expect("the models map");
    let empty = Schema::default();
    let changes = diff(&empty, &desired, &DiffOptions::default()).changes;
    let sql =
        |s: Vec<shale::dialect::render::RenderedStatement>| s.into_iter().map(|s| s.sql).collect();
    let upgrade = sql(render(dialect, &empty, &changes));
    let downgrade = sql(render(dialect, &desired, &reverse_changes(&changes)));
    (upgrade, downgrade)
}

async fn run<DB>(conn: &mut DB::Connection, dialect: Dialect, sql: &str) -> Result<(), String>
where
    DB: Database,
    for<'e> &'e mut DB::Connection: Executor<'e, Database = DB>,
{
    sqlx::raw_sql(sql)
        .execute(&mut *conn)
        .await
        .map(drop)
        .map_err(|e| format!("{dialect}: {e}\nin: {sql}"))
}

/// Upgrades, uses the tables (two users get distinct automatic ids and the server
/// default, an item references one of them), then downgrades.
async fn exercise<DB>(
    conn: &mut DB::Connection,
    defs: &[ModelDef],
    dialect: Dialect,
) -> Result<(), String>
where
    DB: Database,
    for<'e> &'e mut DB::Connection: Executor<'e, Database = DB>,
    String: sqlx::Type<DB> + for<'r> sqlx::Decode<'r, DB>,
    usize: sqlx::ColumnIndex<DB::Row>,
{
    let (upgrade, downgrade) = statements(defs, dialect);
    let uses = [
        "INSERT INTO users (email) VALUES ('ada@example.com')",
        "INSERT INTO users (email) VALUES ('bob@example.com')",
        "INSERT INTO items (user_id, title, created_at) SELECT id, 'first', CURRENT_TIMESTAMP FROM users",
        "INSERT INTO order_lines (id, price, qty) VALUES (1, 3, 4)",
    ];
    for sql in upgrade.iter().map(String::as_str).chain(uses) {
        run::<DB>(conn, dialect, sql).await?;
    }
    let check = "SELECT u.timezone FROM users u JOIN items i ON i.user_id = u.id WHERE u.email = 'bob@example.com'";
    let row = sqlx::raw_sql(check)
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| e.to_string())?;
    let timezone: String = row.try_get(0).map_err(|e| e.to_string())?;
    if timezone != "UTC" {
        return Err(format!(
            "{dialect}: the server default gave {timezone:?}, not \"UTC\""
        ));
    }
    // The generated columns computed their values.
    let computed = "SELECT CASE WHEN total = 12 AND double_price = 6 THEN 'computed' ELSE 'wrong' END FROM order_lines";
    let row = sqlx::raw_sql(computed)
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| e.to_string())?;
    let computed: String = row.try_get(0).map_err(|e| e.to_string())?;
    if computed != "computed" {
        return Err(format!("{dialect}: the generated columns are {computed}"));
    }
    for sql in &downgrade {
        run::<DB>(conn, dialect, sql).await?;
    }
    Ok(())
}

/// Runs [`exercise`] on an in-memory SQLite database.
pub async fn on_sqlite(defs: &[ModelDef]) {
    let mut conn = sqlx::SqliteConnection::connect("sqlite::memory:")
        .await
        .unwrap();
    conn.execute("PRAGMA foreign_keys = ON").await.unwrap();
    exercise::<sqlx::Sqlite>(&mut conn, defs, Dialect::Sqlite)
        .await
        .unwrap();
    let left = sqlx::query_scalar::<_, i64>(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(left, 0, "the downgrade drops every table");
}

/// A database name no other test run uses.
fn scratch_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!("shale_models_{}_{nanos}", std::process::id())
}

/// The URL of database `name` on the server of `admin_url`.
fn with_database(admin_url: &str, name: &str) -> String {
    let (server, _) = admin_url
        .rsplit_once('/')
        .expect("a server URL ends with /database");
    format!("{server}/{name}")
}

/// Runs [`exercise`] in a scratch PostgreSQL database, dropped afterwards.
pub async fn on_postgres(defs: &[ModelDef]) {
    let admin_url = std::env::var("SHALE_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let name = scratch_name();
    let mut admin = sqlx::PgConnection::connect(&admin_url)
        .await
        .expect("PostgreSQL is reachable");
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    let mut conn = sqlx::PgConnection::connect(&with_database(&admin_url, &name))
        .await
        .unwrap();
    let result = exercise::<sqlx::Postgres>(&mut conn, defs, Dialect::Postgres).await;
    conn.close().await.unwrap();
    admin
        .execute(format!("DROP DATABASE {name}").as_str())
        .await
        .unwrap();
    result.unwrap();
}

/// Runs [`exercise`] in a scratch MySQL/MariaDB database, dropped afterwards.
pub async fn on_mysql(defs: &[ModelDef]) {
    let admin_url = std::env::var("SHALE_TEST_MYSQL_URL")
        .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/mysql".into());
    let name = scratch_name();
    let mut admin = sqlx::MySqlConnection::connect(&admin_url)
        .await
        .expect("MySQL is reachable");
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    let mut conn = sqlx::MySqlConnection::connect(&with_database(&admin_url, &name))
        .await
        .unwrap();
    let result = exercise::<sqlx::MySql>(&mut conn, defs, Dialect::Mysql).await;
    conn.close().await.unwrap();
    admin
        .execute(format!("DROP DATABASE {name}").as_str())
        .await
        .unwrap();
    result.unwrap();
}
