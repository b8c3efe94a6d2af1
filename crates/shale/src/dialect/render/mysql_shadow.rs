//! A CHECK added online on MySQL/MariaDB through a shadow table.
//!
//! MariaDB 10.11 (like MySQL 8) adds a CHECK only by copying the table (`ALGORITHM=COPY`;
//! `INPLACE`, `INSTANT` and `NOCOPY` are refused, even with `check_constraint_checks = 0`),
//! and the copy blocks every write to the table until it ends. The online form builds the
//! new table beside the old one instead, as pt-online-schema-change and gh-ost do:
//!
//! 1. a procedure checks, with a consistent read that locks no row, that no row violates
//!    the CHECK, and fails the revision naming it otherwise (nothing has been changed yet);
//! 2. leftovers of an earlier killed attempt go: the three triggers first, then the shadow
//!    (a trigger left writing into a dropped shadow would fail every write to the table);
//! 3. `CREATE TABLE _t_new LIKE t`, then the CHECK added to the empty `_t_new`;
//! 4. `AFTER DELETE`/`UPDATE`/`INSERT` triggers on `t`, created in this order, mirror each
//!    row change into `_t_new`, in the writer's own transaction (`REPLACE`, never `INSERT IGNORE`, which on
//!    MariaDB turns a CHECK violation into a warning and loses the row);
//! 5. a procedure copies `t` into `_t_new` in primary-key order, [`BACKFILL_BATCH`] rows a
//!    batch, each batch a transaction of its own (its rows share-locked, then copied), retried on a deadlock or a
//!    lock wait timeout (1213, 1205) a bounded number of times;
//! 6. `RENAME TABLE t TO _t_old, _t_new TO t` swaps them atomically (the runner waits for
//!    long transactions and retries it like any DDL), and `DROP TABLE _t_old` takes the
//!    triggers with it.
//!
//! Why the copy and the triggers agree, with writers running throughout: each batch reads
//! `t` with `LOCK IN SHARE MODE`, a locking read of the latest committed rows (not the
//! batch's snapshot), and holds the shared locks until it commits.
//!
//! * A row updated while its batch is copied: the writer waits for the batch's shared lock,
//!   so the batch copies the row as it was and the writer's trigger then replaces it with
//!   the new values; an update committed before the batch reads is what the batch copies.
//! * A row deleted before its batch: the batch does not find it, and the trigger's delete
//!   found nothing to delete. Deleted after its batch: the trigger deletes the copy.
//! * A row inserted anywhere: the trigger writes it; if a batch copies it again, it is the
//!   same row (`REPLACE`). The batch's next-key locks keep inserts out of the range it is
//!   copying until it commits.
//! * A primary key changed by an update: the trigger deletes the old key from the shadow
//!   and writes the new one.
//! * A writer's transaction rolled back: its trigger's writes to the shadow roll back with
//!   it (same transaction).
//!
//! A write that violates the CHECK once the triggers exist fails (the shadow refuses it),
//! as it would with the CHECK on `t`; a violating row committed between the first check and
//! the triggers makes the copy fail with the server's error naming the constraint, leaving
//! `t` as it was (a rerun cleans the shadow first).
//!
//! Where the method is not safe the copying `ALTER` stays, with a `-- NOTE:` saying why
//! ([`unsafe_reason`]). What the shadow form does not carry over: an `AUTO_INCREMENT`
//! counter above the largest key (after deleting the newest rows) comes back down to it.

use super::ddl::{alter, q, BACKFILL_BATCH};
use super::mysql_online::{sql_string, truncate};
use super::RenderedStatement;
use crate::dialect::Dialect;
use crate::schema::{CheckConstraint, ObjectKind, Schema, Table};

const D: Dialect = Dialect::Mysql;

/// Retries of a batch of the copy that met a deadlock or a lock wait timeout.
const BATCH_RETRIES: u32 = 10;

