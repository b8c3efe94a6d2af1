//! [`Db`]: the one driver seam — a connection to SQLite, PostgreSQL or MySQL/MariaDB that
//! executes statements and fetches rows as text.

use super::sqlite;
use crate::dialect::Dialect;
use crate::url::{redact, DbUrl};
use futures_util::StreamExt;
use sqlx::mysql::{MySqlConnectOptions, MySqlConnection};
use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::sqlite::SqliteConnection;
use sqlx::{ConnectOptions, Connection, Executor};
use std::str::FromStr;
use std::time::Duration;

/// A row of a query result, every value as text (`None` for NULL).
pub type Row = Vec<Option<String>>;

/// How long a SQLite connection waits for another writer before giving up.
pub(super) const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(120);

/// Errors from connecting to or talking to a database. Messages never contain a password.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot connect to {url}: {message}")]
    Connect { url: String, message: String },
    #[error("{message}")]
    Statement { message: String },
}

impl DbError {
    fn statement(err: sqlx::Error) -> Self {
        DbError::Statement {
            message: describe(&err),
        }
    }
}

/// The database's own message for an sqlx error, without sqlx's wrapping and without passwords.
pub(super) fn describe(err: &sqlx::Error) -> String {
    let text = match err {
        // MySQL's own error number (1205 ER_LOCK_WAIT_TIMEOUT) says more than its SQLSTATE
        // (HY000 for most errors), and is what the server's documentation lists.
        sqlx::Error::Database(db) => match db.try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>()
        {
            Some(my) => format!("{} (code {})", my.message(), my.number()),
            None => match db.code() {
                Some(code) => format!("{} (code {code})", db.message()),
                None => db.message().to_string(),
            },
        },
        other => other.to_string(),
    };
    redact(&text)
}

/// An open connection to one database.
#[derive(Debug)]
pub enum Db {
    /// SQLite opened from a URL, by shale's own connection.
    Sqlite(sqlite::Connection),
    /// SQLite through sqlx: a connection made from an application pool's options.
    SqliteSqlx(SqliteConnection),
    Postgres(PgConnection),
    Mysql(MySqlConnection),
}

impl Db {
    /// Connects to `url`. A SQLite file is created when missing, as SQLAlchemy does.
    pub async fn connect(url: &DbUrl) -> Result<Db, DbError> {
        let fail = |err: sqlx::Error| DbError::Connect {
            url: url.to_string(),
            message: describe(&err),
        };
        let db = match url.dialect() {
            Dialect::Sqlite => Db::Sqlite(sqlite::Connection::connect(url).await?),
            Dialect::Postgres => {
                let mut opts = PgConnectOptions::from_str(url.expose())
                    .map_err(fail)?
                    .disable_statement_logging();
                // Named, so that a run waiting for the migration lock can say who holds it.
                if opts.get_application_name().is_none() {
                    opts = opts.application_name("shale");
                }
                let mut conn = opts.connect().await.map_err(fail)?;
                conn.execute(sqlx::raw_sql("SET client_min_messages = warning"))
                    .await
                    .map_err(fail)?;
                Db::Postgres(conn)
            }
            Dialect::Mysql => {
                let opts = MySqlConnectOptions::from_str(url.expose())
                    .map_err(fail)?
                    .disable_statement_logging();
                Db::Mysql(opts.connect().await.map_err(fail)?)
            }
        };
        Ok(db)
    }

    /// The dialect of this connection.
    pub fn dialect(&self) -> Dialect {
        match self {
            Db::Sqlite(_) | Db::SqliteSqlx(_) => Dialect::Sqlite,
            Db::Postgres(_) => Dialect::Postgres,
            Db::Mysql(_) => Dialect::Mysql,
        }
    }

    /// Executes one statement; returns the number of rows affected.
    pub async fn execute(&mut self, sql: &str) -> Result<u64, DbError> {
        // `Executor::execute` (a boxed `Send` future) rather than `RawSql::execute` (an
        // `async fn` generic over the executor): with the latter, rustc cannot prove that
        // the futures of this crate are `Send`, and `tokio::spawn` refuses them
        // (sqlx issue #3150).
        let q = sqlx::raw_sql(sql);
        let n = match self {
            Db::Sqlite(c) => return c.execute(sql).await,
            Db::SqliteSqlx(c) => c.execute(q).await.map(|r| r.rows_affected()),
            Db::Postgres(c) => c.execute(q).await.map(|r| r.rows_affected()),
            Db::Mysql(c) => c.execute(q).await.map(|r| r.rows_affected()),
        };
        n.map_err(DbError::statement)
    }

    /// Executes `statements` in order: through sqlx as one multi-statement text (one
    /// hand-over to sqlx's SQLite worker, one round trip to PostgreSQL), on MySQL and on
    /// shale's SQLite connection one at a time. Stops at the first failure and returns its
    /// index with the error: the statements before it took effect.
    pub async fn execute_many(&mut self, statements: &[&str]) -> Result<(), (usize, DbError)> {
        self.execute_many_observed(statements, &mut |_| {}).await
    }

