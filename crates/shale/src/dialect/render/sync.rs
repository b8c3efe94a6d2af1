//! [`Change::AddSync`] and [`Change::DropSync`]: the triggers that keep two columns of a
//! table equal in both directions during an expand/contract change, and the batched
//! backfill that fills whichever of the two is empty.
//!
//! The rule every dialect's triggers follow:
//!
//! * on insert, a column left NULL takes the other one's value (a writer of the previous
//!   release sets only the old column, a writer of the next release only the new one);
//! * on update, the column that changed wins: when only the old one changed, the new one
//!   takes its value, and the other way round — unless the new value already equals the
//!   old one converted (the backfill itself, or a writer that sets both), so that a
//!   conversion is never made twice and the triggers never loop.
//!
//! PostgreSQL: a `plpgsql` function and one `BEFORE INSERT OR UPDATE` trigger. MySQL and
//! MariaDB: a `BEFORE INSERT` and a `BEFORE UPDATE` trigger (both fill `NEW` before the
//! server checks NOT NULL). SQLite cannot change `NEW` in a trigger: `AFTER INSERT` and
//! `AFTER UPDATE OF` triggers update the row again, by `rowid` (so the old column must
//! accept NULL while they run: the expand plan makes it nullable there).
//!
//! A change of type converts with `CAST(… AS type)` on PostgreSQL; MySQL, MariaDB and
//! SQLite convert on assignment. A value that does not convert makes the statement fail
//! (the backfill, or the writer's own statement), so nothing is lost silently.

use super::ddl::{ident, q, BACKFILL_BATCH};
use super::RenderedStatement;
use crate::dialect::Dialect;
use crate::diff::{Change, ColumnSync};

/// The statements of a sync change; `None` for any other change.
pub(super) fn render(d: Dialect, change: &Change) -> Option<Vec<RenderedStatement>> {
    match change {
        Change::AddSync { table, sync } => Some(create(d, table, sync)),
        Change::DropSync { table, sync } => Some(drop(d, table, sync)),
        _ => None,
    }
}

fn stmt(sql: String, comment: Option<String>) -> RenderedStatement {
    RenderedStatement { sql, comment }
}

/// The prefix of the triggers' (and PostgreSQL function's) names, short enough for a
/// suffix within the 63-byte identifiers of PostgreSQL.
fn base_name(table: &str, sync: &ColumnSync) -> String {
    let mut name = format!("{table}_{}_sync", sync.new.name);
    while name.len() > 56 {
        name.pop();
    }
    name
}

/// `expr` (a value of the old column) converted to the new column's type.
fn to_new(d: Dialect, sync: &ColumnSync, expr: &str) -> String {
    convert(d, sync, expr, &sync.new)
}

/// `expr` (a value of the new column) converted to the old column's type.
fn to_old(d: Dialect, sync: &ColumnSync, expr: &str) -> String {
    convert(d, sync, expr, &sync.old)
}

fn convert(d: Dialect, sync: &ColumnSync, expr: &str, to: &crate::schema::Column) -> String {
    if d == Dialect::Postgres && !sync.old.ty.same_as(&sync.new.ty) {
        format!("CAST({expr} AS {})", to.ty.as_str())
    } else {
        expr.to_string()
    }
}

fn create(d: Dialect, table: &str, sync: &ColumnSync) -> Vec<RenderedStatement> {
    let base = base_name(table, sync);
    let (t, o, n) = (
        q(d, table),
        ident(d, &sync.old.name),
        ident(d, &sync.new.name),
    );
    let why = format!(
        "-- Expand: keep {table}.{} and {table}.{} equal both ways while the previous and the \
         next release run side by side (dropped by the contract revision).",
        sync.old.name, sync.new.name
    );
    let mut out = match d {
        Dialect::Postgres => postgres_triggers(&base, &t, &o, &n, sync),
        Dialect::Mysql => mysql_triggers(&base, &t, &o, &n),
        Dialect::Sqlite => sqlite_triggers(&base, &t, &o, &n),
    };
    out[0].comment = Some(why);
    out.push(backfill(d, table, sync, Direction::ToNew));
    out.push(backfill(d, table, sync, Direction::ToOld));
    out
}

