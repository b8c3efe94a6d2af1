//! Statements marked `-- shale:repeat-until-zero`: run again until a pass changes no row.
//!
//! A backfill of a large table in one `UPDATE` holds the lock of every row it changes
//! until it ends, and writes all of its WAL/binlog at once. In batches — each pass changes
//! at most N rows and picks only rows still to do (`… WHERE col IS NULL LIMIT N`) — each
//! pass outside a transaction commits by itself, so writers wait at most for one batch.
//! The statement must make itself stop: each pass must change rows so that the next pass
//! no longer picks them.

use crate::dialect::Dialect;

/// What `--sql` writes above a repeated statement where no loop can be written.
pub const BY_HAND: &str =
    "shale:repeat-until-zero: shale runs the next statement until it changes no row; \
     by hand, run it again until it reports 0 rows affected";

/// The passes of a repeated statement so far.
#[derive(Debug, Default, Clone, Copy)]
pub struct Passes {
    pub count: u64,
    pub rows: u64,
    /// The batch size: the statement's last `LIMIT n`, else the most rows one pass
    /// changed.
    limit: Option<u64>,
    most: u64,
    /// The last pass's rows, and how many passes in a row changed exactly that many.
    last: u64,
    same: u32,
}

/// Passes in a row that change the same number of rows, fewer than a full batch, after
/// which the statement is taken to change the same rows over and over.
const STUCK_AFTER: u32 = 3;

impl Passes {
    /// The passes of `sql`, whose batch size is its last `LIMIT n` if it has one.
    pub fn of(sql: &str) -> Passes {
        let words: Vec<&str> = sql
            .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
            .filter(|w| !w.is_empty())
            .collect();
        let limit = words
            .windows(2)
            .rev()
            .find(|w| w[0].eq_ignore_ascii_case("limit"))
            .and_then(|w| w[1].parse().ok());
        Passes {
            limit,
            ..Passes::default()
        }
    }

    /// Records a pass that changed `rows` (> 0) rows. An error when the statement is not
    /// making progress: a pass that changes fewer rows than a full batch is the last
    /// batch, so several such passes in a row changing the same count are the same rows
    /// again (e.g. a backfill value that is NULL for some rows).
    pub fn record(&mut self, rows: u64) -> Result<(), String> {
        self.count += 1;
        self.rows += rows;
        self.same = if rows == self.last { self.same + 1 } else { 1 };
        self.last = rows;
        self.most = self.most.max(rows);
        let partial = rows < self.limit.unwrap_or(self.most);
        if partial && self.same >= STUCK_AFTER {
            return Err(format!(
                "the statement marked `-- shale:repeat-until-zero` changed {rows} row(s) on \
                 {STUCK_AFTER} passes in a row, fewer than a full batch: it keeps changing the \
                 same rows and would never stop. Its changes must take rows out of its own \
                 condition (for a backfill: a value that is never NULL)."
            ));
        }
        Ok(())
    }
}

/// The statement as a loop that replays the repetition by hand (`--sql`), where the
/// dialect has one: a PostgreSQL `DO` block that runs it until it changes no row —
/// committing each pass when it runs outside a transaction (PostgreSQL 11+ allows
/// `COMMIT` in a `DO` block run outside a transaction block).
pub fn replayable(dialect: Dialect, sql: &str, in_transaction: bool) -> Option<String> {
    if dialect != Dialect::Postgres || sql.contains("$shale$") {
        return None;
    }
    let commit = if in_transaction { "" } else { " COMMIT;" };
    Some(format!(
        "-- shale:repeat-until-zero, as a loop\nDO $shale$ BEGIN LOOP\n{sql};\nEXIT WHEN NOT FOUND;{commit}\nEND LOOP; END $shale$"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_batches_then_a_last_one_is_progress() {
        let mut p = Passes::default();
        for rows in [100, 100, 100, 100, 37] {
            p.record(rows).unwrap();
        }
        assert_eq!((p.count, p.rows), (5, 437));
    }

    #[test]
    fn the_same_partial_batch_again_and_again_is_stuck() {
        let mut p = Passes::of("UPDATE t SET c = NULL WHERE c IS NULL LIMIT 10");
        assert_eq!(p.limit, Some(10));
        p.record(3).unwrap();
        p.record(3).unwrap();
        assert!(p.record(3).is_err());
        let mut p = Passes::default();
        p.record(100).unwrap();
        p.record(7).unwrap();
        p.record(7).unwrap();
        assert!(p.record(7).unwrap_err().contains("never stop"));
    }

    #[test]
    fn postgres_replays_as_a_do_loop() {
        let sql = "UPDATE t SET c = 1 WHERE ctid IN (SELECT ctid FROM t WHERE c IS NULL LIMIT 10)";
        let block = replayable(Dialect::Postgres, sql, false).unwrap();
        assert!(block.contains("EXIT WHEN NOT FOUND; COMMIT;"), "{block}");
        assert!(!replayable(Dialect::Postgres, sql, true)
            .unwrap()
            .contains("COMMIT"));
        assert_eq!(replayable(Dialect::Mysql, sql, false), None);
    }
}
