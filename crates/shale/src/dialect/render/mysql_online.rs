//! MySQL/MariaDB's online form: each `ALTER` says how it must run, so that the server
//! refuses it (changing nothing) rather than silently copying the table and blocking writes.
//!
//! The clauses are written only where InnoDB supports them for the change whatever the
//! table holds, on MySQL 8.0.12+ and MariaDB 10.3+ (MySQL docs, "Online DDL Operations";
//! MariaDB docs, "InnoDB Online DDL Operations with the INSTANT Alter Algorithm"), and are
//! tested on MariaDB:
//!
//! * `ALGORITHM=INSTANT` — adding a column (at the end) without `AUTO_INCREMENT` and with
//!   no default or a literal one (an expression default such as `(uuid())` is not instant);
//! * `ALGORITHM=INPLACE, LOCK=NONE` — adding and dropping secondary indexes and unique
//!   constraints, dropping a foreign key, adding a primary key, changing a column's
//!   default or making it nullable;
//! * `LOCK=NONE` alone — dropping a column (not one of the primary key): MariaDB then drops
//!   it instantly, MySQL in place; MySQL refuses `ALGORITHM=INSTANT` with any `LOCK`;
//! * `ALGORITHM=INPLACE, LOCK=NONE` — moving a column (`MODIFY COLUMN … FIRST | AFTER c`;
//!   MariaDB 10.4+ moves it instantly, MySQL rebuilds the table in place) and an index,
//!   unique key or primary key dropped and added again in one `ALTER` (its comment
//!   changes; MariaDB changes only the metadata) — `LOCK=SHARED` where the table has a
//!   FULLTEXT index, which InnoDB rebuilds only with writes blocked; a table with a
//!   generated column or a long unique key (MariaDB's hidden hash column) is copied, as
//!   InnoDB moves no column of such a table in place.
//!
//! A revision's DDL runs after `SET SESSION lock_wait_timeout` (whole seconds, at least one:
//! the online lock timeout rounded up), so that an `ALTER` waiting for a metadata lock behind
//! a long transaction fails instead of making every query on the table wait behind it;
//! `SET SESSION lock_wait_timeout = DEFAULT` ends the revision.
//!
//! A foreign key is added in place with `foreign_key_checks` off, then checked by a
//! procedure that fails the revision on a row without a parent ([`foreign_key_in_place`]).
//!
//! A check is added through a shadow table where that is safe ([`super::mysql_shadow`]).
//! Where only a copying `ALTER` exists — adding a check otherwise, changing a column's type,
//! collation or `AUTO_INCREMENT`, dropping the primary key — a `-- NOTE:` above the
//! statement says so. Everything else is written plainly:
//! the server picks its least locking algorithm by itself.

use super::renderer::Online;
use super::RenderedStatement;
use crate::diff::Change;
use crate::schema::{Column, Family, ForeignKey, Schema, UniqueConstraint};

const INPLACE: &str = ", ALGORITHM=INPLACE, LOCK=NONE";

