//! [`Plan::expand`]: a plan whose changes break running code, split into an expand plan
//! and a contract plan, so that the previous and the next release of an application both
//! work against the schema between the two (`shale revision --autogenerate --expand`).
//!
//! The changes that break a running release are a column renamed and a column whose type
//! changes: the previous release reads and writes the old name (or type), the next one the
//! new. For each such column:
//!
//! ```text
//! expand:   add the new column (nullable, no default: a writer of the previous release
//!           leaves it NULL), triggers that keep old and new equal both ways, a batched
//!           backfill of the rows already there (AddSync) — and every other change of the
//!           diff. A type change in place gets a shadow column, `<column>_shale_new`.
//! contract: drop the triggers, the old column (with its indexes), rename the shadow
//!           column to its name, then the new column's final NOT NULL, default and
//!           indexes (computed by the diff from the schema the expand leaves).
//! ```
//!
//! Each plan's downgrade is its exact inverse. In the contract, the old column is first
//! made nullable: undone last, that re-adds it nullable, re-creates the triggers, whose
//! backfill fills it from the new column, and only then makes it NOT NULL again.
//!
//! Columns in a primary key or a foreign key (on either side), in a check, with a server
//! default, auto-increment or generated are refused: their expand/contract needs choices
//! a diff cannot make.

use super::Plan;
use crate::dialect::Dialect;
use crate::diff::{apply_all, diff, Change, ColumnPosition, ColumnSync, DiffOptions};
use crate::schema::{Column, Schema, Table};
use std::fmt;

/// The suffix of the shadow column that carries a type change until the contract.
pub const SHADOW_SUFFIX: &str = "_shale_new";

/// Why a plan cannot be written as expand and contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpandError(pub String);

