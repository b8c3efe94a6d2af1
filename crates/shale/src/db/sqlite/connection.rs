//! [`Connection`]: one SQLite connection driven through the C API on the caller's thread.
//! All of shale's `unsafe` code is in this file.

use super::busy::{ends_transaction, Backoff};
use super::open::OpenParams;
use crate::db::{DbError, Row, SQLITE_BUSY_TIMEOUT};
use crate::url::{redact, DbUrl};
use libsqlite3_sys::{
    sqlite3, sqlite3_busy_timeout, sqlite3_changes64, sqlite3_close, sqlite3_column_bytes,
    sqlite3_column_count, sqlite3_column_text, sqlite3_column_type, sqlite3_errmsg,
    sqlite3_extended_errcode, sqlite3_extended_result_codes, sqlite3_finalize, sqlite3_interrupt,
    sqlite3_open_v2, sqlite3_prepare_v2, sqlite3_reset, sqlite3_step, sqlite3_stmt,
    sqlite3_total_changes64, sqlite3_txn_state, SQLITE_BUSY, SQLITE_DONE,
    SQLITE_LOCKED_SHAREDCACHE, SQLITE_NULL, SQLITE_OK, SQLITE_ROW, SQLITE_TXN_NONE,
};
use std::ffi::{c_int, CStr};
use std::fmt;
use std::ptr::{self, NonNull};
use std::sync::{Arc, Mutex};

/// An open SQLite connection. Closed when dropped.
pub struct Connection {
    db: NonNull<sqlite3>,
    /// The handle for [`Connection::interrupter`]: cleared before the connection closes.
    shared: Arc<Mutex<Option<Handle>>>,
    /// Whether SQLite's own busy handler waits (for [`SQLITE_BUSY_TIMEOUT`]) or returns
    /// `SQLITE_BUSY` at once, leaving the wait to [`Connection::step`].
    handler_waits: bool,
}

// SAFETY: the bundled SQLite is compiled thread-safe (SQLITE_THREADSAFE=1) and the
// connection is opened with SQLITE_OPEN_NOMUTEX ("multi-thread" mode): a connection may be
// used from any thread, one thread at a time. Every call into SQLite takes `&mut self`, so
// one thread at a time is what the borrow checker already enforces.
unsafe impl Send for Connection {}

/// A prepared statement, finalized when dropped (also when an error or a dropped future
/// ends its use early).
struct Statement(NonNull<sqlite3_stmt>);

// SAFETY: as for `Connection`: the statement belongs to a connection that is only used
// through `&mut Connection`, and it never outlives the method that prepared it.
unsafe impl Send for Statement {}

impl Drop for Statement {
    fn drop(&mut self) {
        // SAFETY: the pointer came from a successful sqlite3_prepare_v2 and is finalized
        // only here, once. Its result repeats the last step's error, already reported.
        unsafe { sqlite3_finalize(self.0.as_ptr()) };
    }
}

/// The connection's handle, for `sqlite3_interrupt` from another thread.
struct Handle(NonNull<sqlite3>);

// SAFETY: the handle is only used for sqlite3_interrupt, which SQLite documents as safe to
// call from any thread while the connection is open; `Connection::drop` clears it (under
// the mutex) before closing the connection, so no call can reach a closed one.
unsafe impl Send for Handle {}

impl Drop for Connection {
    fn drop(&mut self) {
        if let Ok(mut shared) = self.shared.lock() {
            shared.take();
        }
        // sqlite3_close (sqlite3_close_v2 is missing from libsqlite3-sys's bundled
        // bindings) refuses only while statements are unfinalized, and every `Statement`
        // is dropped before the method that made it returns.
        // SAFETY: the handle came from sqlite3_open_v2 and is closed only here, once.
        let status = unsafe { sqlite3_close(self.db.as_ptr()) };
        debug_assert_eq!(
            status, SQLITE_OK,
            "SQLite connection closed with open statements"
        );
    }
}

