//! [`Plan::parts`]: an online PostgreSQL plan as a revision in a transaction followed by a
//! revision outside one.
//!
//! `CREATE INDEX CONCURRENTLY` cannot run in a transaction, and a constraint validated in
//! the transaction that added it holds the adding statement's lock for the whole scan. So
//! the changes whose lock-safe form needs statements of their own — indexes built or
//! dropped on existing tables, unique constraints and primary keys attached to such an
//! index, foreign keys and checks validated after `NOT VALID`, `SET NOT NULL` through a
//! validated check — move to a second revision marked `-- shale:transaction off`, which the
//! runner already runs a statement at a time with its progress recorded; so do their
//! inverses (a constraint dropped, a column made nullable), so that the downgrade of that
//! revision re-creates them in the lock-safe form. Everything else
//! stays in the first revision, in one transaction. Each revision's downgrade is the exact
//! inverse of its own upgrade, so downgrading both undoes the plan.
//!
//! Moving a change after the transaction is safe unless a change that stays in it, and
//! came after it, needs it done first (a column dropped after its index or constraint):
//! such a change stays in the transaction, in its plain form — except that a new table
//! needing it (a foreign key to a new unique index) moves out with it.

use super::{reverse_changes, Plan};
use crate::diff::{apply_all, Change, Part};
use crate::schema::{ObjectKind, Schema};
use std::collections::BTreeSet;

impl Plan {
    /// The revisions this plan is written as, in order: the plan itself, or — for an
    /// online plan on a dialect whose lock-safe DDL cannot run in a transaction, when it
    /// has changes of both kinds — a part in a transaction, then a part outside one.
    pub fn parts(&self) -> Vec<Plan> {
        self.clone().into_parts()
    }

    /// [`Plan::parts`], moving this plan (and its start schema) into the first part
    /// rather than copying it.
    pub fn into_parts(self) -> Vec<Plan> {
        match self.enum_values_first() {
            Some((values, rest)) => {
                let mut parts = vec![values];
                parts.extend(rest.into_online_parts());
                parts
            }
            None => self.into_online_parts(),
        }
    }

    /// The plan as a revision of the enum labels it adds that its other changes use
    /// (a default, a check, a view naming `'rejected'`), then the rest; `None` when no
    /// change uses a new label. PostgreSQL refuses a label added by `ALTER TYPE … ADD
    /// VALUE` until the transaction that added it commits ("unsafe use of new value").
    fn enum_values_first(&self) -> Option<(Plan, Plan)> {
        let adds_values = |c: &Change| match c {
            Change::AlterEnum { from, to, .. } => {
                to.len() > from.len() && crate::diff::adds_labels(from, to)
            }
            _ => false,
        };
        let (values, rest): (Vec<Change>, Vec<Change>) =
            self.upgrade.iter().cloned().partition(adds_values);
        let new_labels: Vec<String> = values
            .iter()
            .flat_map(|c| match c {
                Change::AlterEnum { from, to, .. } => to
                    .iter()
                    .filter(|l| !from.contains(l))
                    .map(|l| self.dialect.string_literal(l))
                    .collect(),
                _ => Vec::new(),
            })
            .collect();
        let uses_new_label = |c: &Change| {
            let text = serde_json::to_string(c).unwrap_or_default();
            new_labels.iter().any(|l| text.contains(l.as_str()))
        };
        if !rest.iter().any(uses_new_label) {
            return None;
        }
        let middle = apply_all(&self.start, &values);
        let mut first = self.part(self.start.clone(), values, true);
        first.warnings.clear();
        Some((first, self.part(middle, rest, self.transactional)))
    }

    /// The online split of [`Plan::parts`]: the plan, or a part in a transaction and a
    /// part outside one.
    fn into_online_parts(self) -> Vec<Plan> {
        let split = self.online.is_some() && self.dialect.concurrent_ddl_outside_transaction();
        if !split {
            return vec![self];
        }
        let moves = outside_transaction(&self.upgrade);
        let (mut inside, mut outside) = (Vec::new(), Vec::new());
        for (change, &moves) in self.upgrade.iter().zip(&moves) {
            match moves {
                true => outside.push(change.clone()),
                false => inside.push(change.clone()),
            }
        }
        // Backfills alone (or nothing) make no revision of their own: with nothing to
        // undo, its downgrade would be empty. They run as well a statement at a time,
        // before the `SET NOT NULL` they are for.
        let only_backfills = inside.iter().all(|c| matches!(c, Change::Backfill { .. }));
        match (inside.is_empty(), outside.is_empty()) {
            (_, true) => vec![self],
            (_, false) if only_backfills => {
                let upgrade = self.upgrade.clone();
                vec![self.part(self.start.clone(), upgrade, false)]
            }
            _ => {
                let middle = apply_all(&self.start, &inside);
                let mut second = self.part(middle, outside, false);
                second.warnings.clear();
                vec![self.part(self.start.clone(), inside, true), second]
            }
        }
    }