    /// [`Db::execute_many`], calling `done(i)` as statement `i` finishes — as its result
    /// arrives, without a round trip of its own: on PostgreSQL the server sends a
    /// statement's result when it flushes its output (a notice flushes it).
    pub async fn execute_many_observed(
        &mut self,
        statements: &[&str],
        done_with: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(), (usize, DbError)> {
        match self {
            Db::Sqlite(c) => return c.execute_many_observed(statements, done_with).await,
            Db::Mysql(_) => {
                for (i, stmt) in statements.iter().enumerate() {
                    self.execute(stmt).await.map_err(|e| (i, e))?;
                    done_with(i);
                }
                return Ok(());
            }
            Db::SqliteSqlx(_) | Db::Postgres(_) => {}
        }
        // One text: statements are joined on lines of their own, so that a trailing `--`
        // comment cannot swallow the separator.
        const SEPARATOR: &str = "\n;\n";
        let sql = statements.join(SEPARATOR);
        let q = sqlx::raw_sql(&sql);
        let mut stream = match self {
            Db::SqliteSqlx(c) => c.fetch_many(q).map(|r| r.map(|e| e.is_left())).boxed(),
            Db::Postgres(c) => c.fetch_many(q).map(|r| r.map(|e| e.is_left())).boxed(),
            Db::Sqlite(_) | Db::Mysql(_) => unreachable!("handled above"),
        };
        // Each statement that ran ends its results with one `QueryResult` (a `Left`).
        let mut done = 0;
        while let Some(item) = stream.next().await {
            let err = match item {
                Ok(finished) => {
                    if finished {
                        done_with(done);
                        done += 1;
                    }
                    continue;
                }
                Err(err) => err,
            };
            // PostgreSQL parses the whole text before running any of it: an error with a
            // position (a syntax error, an unknown name) names its statement by where it
            // is; one without (and any on SQLite, which prepares each statement when it
            // comes to it) names the statement after those that finished.
            let at = pg_error_position(&err)
                .map(|chars| statement_at(statements, SEPARATOR, chars))
                .unwrap_or(done);
            let last = statements.len().saturating_sub(1);
            return Err((at.min(last), DbError::statement(err)));
        }
        Ok(())
    }

    /// Runs one query and returns its rows, every value as text.
    pub async fn query(&mut self, sql: &str) -> Result<Vec<Row>, DbError> {
        let q = sqlx::raw_sql(sql);
        match self {
            Db::Sqlite(c) => c.query(sql).await,
            Db::SqliteSqlx(c) => rows_as_text(c.fetch_all(q).await),
            Db::Postgres(c) => rows_as_text(c.fetch_all(q).await),
            Db::Mysql(c) => rows_as_text(c.fetch_all(q).await),
        }
    }

    /// Closes the connection cleanly.
    pub async fn close(self) {
        let _ = match self {
            Db::Sqlite(c) => {
                drop(c);
                Ok(())
            }
            Db::SqliteSqlx(c) => c.close().await,
            Db::Postgres(c) => c.close().await,
            Db::Mysql(c) => c.close().await,
        };
    }
}

/// The 1-based character position PostgreSQL gives for an error in the query text.
fn pg_error_position(err: &sqlx::Error) -> Option<usize> {
    let db = err.as_database_error()?;
    let pg = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>()?;
    match pg.position()? {
        sqlx::postgres::PgErrorPosition::Original(chars) => Some(chars),
        _ => None,
    }
}

/// The index of the statement holding the 1-based character `position` of
/// `statements.join(separator)`.
fn statement_at(statements: &[&str], separator: &str, position: usize) -> usize {
    let separator = separator.chars().count();
    let mut end = 0;
    for (i, stmt) in statements.iter().enumerate() {
        end += stmt.chars().count() + separator;
        if position <= end {
            return i;
        }
    }
    statements.len().saturating_sub(1)
}

fn rows_as_text<R>(rows: Result<Vec<R>, sqlx::Error>) -> Result<Vec<Row>, DbError>
where
    R: sqlx::Row,
    for<'r> Option<String>: sqlx::Decode<'r, R::Database>,
    usize: sqlx::ColumnIndex<R>,
{
    let rows = rows.map_err(DbError::statement)?;
    rows.iter()
        .map(|row| {
            (0..row.len())
                .map(|i| row.try_get_unchecked::<Option<String>, _>(i))
                .collect::<Result<Row, _>>()
                .map_err(DbError::statement)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::statement_at;

    #[test]
    fn error_positions_name_their_statement() {
        let statements = ["CREATE TABLE a (x INT)", "CREATE TABLE b (,)", "SELECT 1"];
        let joined = statements.join("\n;\n");
        let at = |needle: &str| joined.find(needle).unwrap() + 1;
        assert_eq!(statement_at(&statements, "\n;\n", 1), 0);
        assert_eq!(statement_at(&statements, "\n;\n", at("a (x")), 0);
        assert_eq!(statement_at(&statements, "\n;\n", at("(,)") + 1), 1);
        assert_eq!(statement_at(&statements, "\n;\n", at("SELECT")), 2);
        assert_eq!(statement_at(&statements, "\n;\n", 10_000), 2);
    }
}
