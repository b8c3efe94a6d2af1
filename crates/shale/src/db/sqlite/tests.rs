//! shale's SQLite connection against real databases (in memory and in temporary files).

use super::Connection;
use crate::db::DbError;
use crate::url::DbUrl;
use std::path::Path;
use std::time::{Duration, Instant};

async fn connect(url: &str) -> Result<Connection, DbError> {
    Connection::connect(&DbUrl::parse(url).unwrap()).await
}

async fn file(path: &Path) -> Connection {
    connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap()
}

fn message(err: DbError) -> String {
    match err {
        DbError::Statement { message } => message,
        other => panic!("not a statement error: {other}"),
    }
}

/// Waits at most `secs` for `work`: a regression shows up as a failure, not a hang.
async fn within<T>(secs: u64, work: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(secs), work)
        .await
        .expect("timed out")
}

#[tokio::test]
async fn a_failing_statement_is_named_by_index_with_sqlites_message() {
    let mut db = connect("sqlite::memory:").await.unwrap();
    let statements = [
        "CREATE TABLE t (x INTEGER)",
        "INSERT INTO t VALUES (1)",
        "INSERT INTO missing VALUES (1)",
        "INSERT INTO t VALUES (2)",
    ];
    let (index, err) = db.execute_many(&statements).await.unwrap_err();
    assert_eq!(index, 2);
    assert_eq!(message(err), "no such table: missing (code 1)");
    // The statements before it took effect, those after it did not run.
    assert_eq!(
        db.query("SELECT x FROM t").await.unwrap(),
        [[Some("1".to_string())]]
    );
    let err = db
        .execute("INSERT INTO t VALUES (NULL, 1)")
        .await
        .unwrap_err();
    assert_eq!(
        message(err),
        "table t has 1 columns but 2 values were supplied (code 1)"
    );
}

#[tokio::test]
async fn constraint_errors_carry_the_extended_code() {
    let mut db = connect("sqlite::memory:").await.unwrap();
    db.execute(
        "CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (p INTEGER REFERENCES p (id))",
    )
    .await
    .unwrap();
    let err = db.execute("INSERT INTO c VALUES (7)").await.unwrap_err();
    // 787: SQLITE_CONSTRAINT_FOREIGNKEY, foreign keys being enforced as sqlx had them.
    assert_eq!(message(err), "FOREIGN KEY constraint failed (code 787)");
}

#[tokio::test]
async fn rows_come_back_as_sqlites_text() {
    let mut db = connect("sqlite::memory:").await.unwrap();
    let rows = db
        .query("SELECT NULL, 42, -7, 1.5, 2.0, 'text', x'41'")
        .await
        .unwrap();
    let text = |s: &str| Some(s.to_string());
    assert_eq!(
        rows,
        [vec![
            None,
            text("42"),
            text("-7"),
            text("1.5"),
            text("2.0"),
            text("text"),
            text("A")
        ]]
    );
    // The rows of every statement of the text, in order; comments and blank lines after
    // the last statement are not a statement.
    let rows = db
        .query("CREATE TABLE t (x);\nINSERT INTO t VALUES (1), (NULL);\nSELECT x FROM t ORDER BY x;\nSELECT 'end';\n-- done\n")
        .await
        .unwrap();
    assert_eq!(rows, [vec![None], vec![text("1")], vec![text("end")]]);
}

#[tokio::test]
async fn execute_sums_the_rows_changed() {
    let mut db = connect("sqlite::memory:").await.unwrap();
    let sql = "CREATE TABLE t (x INTEGER);
               INSERT INTO t VALUES (1), (2), (3);
               CREATE TABLE u (y INTEGER);
               UPDATE t SET x = x + 10 WHERE x < 3;
               ALTER TABLE u ADD COLUMN z TEXT";
    assert_eq!(db.execute(sql).await.unwrap(), 5);
    assert_eq!(db.execute("DELETE FROM t WHERE x > 100").await.unwrap(), 0);
}

#[tokio::test]
async fn a_missing_directory_is_a_connect_error() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/missing/app.db", dir.path().display());
    match connect(&url).await.unwrap_err() {
        DbError::Connect {
            url: shown,
            message,
        } => {
            assert_eq!(shown, url);
            assert_eq!(message, "unable to open database file (code 14)");
        }
        other => panic!("not a connect error: {other}"),
    }
}