    /// A plan of `upgrade` from `start` with this plan's dialect, warnings and online
    /// settings.
    pub(super) fn part(&self, start: Schema, upgrade: Vec<Change>, transactional: bool) -> Plan {
        Plan {
            dialect: self.dialect,
            start,
            downgrade: reverse_changes(&upgrade),
            upgrade,
            warnings: self.warnings.clone(),
            online: self.online.clone(),
            transactional,
        }
    }
}

/// For each change, whether it goes to the part outside the transaction.
fn outside_transaction(changes: &[Change]) -> Vec<bool> {
    // The tables, partitions and materialized views created (or dropped) by the plan:
    // nothing on them needs a lock-safe form.
    let created: BTreeSet<&str> = changes
        .iter()
        .filter_map(|c| match c {
            Change::CreateTable(t) => Some(t.name.as_str()),
            Change::CreateObject(o) | Change::DropObject(o)
                if matches!(o.kind, ObjectKind::Partition | ObjectKind::MaterializedView) =>
            {
                Some(o.name.as_str())
            }
            _ => None,
        })
        .collect();
    let added: BTreeSet<(&str, &str)> = changes
        .iter()
        .filter_map(|c| match c {
            Change::AddColumn { table, column, .. } => Some((table.as_str(), column.name.as_str())),
            _ => None,
        })
        .collect();
    let mut outside: Vec<bool> = changes
        .iter()
        .map(|c| lock_safe_outside(c, &created, &added))
        .collect();
    // A later change staying in the transaction may need one that moved: a new table
    // that needs it (a foreign key to a new unique index) moves too — `CREATE TABLE`
    // runs as well outside a transaction — and so does a table's `INHERIT` that needs
    // its new check; anything else keeps the change it needs in the transaction. Until nothing moves: each move can make another change needed.
    let mut kept = vec![false; changes.len()];
    loop {
        let mut moved = false;
        for i in 0..changes.len() {
            if !outside[i] {
                continue;
            }
            for j in i + 1..changes.len() {
                if outside[j] || !needs(&changes[j], &changes[i]) {
                    continue;
                }
                let movable = matches!(changes[j], Change::CreateTable(_) | Change::Inherit { .. })
                    || is_comment(&changes[j]);
                if movable && !kept[j] {
                    outside[j] = true;
                } else {
                    outside[i] = false;
                    kept[i] = true;
                }
                moved = true;
                break;
            }
        }
        if !moved {
            return outside;
        }
    }
}

/// Whether `change` goes outside the transaction: it builds, drops or validates something
/// on a table (or a partition's or materialized view's own index) that existed before the
/// plan, or makes a column that existed NOT NULL — or
/// it is the inverse of such a change (a constraint dropped, a column made nullable), so
/// that the downgrade, which undoes this part first, writes the lock-safe form too.
fn lock_safe_outside(
    change: &Change,
    created: &BTreeSet<&str>,
    added: &BTreeSet<(&str, &str)>,
) -> bool {
    let existing = |table: &String| !created.contains(table.as_str());
    match change {
        Change::AddIndex { table, .. }
        | Change::DropIndex { table, .. }
        | Change::AddUnique { table, .. }
        | Change::AddPrimaryKey { table, .. }
        | Change::AddForeignKey { table, .. }
        | Change::AddCheck { table, .. }
        | Change::DropUnique { table, .. }
        | Change::DropPrimaryKey { table, .. }
        | Change::DropForeignKey { table, .. }
        | Change::DropCheck { table, .. } => existing(table),
        Change::CreateObject(o) | Change::DropObject(o) if o.kind == ObjectKind::ViewIndex => {
            o.table.as_ref().is_some_and(existing)
        }
        Change::AlterColumn { table, from, to } => {
            from.nullable != to.nullable
                && existing(table)
                && !added.contains(&(table.as_str(), to.name.as_str()))
        }
        Change::AlterInheritedColumn { table, from, to } => {
            from.not_null != to.not_null && existing(table)
        }
        _ => false,
    }
}