fn postgres_triggers(
    base: &str,
    t: &str,
    o: &str,
    n: &str,
    sync: &ColumnSync,
) -> Vec<RenderedStatement> {
    let d = Dialect::Postgres;
    let function = q(d, base);
    let trigger = ident(d, &format!("{base}_trg"));
    let new_from_old = to_new(d, sync, &format!("NEW.{o}"));
    let old_from_new = to_old(d, sync, &format!("NEW.{n}"));
    let body = format!(
        "CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $sync$\n\
         BEGIN\n\
         \x20 IF TG_OP = 'INSERT' THEN\n\
         \x20   IF NEW.{n} IS NULL THEN NEW.{n} := {new_from_old}; END IF;\n\
         \x20   IF NEW.{o} IS NULL THEN NEW.{o} := {old_from_new}; END IF;\n\
         \x20 ELSIF NEW.{o} IS DISTINCT FROM OLD.{o} AND NEW.{n} IS NOT DISTINCT FROM OLD.{n} THEN\n\
         \x20   NEW.{n} := {new_from_old};\n\
         \x20 ELSIF NEW.{n} IS DISTINCT FROM OLD.{n} AND NEW.{o} IS NOT DISTINCT FROM OLD.{o}\n\
         \x20     AND NEW.{n} IS DISTINCT FROM {new_from_old} THEN\n\
         \x20   NEW.{o} := {old_from_new};\n\
         \x20 END IF;\n\
         \x20 RETURN NEW;\n\
         END\n\
         $sync$"
    );
    vec![
        stmt(body, None),
        stmt(
            format!(
                "CREATE TRIGGER {trigger} BEFORE INSERT OR UPDATE ON {t} FOR EACH ROW EXECUTE FUNCTION {function}()"
            ),
            None,
        ),
    ]
}

fn mysql_triggers(base: &str, t: &str, o: &str, n: &str) -> Vec<RenderedStatement> {
    let d = Dialect::Mysql;
    let insert = format!(
        "CREATE TRIGGER {} BEFORE INSERT ON {t} FOR EACH ROW\n\
         BEGIN\n\
         \x20 IF NEW.{n} IS NULL THEN SET NEW.{n} = NEW.{o}; END IF;\n\
         \x20 IF NEW.{o} IS NULL THEN SET NEW.{o} = NEW.{n}; END IF;\n\
         END",
        ident(d, &format!("{base}_ins"))
    );
    let update = format!(
        "CREATE TRIGGER {} BEFORE UPDATE ON {t} FOR EACH ROW\n\
         BEGIN\n\
         \x20 IF NOT (NEW.{o} <=> OLD.{o}) AND (NEW.{n} <=> OLD.{n}) THEN\n\
         \x20   SET NEW.{n} = NEW.{o};\n\
         \x20 ELSEIF NOT (NEW.{n} <=> OLD.{n}) AND (NEW.{o} <=> OLD.{o}) AND NOT (NEW.{n} <=> NEW.{o}) THEN\n\
         \x20   SET NEW.{o} = NEW.{n};\n\
         \x20 END IF;\n\
         END",
        ident(d, &format!("{base}_upd"))
    );
    vec![stmt(insert, None), stmt(update, None)]
}