/// `statements`, the plain rendering of `change` on `state`, in the online form.
pub(super) fn online(
    change: &Change,
    state: &Schema,
    statements: Vec<String>,
    triggered: &[String],
) -> Vec<RenderedStatement> {
    let mut no_shadow = None;
    if let Change::AddCheck { table, check } = change {
        match super::mysql_shadow::add_check(table, check, state, &statements, triggered) {
            Ok(shadow) => return shadow,
            Err(why) => no_shadow = Some(why),
        }
    }
    let mut out: Vec<RenderedStatement> = statements
        .into_iter()
        .map(|sql| RenderedStatement { sql, comment: None })
        .collect();
    let Some(first) = out.first_mut() else {
        return out;
    };
    let table = change.table().unwrap_or_default();
    let copies = |what: &str| {
        Some(format!(
            "-- NOTE: MySQL/MariaDB {what} with a copying ALTER (ALGORITHM=COPY): writes to {table}\n\
             -- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change."
        ))
    };
    match change {
        Change::AddColumn { column, .. } if instant_column(column) => {
            first.sql.push_str(", ALGORITHM=INSTANT");
        }
        Change::AddColumn { column, .. } if column.generated.is_some() => {
            first.comment = copies("add a stored generated column");
        }
        // InnoDB builds a FULLTEXT or SPATIAL index in place, but only with writes
        // blocked (LOCK=SHARED); it refuses LOCK=NONE.
        Change::AddIndex { index, .. } if index.method.is_some() => {
            first.sql.push_str(" ALGORITHM=INPLACE LOCK=SHARED");
            first.comment = Some(format!(
                "-- NOTE: MySQL/MariaDB build a {} index in place but with writes to {table} blocked\n\
                 -- (LOCK=SHARED) until it is done; on a large table, schedule it.",
                index.method.as_deref().unwrap_or_default().to_uppercase()
            ));
        }
        Change::AddIndex { index, .. } if index.columns.iter().all(|c| plain_name(c)) => {
            first.sql.push_str(" ALGORITHM=INPLACE LOCK=NONE");
        }
        // An index a foreign key needs is dropped with another made for the key.
        Change::DropIndex { .. } if first.sql.starts_with("ALTER TABLE") => {
            first.sql.push_str(INPLACE);
        }
        Change::DropIndex { table, index } => {
            let d = crate::dialect::Dialect::Mysql;
            first.sql = format!(
                "ALTER TABLE {} DROP INDEX {}{INPLACE}",
                d.quote_if_needed(table),
                d.quote_if_needed(&index.name)
            );
        }
        Change::AddUnique { table, unique } | Change::DropUnique { table, unique }
            if long_unique(state, table, unique) =>
        {
            first.comment = copies("add or drop a unique key too long for an index (MariaDB keeps it as a hash in a hidden column)");
        }
        Change::AddUnique { .. }
        | Change::AlterIndex { .. }
        | Change::RenamePart { .. }
        | Change::DropUnique { .. }
        | Change::DropForeignKey { .. }
        | Change::AddPrimaryKey { .. } => first.sql.push_str(INPLACE),
        Change::DropColumn { table, column, .. } => {
            let in_key = state
                .tables
                .get(table)
                .and_then(|t| t.primary_key.as_ref())
                .is_some_and(|k| k.columns.contains(&column.name));
            if !in_key {
                first.sql.push_str(", LOCK=NONE");
            }
        }
        Change::AlterColumn { from, to, .. } => {
            if from.generated != to.generated {
                first.comment = copies("recompute a generated column");
            } else if !from.ty.same_as(&to.ty) {
                first.comment = copies("change most column types");
            } else if from.collation != to.collation {
                first.comment = copies("change a column's character set or collation");
            } else if from.autoincrement != to.autoincrement {
                first.comment = copies("change AUTO_INCREMENT");
            } else if to.nullable || !from.nullable {
                first.sql.push_str(INPLACE);
            }
        }
        Change::AlterTableCollation { .. } => {
            first.comment = copies("convert a table's character set and collation")
        }
        Change::AlterTableOptions { from, to, .. } => {
            // InnoDB rebuilds a table in place for a new ROW_FORMAT or KEY_BLOCK_SIZE;
            // another engine is a copy.
            let engine = |o: &Vec<String>| o.iter().find(|o| o.starts_with("ENGINE=")).cloned();
            let innodb = state
                .table_default("ENGINE")
                .is_none_or(|e| e.eq_ignore_ascii_case("InnoDB"));
            if engine(from).is_none() && engine(to).is_none() && innodb {
                first.sql.push_str(INPLACE);
            } else {
                first.comment = copies("change a table's storage engine");
            }
        }
        Change::AddForeignKey { table, key } => {
            first.sql.push_str(INPLACE);
            return foreign_key_in_place(table, key, out);
        }
        Change::AddCheck { .. } => {
            first.comment = copies("add a check constraint").map(|note| {
                format!(
                    "{note}\n-- No shadow-table copy here: {}.",
                    no_shadow.unwrap_or("-")
                )
            });
        }
        Change::DropCheck { check, .. } if check.column.is_none() => {
            first.sql.push_str(", ALGORITHM=INSTANT");
        }
        Change::DropPrimaryKey { .. } => first.comment = copies("drop a primary key"),
        Change::MoveColumn { table, .. } => match rebuild_lock(state, table, true) {
            None => {
                first.comment =
                    copies("move a column of a table with a generated column or a long unique key")
            }
            Some(lock) => {
                first
                    .sql
                    .push_str(&format!(", ALGORITHM=INPLACE, LOCK={lock}"));
                first.comment = shared_note(lock, table);
            }
        },
        _ => {}
    }
    out
}