/// Whether `later`, run before `earlier` once `earlier` moves out of the transaction,
/// would fail or change meaning.
fn needs(later: &Change, earlier: &Change) -> bool {
    match earlier {
        // The index must be gone before its table or a column of it goes (PostgreSQL
        // drops the index with them), and before its name is used again.
        Change::DropIndex { table, index } => match later {
            Change::DropColumn { table: t, .. } => t == table,
            Change::DropTable(t) => &t.name == table,
            other => creates_relation(other, &index.name),
        },
        // A constraint must be gone before anything else changes its table (a column it
        // covers dropped or retyped, the table dropped, its name used again), and a
        // foreign key before its referenced table changes.
        Change::DropUnique { table, unique } => {
            touches(later, table) || creates_relation(later, &unique.name)
        }
        Change::DropPrimaryKey { table, key } => {
            touches(later, table)
                || key
                    .name
                    .as_deref()
                    .is_some_and(|name| creates_relation(later, name))
        }
        // A check must be gone before a routine it calls is dropped.
        Change::DropCheck { table, check } => {
            touches(later, table)
                || matches!(later, Change::DropObject(o)
                if matches!(o.kind, ObjectKind::Function | ObjectKind::Procedure)
                    && crate::schema::identifiers(&check.expression).iter().any(|i| {
                        Some(i.as_str()) == o.name.split('(').next()
                    }))
        }
        Change::DropForeignKey { table, key } => {
            touches(later, table) || touches(later, &key.ref_table)
        }
        // A column made nullable (the contract of an expand) before it is dropped or
        // renamed.
        Change::AlterColumn { table, to, .. } => match later {
            Change::DropColumn {
                table: t, column, ..
            } => t == table && column.name == to.name,
            Change::RenameColumn { table: t, from, .. } => t == table && from == &to.name,
            _ => false,
        },
        // A new table is needed by the tables that reference it and the changes to it.
        Change::CreateTable(created) => match later {
            Change::CreateTable(t) => t.foreign_keys.values().any(|k| k.ref_table == created.name),
            Change::AddForeignKey { key, .. } => key.ref_table == created.name,
            other => other.table() == Some(created.name.as_str()),
        },
        // A table must have its parent's checks, validated, before it inherits from it:
        // `INHERIT` follows the check out of the transaction.
        Change::AddCheck { table, .. } => {
            matches!(later, Change::Inherit { table: t, .. } if t == table)
        }
        // A comment on a new index or constraint needs it.
        _ if comments_on_added(later, earlier) => true,
        // A foreign key needs a unique index on the columns it references.
        Change::AddIndex { table, .. }
        | Change::AddUnique { table, .. }
        | Change::AddPrimaryKey { table, .. } => match later {
            Change::CreateTable(t) => t.foreign_keys.values().any(|k| &k.ref_table == table),
            Change::AddForeignKey { key, .. } => &key.ref_table == table,
            _ => false,
        },
        _ => false,
    }
}

/// Whether `change` sets a comment (which runs as well outside a transaction).
fn is_comment(change: &Change) -> bool {
    matches!(change, Change::CreateObject(o) if o.kind == ObjectKind::Comment)
}

/// Whether `later` sets the comment of the index or constraint that `earlier` adds (a
/// unique constraint added with an index built concurrently, in the second part, gets
/// its comment there too).
fn comments_on_added(later: &Change, earlier: &Change) -> bool {
    let Change::CreateObject(o) = later else {
        return false;
    };
    if o.kind != ObjectKind::Comment {
        return false;
    }
    let (table, part) = match earlier.clone() {
        Change::AddIndex { table, index } => (table, Part::Index(index)),
        Change::AddUnique { table, unique } => (table, Part::Unique(unique)),
        Change::AddPrimaryKey { table, key } => (table, Part::PrimaryKey(key)),
        Change::AddCheck { table, check } => (table, Part::Check(check)),
        Change::AddForeignKey { table, key } => (table, Part::ForeignKey(key)),
        _ => return false,
    };
    crate::diff::part_comments::comments_on(o, &table, &part).is_some()
}