/// The statements that add `check` to `table` through a shadow table, or why that is not
/// safe. `plain` is the plain rendering (`ALTER TABLE t …`), replayed on the shadow;
/// `triggered` the tables that had triggers before the revision.
pub(super) fn add_check(
    table: &str,
    check: &CheckConstraint,
    state: &Schema,
    plain: &[String],
    triggered: &[String],
) -> Result<Vec<RenderedStatement>, &'static str> {
    let t = state
        .tables
        .get(table)
        .ok_or("the table is not in the schema shale read")?;
    if let Some(reason) = unsafe_reason(t, state, triggered) {
        return Err(reason);
    }
    let names = Names::of(table);
    let prefix = alter(D, table);
    let on_shadow = plain
        .iter()
        .map(|sql| {
            sql.strip_prefix(&prefix)
                .map(|rest| format!("{}{rest}", alter(D, &names.new)))
        })
        .collect::<Option<Vec<_>>>()
        .ok_or("its ALTER is not one statement on the table")?;
    let mut out = check_rows(table, check, &names);
    out.extend(clean(table, &names));
    out.push(plain_statement(format!(
        "CREATE TABLE {} LIKE {}",
        q(D, &names.new),
        q(D, table)
    )));
    out.extend(on_shadow.into_iter().map(plain_statement));
    out.extend(triggers(t, &names));
    out.extend(copy(t, &names));
    out.extend(swap(table, &names));
    Ok(out)
}

/// Why a shadow table cannot stand in for `t`, if it cannot. A table whose triggers the
/// revision dropped before this change (to recreate them after it) counts as having
/// triggers: writes during the copy would go without them.
fn unsafe_reason(t: &Table, state: &Schema, triggered: &[String]) -> Option<&'static str> {
    let referenced = state.tables.values().any(|other| {
        other.name != t.name && other.foreign_keys.values().any(|k| k.ref_table == t.name)
    });
    let triggers = state
        .objects
        .values()
        .any(|o| o.kind == ObjectKind::Trigger && o.table.as_deref() == Some(t.name.as_str()))
        || triggered.contains(&t.name);
    if t.primary_key.as_ref().is_none_or(|k| k.columns.is_empty()) {
        Some("the table has no primary key to copy it by")
    } else if referenced {
        Some("other tables' foreign keys reference the table (a rename would leave them on the old one)")
    } else if !t.foreign_keys.is_empty() {
        Some("the table has foreign keys (CREATE TABLE LIKE does not copy them, and their names are database-wide)")
    } else if triggers {
        Some("the table has triggers of its own (they would go with the old table)")
    } else {
        None
    }
}

/// The names the method uses for `table`: deterministic, at most 64 characters.
struct Names {
    new: String,
    old: String,
    insert: String,
    update: String,
    delete: String,
    copy: String,
}

impl Names {
    fn of(table: &str) -> Self {
        let cut = |prefix: &str, suffix: &str| {
            let room = 64 - prefix.chars().count() - suffix.chars().count();
            format!("{prefix}{}{suffix}", truncate(table, room))
        };
        Names {
            new: cut("_", "_new"),
            old: cut("_", "_old"),
            insert: cut("_shale_", "_ins"),
            update: cut("_shale_", "_upd"),
            delete: cut("_shale_", "_del"),
            copy: cut("_shale_copy_", ""),
        }
    }
}

fn plain_statement(sql: String) -> RenderedStatement {
    RenderedStatement { sql, comment: None }
}