/// The online form of `sql`, the one `ALTER TABLE` of `change` and `next` (see the MySQL
/// renderer's `joins_next`).
pub(super) fn joined(
    change: &Change,
    next: &Change,
    state: &Schema,
    mut sql: String,
) -> RenderedStatement {
    let table = change.table().unwrap_or_default();
    let copies = |what: &str| {
        Some(format!(
            "-- NOTE: MySQL/MariaDB {what} with a copying ALTER (ALGORITHM=COPY): writes to {table}\n\
             -- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change."
        ))
    };
    let comment = match (change, next) {
        (Change::DropPrimaryKey { .. }, Change::AddPrimaryKey { .. }) => {
            sql.push_str(INPLACE);
            None
        }
        (Change::DropIndex { .. } | Change::DropUnique { .. }, _) => {
            match rebuild_lock(state, table, false) {
                None => copies("rebuild an index of a table with a long unique key"),
                Some(lock) => {
                    sql.push_str(&format!(", ALGORITHM=INPLACE, LOCK={lock}"));
                    shared_note(lock, table)
                }
            }
        }
        _ => copies("add or drop an AUTO_INCREMENT column"),
    };
    RenderedStatement { sql, comment }
}

/// The lock under which InnoDB rebuilds `table` in place (`ALGORITHM=INPLACE`) for a
/// column moved (`moves_column`) or an index dropped and added again: `NONE`, or `SHARED`
/// when the table has a FULLTEXT index; `None` when only a copy will do — for a table with
/// a long unique key, or to move a column of a table with a generated column (MariaDB:
/// "INPLACE ADD or DROP of virtual columns cannot be combined with other ALTER TABLE
/// actions", where a virtual column changes place or the long key's hidden one is there;
/// a stored one is moved only by a copy).
fn rebuild_lock(state: &Schema, table: &str, moves_column: bool) -> Option<&'static str> {
    let Some(t) = state.tables.get(table) else {
        return Some("NONE");
    };
    let hidden = t.uniques.values().any(|u| long_unique(state, table, u));
    if hidden || (moves_column && t.columns.iter().any(|c| c.generated.is_some())) {
        return None;
    }
    let fulltext = t
        .indexes
        .values()
        .any(|i| i.method.as_deref() == Some("fulltext"));
    Some(if fulltext { "SHARED" } else { "NONE" })
}

/// The note above an `ALTER` that runs with `LOCK=SHARED`: writes to `table` wait.
fn shared_note(lock: &str, table: &str) -> Option<String> {
    (lock == "SHARED").then(|| {
        format!(
            "-- NOTE: MySQL/MariaDB rebuild {table} in place but with writes blocked (LOCK=SHARED:\n\
             -- it has a FULLTEXT index) until it is done; on a large table, schedule it."
        )
    })
}