impl fmt::Debug for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("sqlite::Connection").finish_non_exhaustive()
    }
}

/// What one step of a statement gave.
enum Step {
    Row,
    Done,
}

impl Connection {
    /// Connects to a SQLite URL as sqlx did for shale: the file created when missing,
    /// foreign keys enforced, SQLite's busy handler waiting up to [`SQLITE_BUSY_TIMEOUT`].
    pub async fn connect(url: &DbUrl) -> Result<Connection, DbError> {
        let fail = |message: String| DbError::Connect {
            url: url.to_string(),
            message: redact(&message),
        };
        let params = OpenParams::from_url(url.expose()).map_err(fail)?;
        let mut conn = Connection::open(&params).map_err(fail)?;
        conn.execute("PRAGMA foreign_keys = ON")
            .await
            .map_err(|err| fail(err.to_string()))?;
        Ok(conn)
    }

    /// Executes `sql` (one or more statements); returns the rows changed.
    pub async fn execute(&mut self, sql: &str) -> Result<u64, DbError> {
        self.run(sql, None).await
    }

    /// Executes `statements` in order; stops at the first failure and returns its index.
    pub async fn execute_many(&mut self, statements: &[&str]) -> Result<(), (usize, DbError)> {
        self.execute_many_observed(statements, &mut |_| {}).await
    }

    /// [`Connection::execute_many`], calling `done(i)` as statement `i` finishes.
    pub async fn execute_many_observed(
        &mut self,
        statements: &[&str],
        done: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(), (usize, DbError)> {
        for (i, sql) in statements.iter().enumerate() {
            self.run(sql, None).await.map_err(|err| (i, err))?;
            done(i);
        }
        Ok(())
    }

    /// Runs `sql` (one or more statements) and returns the rows of all of them.
    pub async fn query(&mut self, sql: &str) -> Result<Vec<Row>, DbError> {
        let mut rows = Vec::new();
        self.run(sql, Some(&mut rows)).await?;
        Ok(rows)
    }

    /// A function that interrupts whatever this connection is running (`sqlite3_interrupt`:
    /// the statement fails with SQLITE_INTERRUPT and an open transaction rolls back), callable
    /// from any thread, and doing nothing once the connection is closed.
    pub fn interrupter(&self) -> impl Fn() + Send + Sync + 'static {
        let shared = self.shared.clone();
        move || {
            if let Ok(shared) = shared.lock() {
                if let Some(handle) = shared.as_ref() {
                    // SAFETY: see `Handle`: the connection is open while the mutex holds it.
                    unsafe { sqlite3_interrupt(handle.0.as_ptr()) };
                }
            }
        }
    }

    /// Opens the database with extended result codes on and SQLite's busy handler waiting
    /// up to [`SQLITE_BUSY_TIMEOUT`], as sqlx opened it. The error is SQLite's message.
    fn open(params: &OpenParams) -> Result<Connection, String> {
        let mut handle = ptr::null_mut();
        // SAFETY: the file name is a NUL-terminated C string; `handle` receives the new
        // connection, or null when SQLite could not allocate one.
        let status = unsafe {
            sqlite3_open_v2(
                params.filename.as_ptr(),
                &mut handle,
                params.flags,
                ptr::null(),
            )
        };
        let Some(db) = NonNull::new(handle) else {
            return Err("SQLite cannot allocate memory for a connection".to_string());
        };
        // From here on, dropping `conn` closes the handle, also when opening failed.
        let mut conn = Connection {
            db,
            shared: Arc::new(Mutex::new(Some(Handle(db)))),
            handler_waits: false,
        };
        if status != SQLITE_OK {
            return Err(conn.error_text());
        }
        // SAFETY: `db` is an open connection.
        unsafe { sqlite3_extended_result_codes(db.as_ptr(), 1) };
        conn.set_handler_waits(true);
        Ok(conn)
    }