impl fmt::Display for ExpandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A plan written as an expand plan and a contract plan (each may still be written as
/// several revisions: see [`Plan::parts`]).
#[derive(Debug, Clone)]
pub struct Expansion {
    pub expand: Plan,
    pub contract: Plan,
    /// The columns kept in sync, as `table.old -> table.new` (for messages).
    pub synced: Vec<String>,
}

impl Expansion {
    /// The revisions to write, in order: the expand — on PostgreSQL online, one revision
    /// outside a transaction, so that each batch of the backfill commits by itself and
    /// holds its row locks only that long — then the contract, in as many parts as its
    /// lock-safe form needs (see [`Plan::parts`]).
    pub fn revisions(&self) -> Vec<Plan> {
        let mut expand = self.expand.clone();
        if expand.online.is_some() && expand.dialect.concurrent_ddl_outside_transaction() {
            expand.transactional = false;
        }
        let mut out = vec![expand];
        out.extend(self.contract.parts());
        out
    }
}

/// One breaking column change: the column as it is, and as the models want it.
#[derive(Debug, Clone)]
struct Swap {
    table: String,
    old: Column,
    target: Column,
    /// The column the expand adds: the target's name, or a shadow for a type change in
    /// place.
    shadow: String,
}

impl Plan {
    /// The plan as expand and contract, or `None` when none of its changes breaks running
    /// code (the plan is then written as it is).
    pub fn expand(&self) -> Result<Option<Expansion>, ExpandError> {
        let after = self.after();
        let swaps = breaking(&self.start, &self.upgrade, &after)?;
        if swaps.is_empty() {
            return Ok(None);
        }
        let middle = middle_schema(&self.start, &after, &swaps, self.dialect);
        let mut expand = diff(&self.start, &middle, &DiffOptions::default()).changes;
        // The schema the expand leaves (as `middle`, columns in the order the database
        // has them): the contract starts there; the sync changes nothing in it.
        let expanded = apply_all(&self.start, &expand);
        let mut contract = Vec::new();
        for swap in &swaps {
            let table = &expanded.tables[&swap.table];
            let old = table.column(&swap.old.name).cloned().expect("old column");
            let new = table.column(&swap.shadow).cloned().expect("shadow column");
            let sync = ColumnSync {
                old: old.clone(),
                new,
            };
            expand.push(Change::AddSync {
                table: swap.table.clone(),
                sync: sync.clone(),
            });
            contract.extend(contract_swap(table, swap, sync, &swaps));
        }
        // The rest — the new column's NOT NULL, default, indexes, and where MySQL/MariaDB
        // can move them, the columns' places — is what the diff finds between the schema
        // the swaps leave and the models.
        let before_final = apply_all(&expanded, &contract);
        // The sync's backfill has filled the new columns: no placeholder for them.
        let filled = |table: &str, column: &str| {
            swaps
                .iter()
                .any(|s| s.table == table && s.target.name == column)
        };
        contract.extend(
            diff(
                &before_final,
                &after,
                &DiffOptions::for_dialect(self.dialect),
            )
            .changes
            .into_iter()
            .filter(|c| !matches!(c, Change::Backfill { table, column } if filled(table, column))),
        );
        let synced = swaps
            .iter()
            .map(|s| {
                format!(
                    "{}.{} -> {}.{}",
                    s.table, s.old.name, s.table, s.target.name
                )
            })
            .collect();
        let expand = self.part(self.start.clone(), expand, true);
        let contract = self.part(expanded, contract, true);
        Ok(Some(Expansion {
            expand,
            contract,
            synced,
        }))
    }
}

/// The renamed and retyped columns of tables that exist before the plan.
fn breaking(start: &Schema, changes: &[Change], after: &Schema) -> Result<Vec<Swap>, ExpandError> {
    // (table, name now) -> name in `start`
    let mut origin: Vec<(String, String, String)> = Vec::new();
    let mut swaps: Vec<(String, String, String)> = Vec::new();
    for change in changes {
        match change {
            Change::RenameColumn { table, from, to } if start.tables.contains_key(table) => {
                let first = origin
                    .iter()
                    .find(|(t, now, _)| t == table && now == from)
                    .map(|(_, _, o)| o.clone())
                    .unwrap_or_else(|| from.clone());
                origin.push((table.clone(), to.clone(), first.clone()));
                swaps.push((table.clone(), first, to.clone()));
            }
            Change::AlterColumn { table, from, to }
                if start.tables.contains_key(table) && !from.ty.same_as(&to.ty) =>
            {
                let first = origin
                    .iter()
                    .find(|(t, now, _)| t == table && now == &to.name)
                    .map(|(_, _, o)| o.clone())
                    .unwrap_or_else(|| to.name.clone());
                if !swaps.iter().any(|(t, o, _)| t == table && o == &first) {
                    swaps.push((table.clone(), first, to.name.clone()));
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (table, old, new) in swaps {
        let start_table = &start.tables[&table];
        let (Some(old_column), Some(target)) = (
            start_table.column(&old),
            after.tables.get(&table).and_then(|t| t.column(&new)),
        ) else {
            continue;
        };
        refuse_unsupported(start, start_table, old_column)?;
        let shadow = if old == new {
            format!("{new}{SHADOW_SUFFIX}")
        } else {
            new.clone()
        };
        out.push(Swap {
            table,
            old: old_column.clone(),
            target: target.clone(),
            shadow,
        });
    }
    Ok(out)
}

/// Refuses a column whose expand/contract this planner does not write.
fn refuse_unsupported(start: &Schema, table: &Table, column: &Column) -> Result<(), ExpandError> {
    let name = &column.name;
    let at = format!("{}.{name}", table.name);
    let covers = |cols: &[String]| cols.iter().any(|c| c == name);
    let why = if column.default.is_some() {
        Some("it has a server default")
    } else if column.autoincrement {
        Some("it is auto-incremented")
    } else if column.generated.is_some() {
        Some("it is a generated column")
    } else if table
        .primary_key
        .as_ref()
        .is_some_and(|k| covers(&k.columns))
    {
        Some("it is part of the primary key")
    } else if table.foreign_keys.values().any(|k| covers(&k.columns))
        || start.tables.values().any(|t| {
            t.foreign_keys
                .values()
                .any(|k| k.ref_table == table.name && covers(&k.ref_columns))
        })
    {
        Some("a foreign key uses it")
    } else if table.checks.values().any(|c| {
        crate::diff::apply::replace_identifier(&c.expression, name, "\u{0}") != c.expression
    }) {
        Some("a check constraint uses it")
    } else {
        None
    };
    match why {
        Some(why) => Err(ExpandError(format!(
            "--expand cannot write the change of column {at}: {why}. Write this change \
             without --expand (or by hand), or change the column in two steps"
        ))),
        None => Ok(()),
    }
}

/// The schema between expand and contract: the models' schema, except that each swapped
/// column is still there as it was (nullable on SQLite, whose triggers fill it after the
/// insert), with its indexes, and the new column sits beside it, nullable, without a
/// default, indexes, foreign keys or checks of its own yet.
fn middle_schema(start: &Schema, after: &Schema, swaps: &[Swap], dialect: Dialect) -> Schema {
    let mut middle = after.clone();
    for swap in swaps {
        let before = &start.tables[&swap.table];
        let table = middle.tables.get_mut(&swap.table).expect("swapped table");
        let mentions_new = |cols: &[String]| cols.iter().any(|c| c == &swap.target.name);
        let mentions_old = |cols: &[String]| cols.iter().any(|c| c == &swap.old.name);
        // What the models put on the new column comes with the contract, once the column
        // holds every row's value under its final name.
        table.indexes.retain(|_, i| !mentions_new(&i.columns));
        table.uniques.retain(|_, u| !mentions_new(&u.columns));
        table.foreign_keys.retain(|_, k| !mentions_new(&k.columns));
        table.checks.retain(|_, c| {
            crate::diff::apply::replace_identifier(&c.expression, &swap.target.name, "\u{0}")
                == c.expression
        });
        for (name, index) in &before.indexes {
            if mentions_old(&index.columns) {
                table.indexes.insert(name.clone(), index.clone());
            }
        }
        for (name, unique) in &before.uniques {
            if mentions_old(&unique.columns) {
                table.uniques.insert(name.clone(), unique.clone());
            }
        }
        let mut old = swap.old.clone();
        if dialect == Dialect::Sqlite {
            old.nullable = true;
        }
        let shadow = Column {
            name: swap.shadow.clone(),
            nullable: true,
            default: None,
            ..swap.target.clone()
        };
        let at = table
            .columns
            .iter()
            .position(|c| c.name == swap.target.name)
            .unwrap_or(table.columns.len());
        table.columns.retain(|c| c.name != swap.target.name);
        table.columns.insert(at.min(table.columns.len()), old);
        table.columns.push(shadow);
    }
    middle
}

/// The start of the contract for one swap: the old column made nullable (so that the
/// downgrade fills it before NOT NULL comes back), the triggers dropped, the old column's
/// indexes and the old column dropped, and a shadow column renamed to its name. The old
/// column is put back by the downgrade where it is in `table` (MySQL/MariaDB place it):
/// after the nearest column before it that no swap of `swaps` drops, which is there when
/// it comes back (old columns sharing that column come back last first, each right after
/// it).
fn contract_swap(table: &Table, swap: &Swap, sync: ColumnSync, swaps: &[Swap]) -> Vec<Change> {
    let name = &swap.table;
    let mut out = Vec::new();
    let old = sync.old.clone();
    let dropped = |c: &str| swaps.iter().any(|s| &s.table == name && s.old.name == c);
    let position = table
        .columns
        .iter()
        .position(|c| c.name == old.name)
        .map(
            |at| match table.columns[..at].iter().rev().find(|c| !dropped(&c.name)) {
                Some(before) => ColumnPosition::After(before.name.clone()),
                None => ColumnPosition::First,
            },
        );
    let relaxed = Column {
        nullable: true,
        ..old.clone()
    };
    if !old.nullable {
        out.push(Change::AlterColumn {
            table: name.clone(),
            from: old.clone(),
            to: relaxed.clone(),
        });
    }
    out.push(Change::DropSync {
        table: name.clone(),
        sync,
    });
    let mentions_old = |cols: &[String]| cols.iter().any(|c| c == &old.name);
    for unique in table.uniques.values() {
        if mentions_old(&unique.columns) {
            out.push(Change::DropUnique {
                table: name.clone(),
                unique: unique.clone(),
            });
        }
    }
    for index in table.indexes.values() {
        if mentions_old(&index.columns) {
            out.push(Change::DropIndex {
                table: name.clone(),
                index: index.clone(),
            });
        }
    }
    out.push(Change::DropColumn {
        table: name.clone(),
        column: relaxed,
        position,
    });
    if swap.shadow != swap.target.name {
        out.push(Change::RenameColumn {
            table: name.clone(),
            from: swap.shadow.clone(),
            to: swap.target.name.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::OnlineOptions;
    use super::*;
    use crate::schema::Index;

    fn column(name: &str, ty: &str, nullable: bool) -> Column {
        Column {
            name: name.into(),
            ty: ty.into(),
            nullable,
            ..Column::default()
        }
    }

    fn users(fullname: Column) -> Schema {
        let table = Table {
            name: "users".into(),
            columns: vec![column("id", "bigint", false), fullname],
            indexes: [(
                "ix_users_fullname".to_string(),
                Index {
                    name: "ix_users_fullname".into(),
                    columns: vec!["fullname".into()],
                    ..Index::default()
                },
            )]
            .into(),
            ..Table::default()
        };
        Schema {
            tables: [("users".to_string(), table)].into(),
            ..Schema::default()
        }
    }

    fn rename(dialect: Dialect, fullname: Column) -> Plan {
        Plan::new(
            dialect,
            users(fullname),
            vec![Change::RenameColumn {
                table: "users".into(),
                from: "fullname".into(),
                to: "name".into(),
            }],
        )
        .online(Some(OnlineOptions {
            lock_timeout: "500ms".into(),
        }))
    }

    #[test]
    fn a_rename_is_an_expand_then_a_contract_that_end_where_the_plan_does() {
        for dialect in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
            let plan = rename(dialect, column("fullname", "text", false));
            let e = plan
                .expand()
                .unwrap()
                .expect("a rename breaks running code");
            assert_eq!(e.synced, ["users.fullname -> users.name"]);
            let added = e.expand.upgrade.iter().any(|c| {
                matches!(c, Change::AddColumn { column, .. } if column.name == "name" && column.nullable)
            });
            assert!(added, "{dialect:?}: {:?}", e.expand.upgrade);
            assert!(matches!(
                e.expand.upgrade.last(),
                Some(Change::AddSync { .. })
            ));
            assert_eq!(e.contract.start, e.expand.after(), "{dialect:?}");
            assert_eq!(e.contract.after(), plan.after(), "{dialect:?}");
            // Each downgrade ends where its upgrade started (a column added back comes
            // last, as in the database).
            for part in [&e.expand, &e.contract] {
                let back = apply_all(&part.after(), &part.downgrade);
                let left = diff(&back, &part.start, &DiffOptions::default());
                assert!(left.is_empty(), "{dialect:?}: {:?}", left.changes);
            }
            // The old column is dropped only after it is made nullable and its sync and
            // index are gone.
            let kinds: Vec<&str> = e
                .contract
                .upgrade
                .iter()
                .map(|c| match c {
                    Change::AlterColumn { .. } => "alter",
                    Change::DropSync { .. } => "unsync",
                    Change::DropIndex { .. } => "drop index",
                    Change::DropColumn { .. } => "drop column",
                    Change::AddIndex { .. } => "add index",
                    _ => "other",
                })
                .collect();
            let first = &kinds[..4];
            match dialect {
                // The old column is nullable on SQLite from the expand on.
                Dialect::Sqlite => assert_eq!(&kinds[..3], ["unsync", "drop index", "drop column"]),
                _ => assert_eq!(first, ["alter", "unsync", "drop index", "drop column"]),
            }
            let revisions = e.revisions();
            match dialect {
                Dialect::Postgres => {
                    assert!(!revisions[0].transactional);
                    assert!(revisions[1].transactional);
                }
                _ => assert!(revisions.iter().all(|r| r.transactional)),
            }
        }
    }

    #[test]
    fn a_type_change_in_place_goes_through_a_shadow_column() {
        let start = users(column("fullname", "integer", true));
        let plan = Plan::new(
            Dialect::Postgres,
            start,
            vec![Change::AlterColumn {
                table: "users".into(),
                from: column("fullname", "integer", true),
                to: column("fullname", "bigint", true),
            }],
        );
        let e = plan.expand().unwrap().unwrap();
        let shadow = format!("fullname{SHADOW_SUFFIX}");
        assert!(e.expand.after().tables["users"].column(&shadow).is_some());
        assert!(e.contract.upgrade.iter().any(|c| matches!(
            c,
            Change::RenameColumn { from, to, .. } if from == &shadow && to == "fullname"
        )));
        assert_eq!(e.contract.after(), plan.after());
        let sql = e.expand.render().upgrade_sql();
        assert!(sql.contains("CAST(NEW.fullname AS bigint)"), "{sql}");
    }

    #[test]
    fn a_column_with_a_default_is_refused_and_other_plans_are_left_alone() {
        let mut with_default = column("fullname", "text", false);
        with_default.default = Some("'x'".into());
        let err = rename(Dialect::Postgres, with_default)
            .expand()
            .unwrap_err();
        assert!(
            err.0.contains("users.fullname: it has a server default"),
            "{err}"
        );
        let plain = Plan::new(Dialect::Postgres, Schema::default(), Vec::new());
        assert!(plain.expand().unwrap().is_none());
    }
}