/// Step 1: a procedure that fails the revision, naming the check, when a row violates it.
/// A row whose expression is NULL passes, as the server's own check lets it.
fn check_rows(table: &str, check: &CheckConstraint, names: &Names) -> Vec<RenderedStatement> {
    let procedure = q(D, &truncate(&format!("_shale_check_{}", check.name), 64));
    let message = sql_string(&truncate(
        &format!("check {}: a row of {table} violates it", check.name),
        128,
    ));
    let body = format!(
        "CREATE PROCEDURE {procedure}() BEGIN DECLARE bad INT; \
         SELECT EXISTS (SELECT 1 FROM {} WHERE NOT ({})) INTO bad; \
         IF bad THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '{message}'; END IF; END",
        q(D, table),
        check.expression
    );
    let mut first = plain_statement(format!("DROP PROCEDURE IF EXISTS {procedure}"));
    first.comment = Some(format!(
        "-- MySQL/MariaDB add a CHECK only by copying the table while writes wait, so {table} is\n\
         -- copied into a shadow table ({}) that has the CHECK, kept current by triggers, then\n\
         -- swapped in by RENAME TABLE. First, locking nothing: does any row violate it?",
        names.new
    ));
    vec![
        first,
        plain_statement(body),
        plain_statement(format!("CALL {procedure}()")),
        plain_statement(format!("DROP PROCEDURE {procedure}")),
    ]
}

/// Step 2: an earlier killed attempt's triggers, then its shadow table.
fn clean(table: &str, names: &Names) -> Vec<RenderedStatement> {
    let mut out: Vec<RenderedStatement> = [&names.insert, &names.update, &names.delete]
        .iter()
        .map(|name| plain_statement(format!("DROP TRIGGER IF EXISTS {}", q(D, name))))
        .collect();
    out[0].comment = Some(format!(
        "-- Whatever an earlier, killed attempt left: the triggers on {table} before the shadow they write to."
    ));
    out.push(RenderedStatement {
        sql: format!("DROP TABLE IF EXISTS {}", q(D, &names.new)),
        comment: Some(
            "-- shale:allow drop-table\n-- why: the shadow of an earlier, killed attempt; the table itself is not touched"
                .to_string(),
        ),
    });
    out
}