/// A foreign key added in place: InnoDB adds one with `ALGORITHM=INPLACE, LOCK=NONE` only
/// while `foreign_key_checks` is off, and then checks none of the rows already there. So
/// the `ALTER` runs between `SET SESSION foreign_key_checks = 0` and its reset, and a
/// check follows it: a procedure, created, called and dropped, that raises (`SIGNAL`) an
/// error naming the key when a row of `table` has no parent. Its `SELECT … INTO` a local
/// variable is a consistent read that locks no row (a `CREATE TABLE … SELECT`, or an
/// `IF EXISTS (…)` in a procedure, would share-lock every row of the table under
/// REPEATABLE READ while it scans); the key already stops new orphans, so a row it finds
/// was there before. `alter` is the `ALTER` in the online form.
fn foreign_key_in_place(
    table: &str,
    key: &ForeignKey,
    alter: Vec<RenderedStatement>,
) -> Vec<RenderedStatement> {
    let d = crate::dialect::Dialect::Mysql;
    let q = |name: &str| d.quote_if_needed(name);
    let procedure = q(&truncate(&format!("_shale_check_{}", key.name), 64));
    let pairs = key.columns.iter().zip(&key.ref_columns);
    let matches = pairs
        .map(|(c, p)| format!("p.{} = c.{}", q(p), q(c)))
        .collect::<Vec<_>>()
        .join(" AND ");
    let present = key
        .columns
        .iter()
        .map(|c| format!("c.{} IS NOT NULL", q(c)))
        .collect::<Vec<_>>()
        .join(" AND ");
    let message = sql_string(&truncate(
        &format!(
            "foreign key {}: a row of {table} has no parent in {}",
            key.name, key.ref_table
        ),
        128,
    ));
    let check = format!(
        "CREATE PROCEDURE {procedure}() BEGIN DECLARE orphans INT; \
         SELECT EXISTS (SELECT 1 FROM {} c WHERE {present} AND NOT EXISTS \
         (SELECT 1 FROM {} p WHERE {matches})) INTO orphans; \
         IF orphans THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '{message}'; END IF; END",
        q(table),
        q(&key.ref_table)
    );
    let mut out = vec![RenderedStatement {
        sql: "SET SESSION foreign_key_checks = 0".to_string(),
        comment: Some(
            "-- InnoDB adds a foreign key in place (writes go on) only with foreign_key_checks off,\n\
             -- checking no existing row: the procedure after it fails the revision if a row has no parent."
                .to_string(),
        ),
    }];
    out.extend(alter);
    for sql in [
        "SET SESSION foreign_key_checks = DEFAULT".to_string(),
        format!("DROP PROCEDURE IF EXISTS {procedure}"),
        check,
        format!("CALL {procedure}()"),
        format!("DROP PROCEDURE {procedure}"),
    ] {
        out.push(RenderedStatement { sql, comment: None });
    }
    out
}

/// `text` as the inside of a single-quoted SQL string.
pub(super) fn sql_string(text: &str) -> String {
    text.replace('\\', "\\\\").replace('\'', "''")
}