fn sqlite_triggers(base: &str, t: &str, o: &str, n: &str) -> Vec<RenderedStatement> {
    let d = Dialect::Sqlite;
    let insert = format!(
        "CREATE TRIGGER {} AFTER INSERT ON {t} FOR EACH ROW\n\
         BEGIN\n\
         \x20 UPDATE {t} SET {n} = NEW.{o} WHERE rowid = NEW.rowid AND NEW.{n} IS NULL;\n\
         \x20 UPDATE {t} SET {o} = NEW.{n} WHERE rowid = NEW.rowid AND NEW.{o} IS NULL;\n\
         END",
        ident(d, &format!("{base}_ins"))
    );
    let old_changed = format!(
        "CREATE TRIGGER {} AFTER UPDATE OF {o} ON {t} FOR EACH ROW\n\
         WHEN NEW.{o} IS NOT OLD.{o} AND NEW.{n} IS OLD.{n}\n\
         BEGIN\n\
         \x20 UPDATE {t} SET {n} = NEW.{o} WHERE rowid = NEW.rowid;\n\
         END",
        ident(d, &format!("{base}_old"))
    );
    let new_changed = format!(
        "CREATE TRIGGER {} AFTER UPDATE OF {n} ON {t} FOR EACH ROW\n\
         WHEN NEW.{n} IS NOT OLD.{n} AND NEW.{o} IS OLD.{o} AND NEW.{n} IS NOT NEW.{o}\n\
         BEGIN\n\
         \x20 UPDATE {t} SET {o} = NEW.{n} WHERE rowid = NEW.rowid;\n\
         END",
        ident(d, &format!("{base}_new"))
    );
    vec![
        stmt(insert, None),
        stmt(old_changed, None),
        stmt(new_changed, None),
    ]
}

/// Which column a backfill fills.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    ToNew,
    ToOld,
}

/// The batched backfill of the empty column of each row from the other one: on the
/// expand, the new column from the old; on the contract's downgrade, the old column from
/// the new (then the other statement changes nothing).
fn backfill(d: Dialect, table: &str, sync: &ColumnSync, dir: Direction) -> RenderedStatement {
    let (from, to) = match dir {
        Direction::ToNew => (&sync.old, &sync.new),
        Direction::ToOld => (&sync.new, &sync.old),
    };
    let t = q(d, table);
    let (f, c) = (ident(d, &from.name), ident(d, &to.name));
    let value = match dir {
        Direction::ToNew => to_new(d, sync, &f),
        Direction::ToOld => to_old(d, sync, &f),
    };
    let pick = format!("{c} IS NULL AND {f} IS NOT NULL");
    let n = BACKFILL_BATCH;
    let sql = match d {
        Dialect::Postgres => format!(
            "UPDATE {t} SET {c} = {value} WHERE ctid IN (SELECT ctid FROM {t} WHERE {pick} LIMIT {n})"
        ),
        Dialect::Mysql => format!("UPDATE {t} SET {c} = {value} WHERE {pick} LIMIT {n}"),
        Dialect::Sqlite => format!("UPDATE {t} SET {c} = {value} WHERE {pick}"),
    };
    let mut comment = format!(
        "-- Backfill {table}.{} from {table}.{} on the rows written before the triggers.",
        to.name, from.name
    );
    if !sync.old.ty.same_as(&sync.new.ty) {
        comment.push_str(&format!(
            "\n-- Converts {} to {}: a value that does not convert fails the statement, and nothing is lost.",
            from.ty.as_str(),
            to.ty.as_str()
        ));
    }
    if d != Dialect::Sqlite {
        comment.push_str(&format!(
            "\n-- Batched: shale runs it again until it changes no row ({n} rows a pass).\n\
             -- shale:repeat-until-zero"
        ));
    }
    stmt(sql, Some(comment))
}

fn drop(d: Dialect, table: &str, sync: &ColumnSync) -> Vec<RenderedStatement> {
    let base = base_name(table, sync);
    let mut out = match d {
        Dialect::Postgres => vec![
            format!(
                "DROP TRIGGER {} ON {}",
                ident(d, &format!("{base}_trg")),
                q(d, table)
            ),
            format!("DROP FUNCTION {}()", q(d, &base)),
        ],
        Dialect::Mysql => ["ins", "upd"]
            .iter()
            .map(|s| format!("DROP TRIGGER {}", ident(d, &format!("{base}_{s}"))))
            .collect(),
        Dialect::Sqlite => ["ins", "old", "new"]
            .iter()
            .map(|s| format!("DROP TRIGGER {}", ident(d, &format!("{base}_{s}"))))
            .collect(),
    }
    .into_iter()
    .map(|sql| stmt(sql, None))
    .collect::<Vec<_>>();
    out[0].comment = Some(format!(
        "-- Contract: {table}.{} and {table}.{} are no longer kept equal.",
        sync.old.name, sync.new.name
    ));
    out
}