    /// Runs every statement of `sql` in order; the rows of all of them are appended to
    /// `rows` when given. Returns the rows changed by the `INSERT`, `UPDATE` and `DELETE`
    /// statements, summed, as sqlx did.
    async fn run(&mut self, sql: &str, mut rows: Option<&mut Vec<Row>>) -> Result<u64, DbError> {
        let mut changed = 0;
        let mut at = 0;
        while at < sql.len() {
            let (statement, len) = self.prepare(&sql[at..]).await?;
            let text = &sql[at..at + len];
            at += len;
            // Null for white space or a comment after the last statement.
            let Some(mut statement) = statement else {
                if len == 0 {
                    break;
                }
                continue;
            };
            let before = self.total_changes();
            let mut first = true;
            while let Step::Row = self.step(&mut statement, text, first).await? {
                if let Some(rows) = rows.as_deref_mut() {
                    rows.push(row(&statement));
                }
                first = false;
            }
            // sqlite3_changes keeps the count of the last INSERT, UPDATE or DELETE: it
            // belongs to this statement only if the total moved.
            if self.total_changes() != before {
                // SAFETY: `db` is an open connection.
                changed += unsafe { sqlite3_changes64(self.db.as_ptr()) } as u64;
            }
        }
        Ok(changed)
    }

    /// Compiles the first statement of `sql`: the statement (none for a remainder of
    /// white space and comments) and the length of the text it consumed.
    async fn prepare(&mut self, sql: &str) -> Result<(Option<Statement>, usize), DbError> {
        let len = c_int::try_from(sql.len()).map_err(|_| DbError::Statement {
            message: "an SQL text longer than 2 GiB".to_string(),
        })?;
        // Compiling may read the schema, which takes a lock: wait as for a step.
        let mut backoff = None;
        loop {
            let retry = !self.in_transaction();
            self.set_handler_waits(!retry);
            match self.prepare_once(sql, len) {
                Ok(prepared) => return Ok(prepared),
                Err(status) => self.wait_or_fail(status, retry, &mut backoff).await?,
            }
        }
    }

    /// One try of [`Connection::prepare`]; the error is SQLite's result code.
    fn prepare_once(&mut self, sql: &str, len: c_int) -> Result<(Option<Statement>, usize), c_int> {
        let mut statement = ptr::null_mut();
        let mut tail = ptr::null();
        // SAFETY: `sql` is valid for `len` bytes (no NUL terminator is needed when the
        // length is given); SQLite writes the statement (or null) and a pointer into `sql`
        // just past the compiled text.
        let status = unsafe {
            sqlite3_prepare_v2(
                self.db.as_ptr(),
                sql.as_ptr().cast(),
                len,
                &mut statement,
                &mut tail,
            )
        };
        if status != SQLITE_OK {
            return Err(status);
        }
        // SAFETY: on success `tail` points into `sql` or one past its end.
        let used = unsafe { tail.cast::<u8>().offset_from(sql.as_ptr()) } as usize;
        Ok((NonNull::new(statement).map(Statement), used))
    }

    /// Steps `statement` (whose text is `sql`) once. `first`: the statement has not run
    /// yet, so one that found the database locked can be reset and run again; later steps
    /// only read on from the lock the first one took.
    async fn step(
        &mut self,
        statement: &mut Statement,
        sql: &str,
        first: bool,
    ) -> Result<Step, DbError> {
        let retry = first && (!self.in_transaction() || ends_transaction(sql));
        if first {
            self.set_handler_waits(!retry);
        }
        let mut backoff = None;
        loop {
            // SAFETY: `statement` is a live statement of this connection.
            match unsafe { sqlite3_step(statement.0.as_ptr()) } {
                SQLITE_ROW => return Ok(Step::Row),
                SQLITE_DONE => return Ok(Step::Done),
                _ if !first => return Err(self.error()),
                status => {
                    self.wait_or_fail(status, retry, &mut backoff).await?;
                    // SAFETY: as above; resetting rewinds it to run again from the start.
                    unsafe { sqlite3_reset(statement.0.as_ptr()) };
                }
            }
        }
    }