/// Whether `change` changes or drops `table`.
fn touches(change: &Change, table: &str) -> bool {
    match change {
        Change::DropTable(t) => t.name == table,
        Change::RenameTable { from, .. } => from == table,
        other => other.table() == Some(table),
    }
}

/// Whether `change` creates an index (or a constraint backed by one) named `name`:
/// indexes share one namespace per schema in PostgreSQL.
fn creates_relation(change: &Change, name: &str) -> bool {
    match change {
        Change::CreateTable(t) => {
            t.indexes.contains_key(name)
                || t.uniques.contains_key(name)
                || t.primary_key.as_ref().and_then(|k| k.name.as_deref()) == Some(name)
        }
        Change::AddIndex { index, .. } => index.name == name,
        Change::AddUnique { unique, .. } => unique.name == name,
        Change::AddPrimaryKey { key, .. } => key.name.as_deref() == Some(name),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::OnlineOptions;
    use super::*;
    use crate::dialect::Dialect;
    use crate::schema::{Column, ForeignKey, Index, Table};

    fn users() -> Table {
        Table {
            name: "users".into(),
            columns: vec![
                Column {
                    name: "id".into(),
                    ty: "bigint".into(),
                    ..Column::default()
                },
                Column {
                    name: "email".into(),
                    ty: "text".into(),
                    nullable: true,
                    ..Column::default()
                },
            ],
            ..Table::default()
        }
    }

    fn online(plan: Plan) -> Plan {
        plan.online(Some(OnlineOptions {
            lock_timeout: "500ms".into(),
        }))
    }

    fn index(name: &str, unique: bool) -> Index {
        Index {
            name: name.into(),
            columns: vec!["email".into()],
            unique,
            predicate: None,
            ..Index::default()
        }
    }

    #[test]
    fn an_index_on_an_existing_table_moves_out_of_the_transaction() {
        let start = Schema {
            tables: [("users".to_string(), users())].into(),
            ..Schema::default()
        };
        let mut posts = users();
        posts.name = "posts".into();
        let plan = online(Plan::new(
            Dialect::Postgres,
            start,
            vec![
                Change::CreateTable(posts),
                Change::AddIndex {
                    table: "users".into(),
                    index: index("ix_users_email", false),
                },
            ],
        ));
        let parts = plan.parts();
        assert_eq!(parts.len(), 2);
        assert!(parts[0].transactional && !parts[1].transactional);
        assert!(matches!(parts[0].upgrade[..], [Change::CreateTable(_)]));
        assert!(parts[1].start.tables.contains_key("posts"));
        let text = parts[1].render();
        assert_eq!(
            text.upgrade[0].sql,
            "CREATE INDEX CONCURRENTLY ix_users_email ON users (email)"
        );
        assert_eq!(
            text.downgrade[0].sql,
            "DROP INDEX CONCURRENTLY ix_users_email"
        );
        assert!(!text.transactional);
        // Plain, or on another dialect, the plan is one revision.
        let plain = Plan::new(Dialect::Postgres, plan.start.clone(), plan.upgrade.clone());
        assert_eq!(plain.parts().len(), 1);
        let mysql = online(Plan::new(
            Dialect::Mysql,
            plan.start.clone(),
            plan.upgrade.clone(),
        ));
        assert_eq!(mysql.parts().len(), 1);
    }

    #[test]
    fn a_new_table_that_references_a_new_unique_index_moves_with_it() {
        let start = Schema {
            tables: [("users".to_string(), users())].into(),
            ..Schema::default()
        };
        let mut posts = users();
        posts.name = "posts".into();
        posts.foreign_keys.insert(
            "fk_posts_email".into(),
            ForeignKey {
                name: "fk_posts_email".into(),
                columns: vec!["email".into()],
                ref_table: "users".into(),
                ref_columns: vec!["email".into()],
                on_delete: None,
                on_update: None,
                ..Default::default()
            },
        );
        let plan = online(Plan::new(
            Dialect::Postgres,
            start,
            vec![
                Change::AddIndex {
                    table: "users".into(),
                    index: index("uq_users_email", true),
                },
                Change::CreateTable(posts),
            ],
        ));
        let parts = plan.parts();
        assert_eq!(parts.len(), 1);
        assert!(!parts[0].transactional);
        let text = parts[0].render();
        let sql: Vec<&str> = text.upgrade.iter().map(|s| s.sql.as_str()).collect();
        assert!(sql[0].starts_with("CREATE UNIQUE INDEX CONCURRENTLY uq_users_email"));
        assert_eq!(sql[1], "SET lock_timeout = '500ms'");
        assert!(sql[2].starts_with("CREATE TABLE posts"), "{sql:?}");
    }

    #[test]
    fn a_comment_on_a_new_index_moves_with_it() {
        let start = Schema {
            tables: [("users".to_string(), users())].into(),
            ..Schema::default()
        };
        let comment = Change::CreateObject(crate::schema::Object {
            kind: ObjectKind::Comment,
            name: "INDEX ix_users_email".into(),
            table: Some("users".into()),
            definition: "COMMENT ON INDEX ix_users_email IS 'x'".into(),
        });
        let plan = online(Plan::new(
            Dialect::Postgres,
            start,
            vec![
                Change::AddIndex {
                    table: "users".into(),
                    index: index("ix_users_email", false),
                },
                comment.clone(),
            ],
        ));
        let parts = plan.parts();
        assert_eq!(parts.len(), 1, "{parts:?}");
        assert!(!parts[0].transactional);
        assert_eq!(parts[0].upgrade[1], comment);
    }

    #[test]
    fn a_comment_on_a_new_unique_constraint_moves_with_it() {
        // An index renamed to a unique constraint: the constraint is added outside the
        // transaction, on an index built concurrently, and its comment after it.
        let start = Schema {
            tables: [("users".to_string(), users())].into(),
            ..Schema::default()
        };
        let comment = |on: &str| crate::schema::Object {
            kind: ObjectKind::Comment,
            name: on.into(),
            table: Some("users".into()),
            definition: format!("COMMENT ON {on} IS 'x'"),
        };
        let old = comment("INDEX ix_users_email");
        let new = comment("CONSTRAINT uq_users_email ON users");
        let plan = online(Plan::new(
            Dialect::Postgres,
            start,
            vec![
                Change::DropObject(old.clone()),
                Change::DropIndex {
                    table: "users".into(),
                    index: index("ix_users_email", true),
                },
                Change::AddUnique {
                    table: "users".into(),
                    unique: crate::schema::UniqueConstraint {
                        name: "uq_users_email".into(),
                        columns: vec!["email".into()],
                        ..Default::default()
                    },
                },
                Change::CreateObject(new.clone()),
            ],
        ));
        let parts = plan.parts();
        assert_eq!(parts.len(), 2, "{parts:?}");
        assert_eq!(parts[0].upgrade, [Change::DropObject(old)]);
        assert_eq!(parts[1].upgrade[2], Change::CreateObject(new));
    }

    #[test]
    fn enum_labels_used_by_other_changes_come_in_a_revision_of_their_own() {
        let labels = |v: &[&str]| v.iter().map(|l| l.to_string()).collect::<Vec<_>>();
        let add = Change::AlterEnum {
            name: "order_status".into(),
            from: labels(&["pending"]),
            to: labels(&["pending", "rejected"]),
        };
        let status = |default: &str| Column {
            name: "status".into(),
            ty: "order_status".into(),
            nullable: true,
            default: Some(default.into()),
            ..Column::default()
        };
        let redefault = Change::AlterColumn {
            table: "orders".into(),
            from: status("'pending'::order_status"),
            to: status("'rejected'::order_status"),
        };
        let plan = Plan::new(
            Dialect::Postgres,
            Schema::default(),
            vec![add.clone(), redefault],
        );
        let parts = plan.parts();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].upgrade, std::slice::from_ref(&add));
        assert!(parts[0].transactional && parts[1].transactional);
        assert_eq!(
            parts[1].start.enums["order_status"],
            labels(&["pending", "rejected"])
        );
        // A label nothing else uses is added with the rest.
        let unrelated = Change::AlterColumn {
            table: "orders".into(),
            from: status("'pending'::order_status"),
            to: Column {
                nullable: false,
                ..status("'pending'::order_status")
            },
        };
        let plan = Plan::new(Dialect::Postgres, Schema::default(), vec![add, unrelated]);
        assert_eq!(plan.parts().len(), 1);
    }
}