#[tokio::test]
async fn a_missing_file_is_created_with_foreign_keys_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let mut db = file(&path).await;
    assert_eq!(
        db.query("PRAGMA foreign_keys").await.unwrap(),
        [[Some("1".to_string())]]
    );
    db.execute("CREATE TABLE t (x)").await.unwrap();
    assert!(path.exists());
}

/// The deadlock this connection is built to avoid: on a runtime of one thread, a task
/// waiting for the write lock must let the task that holds it run and commit.
#[tokio::test(flavor = "current_thread")]
async fn begin_immediate_waits_for_a_writer_on_the_same_thread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.db");
    let mut holder = file(&path).await;
    let mut waiter = file(&path).await;
    holder
        .execute("CREATE TABLE t (x INTEGER); BEGIN IMMEDIATE; INSERT INTO t VALUES (1)")
        .await
        .unwrap();
    let started = Instant::now();
    let commit = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        holder.execute("COMMIT").await
    });
    within(10, waiter.execute("BEGIN IMMEDIATE")).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(200));
    commit.await.unwrap().unwrap();
    waiter
        .execute("INSERT INTO t VALUES (2); COMMIT")
        .await
        .unwrap();
    assert_eq!(
        waiter.query("SELECT count(*) FROM t").await.unwrap(),
        [[Some("2".to_string())]]
    );
}

/// A `COMMIT` that must wait for a reader to finish waits without holding the thread.
#[tokio::test(flavor = "current_thread")]
async fn commit_waits_for_a_reader_on_the_same_thread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.db");
    let mut writer = file(&path).await;
    let mut reader = file(&path).await;
    writer.execute("CREATE TABLE t (x INTEGER)").await.unwrap();
    // A read transaction: its shared lock keeps the writer from committing.
    reader.query("BEGIN; SELECT count(*) FROM t").await.unwrap();
    writer
        .execute("BEGIN IMMEDIATE; INSERT INTO t VALUES (1)")
        .await
        .unwrap();
    let started = Instant::now();
    let finish_read = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        reader.execute("COMMIT").await
    });
    within(10, writer.execute("COMMIT")).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(200));
    finish_read.await.unwrap().unwrap();
}

/// Eight writers and a reader on one thread and one file, each writer yielding while it
/// holds the write lock: every transaction commits, none waits by holding the thread.
#[tokio::test(flavor = "current_thread")]
async fn tasks_sharing_one_thread_take_turns_at_the_write_lock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.db");
    file(&path)
        .await
        .execute("CREATE TABLE t (writer INTEGER, n INTEGER)")
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for writer in 0..8 {
        let mut db = file(&path).await;
        tasks.push(tokio::spawn(async move {
            for n in 0..25 {
                db.execute(&format!(
                    "BEGIN IMMEDIATE; INSERT INTO t VALUES ({writer}, {n})"
                ))
                .await?;
                tokio::task::yield_now().await;
                db.execute("COMMIT").await?;
            }
            Ok::<_, DbError>(())
        }));
    }
    let mut reader = file(&path).await;
    tasks.push(tokio::spawn(async move {
        for _ in 0..50 {
            reader.query("SELECT count(*) FROM t").await?;
            tokio::task::yield_now().await;
        }
        Ok(())
    }));
    within(60, async {
        for task in tasks {
            task.await.unwrap().unwrap();
        }
    })
    .await;
    assert_eq!(
        file(&path)
            .await
            .query("SELECT count(*) FROM t")
            .await
            .unwrap(),
        [[Some("200".to_string())]]
    );
}

/// Futures of the connection can be spawned on a multi-threaded runtime.
#[test]
fn futures_are_send() {
    fn send<T: Send>(_: T) {}
    let url = DbUrl::parse("sqlite::memory:").unwrap();
    send(Connection::connect(&url));
    send(async {
        let mut db = connect("sqlite::memory:").await.unwrap();
        db.execute_many(&["SELECT 1"]).await.unwrap();
        db.query("SELECT 1").await.unwrap();
    });
}