/// `text` cut to at most `max` characters.
pub(super) fn truncate(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// Whether adding `column` can be instant on MySQL 8.0.12+ and MariaDB 10.3+.
fn instant_column(column: &Column) -> bool {
    !column.autoincrement
        && column.default.as_deref().is_none_or(is_literal)
        && column.generated.as_ref().is_none_or(|g| !g.stored)
}

/// A literal default: a number, a quoted string, `NULL`, `TRUE` or `FALSE`.
fn is_literal(default: &str) -> bool {
    let d = default.trim();
    let quoted = d.len() >= 2 && d.starts_with('\'') && d.ends_with('\'');
    let number = d
        .strip_prefix('-')
        .unwrap_or(d)
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.')
        && !d.is_empty();
    quoted
        || number
        || ["NULL", "TRUE", "FALSE"]
            .iter()
            .any(|w| d.eq_ignore_ascii_case(w))
}

/// The longest key InnoDB indexes, in bytes (`innodb_large_prefix`, DYNAMIC rows).
const MAX_KEY_BYTES: u32 = 3072;

/// Whether MariaDB keeps `unique` as a long unique key: on a `BLOB`/`TEXT` column without
/// a prefix, or longer than [`MAX_KEY_BYTES`], it checks uniqueness through a hash kept in
/// a hidden virtual column (`USING HASH`), which it can only add or drop by copying the
/// table ("INPLACE ADD or DROP of virtual columns cannot be combined with other ALTER
/// TABLE actions"). MySQL refuses such a key.
fn long_unique(state: &Schema, table: &str, unique: &UniqueConstraint) -> bool {
    let Some(t) = state.tables.get(table) else {
        return false;
    };
    let mut bytes = 0;
    for entry in &unique.columns {
        let (name, prefix) = match super::ddl::prefix_part(entry) {
            Some((name, len)) => (name, len.parse::<u32>().ok()),
            None => (entry.as_str(), None),
        };
        let Some(column) = t.column(name) else {
            continue;
        };
        let per_char = char_bytes(
            column
                .collation
                .as_deref()
                .or(t.collation.as_deref())
                .or(state.table_default("COLLATE")),
        );
        let base = column.ty.canonical().split('(').next().unwrap_or_default();
        let lob = base.ends_with("blob") || base.ends_with("text") || base == "json";
        bytes += match (prefix, column.ty.family()) {
            (None, _) if lob => return true,
            (Some(n), Family::Bytes(_)) => n,
            (Some(n), _) => n * per_char,
            (None, Family::Text { len: Some(n), .. }) => n * per_char,
            (None, Family::Bytes(Some(n))) => n,
            (None, _) => 8,
        };
    }
    bytes > MAX_KEY_BYTES
}

/// The most bytes a character takes in a collation's character set (`utf8mb4_bin`: 4).
fn char_bytes(collation: Option<&str>) -> u32 {
    let charset = collation
        .and_then(|c| c.split('_').next())
        .unwrap_or("utf8mb4");
    match charset {
        "latin1" | "ascii" | "binary" | "latin2" | "cp1250" | "cp1251" | "cp1252" => 1,
        "ucs2" => 2,
        "utf8" | "utf8mb3" => 3,
        _ => 4,
    }
}

/// Whether an index entry is a column name (not an expression or a prefix).
fn plain_name(entry: &str) -> bool {
    entry.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// `statements` between `SET SESSION lock_wait_timeout` and its reset, when any is DDL.
pub(super) fn with_lock_wait_timeout(
    statements: Vec<RenderedStatement>,
    online: &Online,
) -> Vec<RenderedStatement> {
    if statements.iter().all(|s| s.sql.starts_with("UPDATE ")) {
        return statements;
    }
    let seconds = lock_wait_seconds(&online.lock_timeout);
    let mut out = vec![RenderedStatement {
        sql: format!("SET SESSION lock_wait_timeout = {seconds}"),
        comment: Some(
            "-- Fail fast (then resume) rather than queue every query on the table behind a lock wait."
                .to_string(),
        ),
    }];
    out.extend(statements);
    out.push(RenderedStatement {
        sql: "SET SESSION lock_wait_timeout = DEFAULT".to_string(),
        comment: None,
    });
    out
}

/// A `lock_timeout` (`500ms`, `2s`, `1min`) as MySQL's whole seconds, rounded up, at least 1.
fn lock_wait_seconds(timeout: &str) -> u64 {
    let digits = timeout.bytes().take_while(u8::is_ascii_digit).count();
    let n: u64 = timeout[..digits].parse().unwrap_or(1);
    let seconds = match &timeout[digits..] {
        "ms" => n.div_ceil(1000),
        "min" => n * 60,
        _ => n,
    };
    seconds.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_wait_timeout_in_whole_seconds() {
        assert_eq!(lock_wait_seconds("500ms"), 1);
        assert_eq!(lock_wait_seconds("1500ms"), 2);
        assert_eq!(lock_wait_seconds("3s"), 3);
        assert_eq!(lock_wait_seconds("2min"), 120);
        assert_eq!(lock_wait_seconds("0s"), 1);
    }

    #[test]
    fn long_unique_keys_are_hashes_added_by_a_copy() {
        use crate::schema::Table;
        let col = |name: &str, ty: &str| Column {
            name: name.into(),
            ty: ty.into(),
            ..Column::default()
        };
        let table = Table {
            name: "t".into(),
            columns: vec![
                col("a", "tinyblob"),
                col("b", "varchar(1000)"),
                col("c", "varchar(100)"),
                col("d", "text"),
                col("e", "tinytext"),
            ],
            ..Table::default()
        };
        let state = Schema {
            tables: [("t".to_string(), table)].into(),
            ..Schema::default()
        };
        let unique = |cols: &[&str]| UniqueConstraint {
            name: "u".into(),
            columns: cols.iter().map(|c| c.to_string()).collect(),
            ..UniqueConstraint::default()
        };
        let long = |cols: &[&str]| long_unique(&state, "t", &unique(cols));
        assert!(long(&["a"]) && long(&["b"]) && long(&["d"]) && long(&["e"]));
        assert!(!long(&["c"]) && !long(&["d(100)"]) && !long(&["c", "d(10)"]));
        let change = Change::AddUnique {
            table: "t".into(),
            unique: unique(&["a"]),
        };
        let sql = "ALTER TABLE t ADD CONSTRAINT u UNIQUE (a)".to_string();
        let out = online(&change, &state, vec![sql.clone()], &[]);
        assert_eq!(out[0].sql, sql);
        assert!(out[0]
            .comment
            .as_deref()
            .unwrap()
            .contains("ALGORITHM=COPY"));
    }

    #[test]
    fn a_key_recommented_on_a_table_with_a_long_unique_key_is_a_copy() {
        use crate::schema::{Index, Table};
        let index = Index {
            name: "ix".into(),
            columns: vec!["a".into()],
            ..Index::default()
        };
        let mut table = Table {
            name: "t".into(),
            columns: vec![Column {
                name: "body".into(),
                ty: "text".into(),
                ..Column::default()
            }],
            ..Table::default()
        };
        let (drop, add) = (
            Change::DropIndex {
                table: "t".into(),
                index: index.clone(),
            },
            Change::AddIndex {
                table: "t".into(),
                index,
            },
        );
        let sql = "ALTER TABLE t DROP INDEX ix, ADD INDEX ix (a) COMMENT 'x'".to_string();
        let state = |t: &Table| Schema {
            tables: [("t".to_string(), t.clone())].into(),
            ..Schema::default()
        };
        let out = joined(&drop, &add, &state(&table), sql.clone());
        assert_eq!(out.sql, format!("{sql}{INPLACE}"));
        let long = UniqueConstraint {
            name: "u".into(),
            columns: vec!["body".into()],
            ..UniqueConstraint::default()
        };
        table.uniques.insert("u".into(), long);
        let out = joined(&drop, &add, &state(&table), sql.clone());
        assert_eq!(out.sql, sql);
        assert!(out.comment.unwrap().contains("ALGORITHM=COPY"));
    }

    #[test]
    fn fulltext_and_spatial_indexes_are_built_with_writes_blocked() {
        let index = crate::schema::Index {
            name: "ft".into(),
            columns: vec!["title".into()],
            method: Some("fulltext".into()),
            ..Default::default()
        };
        let change = Change::AddIndex {
            table: "posts".into(),
            index,
        };
        let sql = "CREATE FULLTEXT INDEX ft ON posts (title)".to_string();
        let out = online(&change, &Schema::default(), vec![sql], &[]);
        assert_eq!(
            out[0].sql,
            "CREATE FULLTEXT INDEX ft ON posts (title) ALGORITHM=INPLACE LOCK=SHARED"
        );
        assert!(out[0].comment.as_deref().unwrap().contains("FULLTEXT"));
    }

    #[test]
    fn literal_defaults_are_instant() {
        assert!(is_literal("0") && is_literal("'x'") && is_literal("-1.5") && is_literal("NULL"));
        assert!(!is_literal("(uuid())") && !is_literal("current_timestamp()") && !is_literal(""));
    }
}