/// The columns a copy writes: all but generated ones, quoted, with `prefix` (`NEW.`).
fn written(t: &Table, prefix: &str) -> String {
    t.columns
        .iter()
        .filter(|c| c.generated.is_none())
        .map(|c| format!("{prefix}{}", q(D, &c.name)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `p1 = OLD.p1 AND p2 = OLD.p2` over the primary key.
fn key_match(key: &[String], row: &str) -> String {
    key.iter()
        .map(|c| format!("{} = {row}.{}", q(D, c), q(D, c)))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// Step 4: the triggers that mirror each row change of `t` into the shadow.
fn triggers(t: &Table, names: &Names) -> Vec<RenderedStatement> {
    let key = &t.primary_key.as_ref().expect("checked").columns;
    let (table, shadow) = (q(D, &t.name), q(D, &names.new));
    let replace = format!(
        "REPLACE INTO {shadow} ({}) VALUES ({})",
        written(t, ""),
        written(t, "NEW.")
    );
    let same_key = key
        .iter()
        .map(|c| format!("OLD.{0} <=> NEW.{0}", q(D, c)))
        .collect::<Vec<_>>()
        .join(" AND ");
    // Delete, then update, then insert: a row enters the shadow only through the update and
    // insert triggers (the copy comes later), so once it is there the triggers that remove
    // or move it exist already. In the other order a row inserted (and mirrored) and then
    // deleted or given a new key before the later triggers existed would stay in the
    // shadow, where the copy, which only adds rows of `t`, would never remove it.
    let mut out = vec![
        plain_statement(format!(
            "CREATE TRIGGER {} AFTER DELETE ON {table} FOR EACH ROW DELETE FROM {shadow} WHERE {}",
            q(D, &names.delete),
            key_match(key, "OLD")
        )),
        plain_statement(format!(
            "CREATE TRIGGER {} AFTER UPDATE ON {table} FOR EACH ROW BEGIN \
             IF NOT ({same_key}) THEN DELETE FROM {shadow} WHERE {}; END IF; {replace}; END",
            q(D, &names.update),
            key_match(key, "OLD")
        )),
        plain_statement(format!(
            "CREATE TRIGGER {} AFTER INSERT ON {table} FOR EACH ROW {replace}",
            q(D, &names.insert)
        )),
    ];
    out[0].comment = Some(format!(
        "-- Every write to {} from here on is mirrored into the shadow, in the writer's transaction.",
        t.name
    ));
    out
}

/// Step 5: the batched copy, in primary-key order, as a procedure created, called, dropped.
fn copy(t: &Table, names: &Names) -> Vec<RenderedStatement> {
    let key = &t.primary_key.as_ref().expect("checked").columns;
    let (table, shadow) = (q(D, &t.name), q(D, &names.new));
    let procedure = q(D, &names.copy);
    let var = |prefix: &str| -> Vec<String> {
        (1..=key.len())
            .map(|i| format!("@_shale_{prefix}{i}"))
            .collect()
    };
    let (from, to) = (var("k"), var("e"));
    let tuple = |items: &[String]| match items {
        [one] => one.clone(),
        many => format!("({})", many.join(", ")),
    };
    let cols = tuple(&key.iter().map(|c| q(D, c)).collect::<Vec<_>>());
    let order = key.iter().map(|c| q(D, c)).collect::<Vec<_>>().join(", ");
    let keys_list = order.clone();
    let (from_t, to_t) = (tuple(&from), tuple(&to));
    let into = |vars: &[String]| vars.join(", ");
    // Two phases in one transaction: the rows of the range are share-locked first, then
    // copied, so that the batch never waits for a row of `t` while it holds locks in the
    // shadow, which a writer's trigger may be waiting for (a deadlock InnoDB would resolve
    // by rolling back the writer, the smaller transaction).
    let batch = |upper: bool| {
        let bound = if upper {
            format!(" AND {cols} < {to_t}")
        } else {
            String::new()
        };
        let range = format!("FROM {table} WHERE {cols} >= {from_t}{bound} LOCK IN SHARE MODE");
        format!(
            "SELECT COUNT(*) INTO @_shale_n {range}; \
             IF failed = 0 THEN REPLACE INTO {shadow} ({}) SELECT {} {range}; END IF",
            written(t, ""),
            written(t, "")
        )
    };
    let message = sql_string(&truncate(
        &format!(
            "copy of {} into {}: a batch met a deadlock or lock wait timeout {BATCH_RETRIES} times",
            t.name, names.new
        ),
        128,
    ));
    let reset = |vars: &[String]| {
        vars.iter()
            .map(|v| format!("SET {v} = NULL; "))
            .collect::<String>()
    };
    let body = format!(
        "CREATE PROCEDURE {procedure}() BEGIN \
         DECLARE failed INT DEFAULT 0; DECLARE tries INT DEFAULT 0; \
         DECLARE CONTINUE HANDLER FOR 1213, 1205 SET failed = 1; \
         DECLARE CONTINUE HANDLER FOR NOT FOUND BEGIN END; \
         {reset_from}SELECT {keys_list} INTO {from_into} FROM {table} ORDER BY {order} LIMIT 1; \
         WHILE {first_from} IS NOT NULL DO \
         {reset_to}SELECT {keys_list} INTO {to_into} FROM {table} WHERE {cols} >= {from_t} ORDER BY {order} LIMIT {BACKFILL_BATCH}, 1; \
         SET tries = 0; \
         REPEAT SET failed = 0; START TRANSACTION; \
         IF {first_to} IS NULL THEN {last}; ELSE {middle}; END IF; \
         IF failed = 0 THEN COMMIT; ELSE ROLLBACK; END IF; \
         SET tries = tries + 1; \
         IF failed = 1 AND tries >= {BATCH_RETRIES} THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '{message}'; END IF; \
         IF failed = 1 THEN DO SLEEP(0.05 * tries); END IF; \
         UNTIL failed = 0 END REPEAT; \
         {advance}\
         END WHILE; END",
        reset_from = reset(&from),
        from_into = into(&from),
        first_from = from[0],
        reset_to = reset(&to),
        to_into = into(&to),
        first_to = to[0],
        last = batch(false),
        middle = batch(true),
        advance = from
            .iter()
            .zip(&to)
            .map(|(f, e)| format!("SET {f} = {e}; "))
            .collect::<String>(),
    );
    let mut first = plain_statement(format!("DROP PROCEDURE IF EXISTS {procedure}"));
    first.comment = Some(format!(
        "-- Copy {} into the shadow in primary-key order, {BACKFILL_BATCH} rows a transaction, each batch\n\
         -- retried on a deadlock or lock wait timeout; a row that violates the CHECK fails it.",
        t.name
    ));
    vec![
        first,
        plain_statement(body),
        plain_statement(format!("CALL {procedure}()")),
        plain_statement(format!("DROP PROCEDURE {procedure}")),
    ]
}

/// Step 6: the atomic swap, then the old table (with its triggers).
fn swap(table: &str, names: &Names) -> Vec<RenderedStatement> {
    vec![
        RenderedStatement {
            sql: format!(
                "RENAME TABLE {t} TO {old}, {new} TO {t}",
                t = q(D, table),
                old = q(D, &names.old),
                new = q(D, &names.new)
            ),
            comment: Some(format!(
                "-- The swap, atomic: {table} is the shadow, with the CHECK, from here on.\n\
                 -- shale:allow rename-table\n\
                 -- why: {table} keeps its name; only the old copy is renamed aside"
            )),
        },
        RenderedStatement {
            sql: format!("DROP TABLE {}", q(D, &names.old)),
            comment: Some(format!(
                "-- shale:allow drop-table\n-- why: the old copy of {table}; every row is in {table} now"
            )),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shadow_names_fit_in_64_characters_and_differ() {
        let long = "t".repeat(80);
        let n = Names::of(&long);
        for name in [&n.new, &n.old, &n.insert, &n.update, &n.delete, &n.copy] {
            assert!(name.chars().count() <= 64, "{name}");
        }
        assert_ne!(n.new, n.old);
        assert_eq!(Names::of("items").new, "_items_new");
    }

    fn table(key: &[&str]) -> Table {
        let column = |name: &str| crate::schema::Column {
            name: name.to_string(),
            ty: "int".into(),
            ..Default::default()
        };
        Table {
            name: "lines".to_string(),
            columns: ["a", "b", "qty"].into_iter().map(column).collect(),
            primary_key: Some(crate::schema::PrimaryKey {
                name: None,
                columns: key.iter().map(|k| k.to_string()).collect(),
                deferrable: None,
                comment: None,
            }),
            ..Default::default()
        }
    }

    #[test]
    fn a_composite_key_is_copied_by_row_value() {
        let sql = copy(&table(&["a", "b"]), &Names::of("lines"))[1]
            .sql
            .clone();
        assert!(
            sql.contains("FROM `lines` WHERE (a, b) >= (@_shale_k1, @_shale_k2) AND (a, b) < (@_shale_e1, @_shale_e2) LOCK IN SHARE MODE"),
            "{sql}"
        );
        assert!(sql.contains("ORDER BY a, b LIMIT 10000, 1"), "{sql}");
        let made = triggers(&table(&["a", "b"]), &Names::of("lines"));
        let order: Vec<&str> = made
            .iter()
            .map(|s| s.sql.split(' ').nth(4).unwrap())
            .collect();
        assert_eq!(order, ["DELETE", "UPDATE", "INSERT"]);
        let update = made[1].sql.clone();
        assert!(
            update.contains("IF NOT (OLD.a <=> NEW.a AND OLD.b <=> NEW.b) THEN DELETE FROM _lines_new WHERE a = OLD.a AND b = OLD.b; END IF;"),
            "{update}"
        );
    }

    #[test]
    fn unsafe_tables_keep_the_copying_alter() {
        let mut state = Schema::default();
        state.tables.insert("lines".to_string(), table(&[]));
        assert!(unsafe_reason(&table(&[]), &state, &[])
            .unwrap()
            .contains("no primary key"));
        assert_eq!(unsafe_reason(&table(&["a"]), &state, &[]), None);
        let triggered = ["lines".to_string()];
        assert!(unsafe_reason(&table(&["a"]), &state, &triggered)
            .unwrap()
            .contains("triggers"));
    }
}
