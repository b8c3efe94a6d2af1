//! Scratch databases for tests: one uniquely named database per test, dropped afterwards.
//!
//! [`TestDb::create`] gives a fresh database of a [`Kind`]: a temporary SQLite file, or a
//! new database on the local PostgreSQL (`SHALE_TEST_PG`, default
//! `postgres://postgres@127.0.0.1:5432`) or MariaDB (`SHALE_TEST_MYSQL`, default
//! `mysql://root@127.0.0.1:3306`) server. When a server is unreachable the test is skipped
//! with a message saying why — except under CI (`CI` set), where it fails.

use sqlx::{ConnectOptions, Connection};
use std::str::FromStr;
use std::sync::atomic::{AtomicU32, Ordering};

/// The kinds of database a test can run against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
    Mysql,
}

/// Every kind, for tests parameterised over the three databases.
pub const ALL: [Kind; 3] = [Kind::Sqlite, Kind::Postgres, Kind::Mysql];

impl Kind {
    /// A short name for messages and database names.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Sqlite => "sqlite",
            Kind::Postgres => "postgres",
            Kind::Mysql => "mysql",
        }
    }

    /// The server URL without a database (`None` for SQLite).
    pub fn server_url(self) -> Option<String> {
        let (var, default) = match self {
            Kind::Sqlite => return None,
            Kind::Postgres => ("SHALE_TEST_PG", "postgres://postgres@127.0.0.1:5432"),
            Kind::Mysql => ("SHALE_TEST_MYSQL", "mysql://root@127.0.0.1:3306"),
        };
        Some(std::env::var(var).unwrap_or_else(|_| default.to_string()))
    }
}

/// A scratch database, dropped when this value is.
pub struct TestDb {
    pub kind: Kind,
    /// The URL tests pass to shale.
    pub url: String,
    name: String,
    _dir: Option<tempfile::TempDir>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "shale_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        nanos % 100_000
    )
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

impl TestDb {
    /// Creates a fresh database of `kind`, or `None` (after printing why) when its server
    /// is unreachable outside CI.
    pub fn create(kind: Kind) -> Option<TestDb> {
        let name = unique_name();
        let Some(server) = kind.server_url() else {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}", dir.path().join("test.db").display());
            return Some(TestDb {
                kind,
                url,
                name,
                _dir: Some(dir),
            });
        };
        match runtime().block_on(admin(kind, &server, &format!("CREATE DATABASE {name}"))) {
            Ok(()) => Some(TestDb {
                kind,
                url: format!("{server}/{name}"),
                name,
                _dir: None,
            }),
            Err(e) if std::env::var_os("CI").is_none() => {
                eprintln!(
                    "skipped: {} server not reachable at {server}: {e}",
                    kind.name()
                );
                None
            }
            Err(e) => panic!(
                "{} server not reachable at {server} under CI: {e}",
                kind.name()
            ),
        }
    }

    /// Runs one statement on this database and returns the rows, every value as text.
    pub fn query(&self, sql: &str) -> Vec<Vec<Option<String>>> {
        let url = match self.kind {
            Kind::Sqlite => format!("{}?mode=rwc", self.url),
            _ => self.url.clone(),
        };
        runtime()
            .block_on(query(self.kind, &url, sql))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// Runs one statement on this database.
    pub fn execute(&self, sql: &str) {
        self.query(sql);
    }

    /// Whether the table exists.
    pub fn has_table(&self, table: &str) -> bool {
        let sql = match self.kind {
            Kind::Sqlite => format!("SELECT name FROM sqlite_master WHERE type='table' AND name='{table}'"),
            Kind::Postgres => format!("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename = '{table}'"),
            Kind::Mysql => format!("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '{table}'"),
        };
        !self.query(&sql).is_empty()
    }

    /// Whether `table` has a column `column`.
    pub fn has_column(&self, table: &str, column: &str) -> bool {
        let sql = match self.kind {
            Kind::Sqlite => format!("SELECT name FROM pragma_table_info('{table}') WHERE name = '{column}'"),
            Kind::Postgres => format!("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{table}' AND column_name = '{column}'"),
            Kind::Mysql => format!("SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '{table}' AND column_name = '{column}'"),
        };
        !self.query(&sql).is_empty()
    }

    /// The first column of every row, as strings (NULL as "NULL").
    pub fn column(&self, sql: &str) -> Vec<String> {
        self.query(sql)
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .next()
                    .flatten()
                    .unwrap_or_else(|| "NULL".into())
            })
            .collect()
    }
}