    /// After a failed call that returned `status`: pauses before the call is tried again
    /// when the failure is a lock held elsewhere and waiting is allowed (`retry`; and
    /// always for a table lock of a shared cache, which sqlx waited for too), else the
    /// error. Gives up with SQLite's error once [`SQLITE_BUSY_TIMEOUT`] has passed.
    async fn wait_or_fail(
        &mut self,
        status: c_int,
        retry: bool,
        backoff: &mut Option<Backoff>,
    ) -> Result<(), DbError> {
        let locked = (retry && status & 0xff == SQLITE_BUSY) || status == SQLITE_LOCKED_SHAREDCACHE;
        let err = self.error();
        if !locked {
            return Err(err);
        }
        let pause = backoff
            .get_or_insert_with(|| Backoff::new(SQLITE_BUSY_TIMEOUT))
            .pause();
        match pause {
            Some(pause) => {
                tokio::time::sleep(pause).await;
                Ok(())
            }
            None => Err(err),
        }
    }

    /// Whether a transaction holds a lock on the database (a read or a write one). Not in
    /// one, a busy statement has done nothing and may be run again.
    fn in_transaction(&self) -> bool {
        // SAFETY: `db` is an open connection; a null schema name asks about all of them.
        unsafe { sqlite3_txn_state(self.db.as_ptr(), ptr::null()) != SQLITE_TXN_NONE }
    }

    /// Lets SQLite's busy handler wait (for a statement that cannot be retried) or not.
    fn set_handler_waits(&mut self, waits: bool) {
        if self.handler_waits == waits {
            return;
        }
        let ms = if waits {
            SQLITE_BUSY_TIMEOUT.as_millis() as c_int
        } else {
            0
        };
        // SAFETY: `db` is an open connection. sqlite3_busy_timeout cannot fail.
        unsafe { sqlite3_busy_timeout(self.db.as_ptr(), ms) };
        self.handler_waits = waits;
    }

    fn total_changes(&self) -> i64 {
        // SAFETY: `db` is an open connection.
        unsafe { sqlite3_total_changes64(self.db.as_ptr()) }
    }

    /// The last error as a statement error.
    fn error(&self) -> DbError {
        DbError::Statement {
            message: redact(&self.error_text()),
        }
    }

    /// The last error as sqlx showed it: SQLite's message and the extended result code.
    fn error_text(&self) -> String {
        // SAFETY: `db` is a connection handle (also one whose opening failed); the message
        // is a NUL-terminated string that SQLite owns until the next call, copied at once.
        let (message, code) = unsafe {
            let message = CStr::from_ptr(sqlite3_errmsg(self.db.as_ptr()));
            (
                message.to_string_lossy().into_owned(),
                sqlite3_extended_errcode(self.db.as_ptr()),
            )
        };
        format!("{message} (code {code})")
    }
}

/// The current row of `statement`, every value as SQLite's text for it (`None` for NULL).
fn row(statement: &Statement) -> Row {
    let stmt = statement.0.as_ptr();
    // SAFETY: `stmt` has just returned SQLITE_ROW, so its columns can be read;
    // sqlite3_column_text converts the value in place and sqlite3_column_bytes, called
    // after it as SQLite requires, gives its length. The bytes are copied before the next
    // call on the statement.
    unsafe {
        (0..sqlite3_column_count(stmt))
            .map(|i| {
                if sqlite3_column_type(stmt, i) == SQLITE_NULL {
                    return None;
                }
                let text = sqlite3_column_text(stmt, i);
                let len = sqlite3_column_bytes(stmt, i) as usize;
                // Null for an empty BLOB (or when SQLite is out of memory).
                if text.is_null() {
                    return Some(String::new());
                }
                let bytes = std::slice::from_raw_parts(text, len);
                Some(String::from_utf8_lossy(bytes).into_owned())
            })
            .collect()
    }
}