/// Another session holding locks: a connection that ran some statements in an open
/// transaction and keeps it open until `release_after` passes or this value is dropped,
/// then rolls it back.
pub struct Blocker {
    stop: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Blocker {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl TestDb {
    /// Runs `statements` (the first usually `BEGIN`) on a connection of its own and holds
    /// that session — its transaction and locks — for `release_after`, or until the
    /// returned [`Blocker`] is dropped. Returns once the statements have run.
    pub fn block(&self, statements: &[&str], release_after: std::time::Duration) -> Blocker {
        let (kind, url) = (self.kind, self.url.clone());
        let statements: Vec<String> = statements.iter().map(|s| s.to_string()).collect();
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            runtime().block_on(async move {
                macro_rules! hold {
                    ($opts:ty) => {{
                        let mut conn = <$opts>::from_str(&url)
                            .expect("url")
                            .disable_statement_logging()
                            .connect()
                            .await
                            .expect("blocker connects");
                        for sql in &statements {
                            sqlx::raw_sql(sql)
                                .execute(&mut conn)
                                .await
                                .unwrap_or_else(|e| panic!("{sql}: {e}"));
                        }
                        let _ = ready_tx.send(());
                        let _ = tokio::task::spawn_blocking(move || {
                            stop_rx.recv_timeout(release_after)
                        })
                        .await;
                        let _ = sqlx::raw_sql("ROLLBACK").execute(&mut conn).await;
                        let _ = conn.close().await;
                    }};
                }
                match kind {
                    Kind::Sqlite => hold!(sqlx::sqlite::SqliteConnectOptions),
                    Kind::Postgres => hold!(sqlx::postgres::PgConnectOptions),
                    Kind::Mysql => hold!(sqlx::mysql::MySqlConnectOptions),
                }
            })
        });
        ready_rx
            .recv_timeout(std::time::Duration::from_secs(30))
            .expect("the blocker took its locks");
        Blocker {
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }
}

/// A session writing continuously: each statement of [`TestDb::write`] timed; stopped
/// by [`Writer::stop`], which gives the longest write and how many there were.
pub struct Writer {
    stop: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<(std::time::Duration, u64, Option<String>)>>,
}

impl Writer {
    /// Stops the writes; returns the longest one, their count, and the first error.
    pub fn stop(mut self) -> (std::time::Duration, u64, Option<String>) {
        drop(self.stop.take());
        self.thread
            .take()
            .expect("running")
            .join()
            .expect("the writer thread ends")
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl TestDb {
    /// Runs `write(n)` for n = 0, 1, … on a connection of its own (autocommit), one after
    /// the other, until the returned [`Writer`] is stopped, timing each: the longest is
    /// how long a writer stalled. MySQL/MariaDB only (a write that must not queue behind
    /// a DDL statement's metadata-lock wait).
    pub fn write(&self, write: impl Fn(u64) -> String + Send + 'static) -> Writer {
        assert_eq!(self.kind, Kind::Mysql, "Writer runs on MySQL/MariaDB");
        let url = self.url.clone();
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            runtime().block_on(async move {
                let mut conn = sqlx::mysql::MySqlConnectOptions::from_str(&url)
                    .expect("url")
                    .disable_statement_logging()
                    .connect()
                    .await
                    .expect("writer connects");
                let _ = ready_tx.send(());
                let (mut longest, mut count, mut error) = (std::time::Duration::ZERO, 0, None);
                while let Err(std::sync::mpsc::TryRecvError::Empty) = stop_rx.try_recv() {
                    let sql = write(count);
                    let start = std::time::Instant::now();
                    if let Err(e) = sqlx::raw_sql(&sql).execute(&mut conn).await {
                        error.get_or_insert(format!("{sql}: {e}"));
                    }
                    longest = longest.max(start.elapsed());
                    count += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                }
                let _ = conn.close().await;
                (longest, count, error)
            })
        });
        ready_rx
            .recv_timeout(std::time::Duration::from_secs(30))
            .expect("the writer connected");
        Writer {
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(server) = self.kind.server_url() {
            let sql = match self.kind {
                Kind::Postgres => format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
                _ => format!("DROP DATABASE IF EXISTS {}", self.name),
            };
            let _ = runtime().block_on(admin(self.kind, &server, &sql));
        }
    }
}

async fn admin(kind: Kind, server: &str, sql: &str) -> Result<(), sqlx::Error> {
    let url = match kind {
        Kind::Postgres => format!("{server}/postgres"),
        _ => server.to_string(),
    };
    query(kind, &url, sql).await.map(|_| ())
}

async fn query(kind: Kind, url: &str, sql: &str) -> Result<Vec<Vec<Option<String>>>, sqlx::Error> {
    use sqlx::Row;
    macro_rules! run {
        ($opts:ty) => {{
            let mut conn = <$opts>::from_str(url)?
                .disable_statement_logging()
                .connect()
                .await?;
            let rows = sqlx::raw_sql(sql).fetch_all(&mut conn).await?;
            let out = rows
                .iter()
                .map(|r| {
                    (0..r.len())
                        .map(|i| r.try_get_unchecked::<Option<String>, _>(i))
                        .collect::<Result<Vec<_>, _>>()
                })
                .collect::<Result<Vec<_>, _>>()?;
            let _ = conn.close().await;
            Ok(out)
        }};
    }
    match kind {
        Kind::Sqlite => run!(sqlx::sqlite::SqliteConnectOptions),
        Kind::Postgres => run!(sqlx::postgres::PgConnectOptions),
        Kind::Mysql => run!(sqlx::mysql::MySqlConnectOptions),
    }
}
