//! The named parts of a table — indexes, unique constraints, foreign keys, checks — and
//! how two versions of them are compared.
//!
//! Parts are matched by name. A constraint under another name is dropped and added
//! under the new one — the name is part of the schema, as the server reports it — unless
//! one of the names is one a server made up for an unnamed constraint (MySQL's
//! `t_ibfk_1`, SQLite's unnamed ones): those may differ between two databases built from
//! the same models, and renaming them would be churn. A unique index and a unique
//! constraint on the same columns count as equal: MySQL and SQLite report one as the other.
//! An index is the exception: `CREATE INDEX` names it, the name is how it is dropped or
//! hinted, and the models' name is the one the server would give (models are built on a
//! scratch database), so an index under another name is dropped and created anew.

use super::canonical::normalize_expr;
use super::change::Change;
use super::order::{Phase, Plan};
use crate::schema::{CheckConstraint, ForeignKey, Index, Table, UniqueConstraint};
use std::collections::{BTreeMap, BTreeSet};

/// Plans the index, unique, foreign key and check changes between two versions of a table.
pub(crate) fn diff_parts(cur: &Table, des: &Table, plan: &mut Plan) {
    let t = || des.name.clone();
    let (mut gone_ix, mut new_ix) = compare_by_name(&cur.indexes, &des.indexes, same_index);
    let (mut gone_uq, mut new_uq) = compare(&cur.uniques, &des.uniques, same_unique);
    cancel_equivalent(&mut gone_ix, &mut new_uq);
    cancel_equivalent(&mut new_ix, &mut gone_uq);
    // An index that only becomes visible or invisible is altered in place.
    new_ix.retain(|to| {
        let shown = |from: &Index| {
            from.name == to.name
                && from.invisible != to.invisible
                && same_index(
                    &Index {
                        invisible: to.invisible.clone(),
                        ..from.clone()
                    },
                    to,
                )
        };
        let Some(at) = gone_ix.iter().position(shown) else {
            return true;
        };
        let from = gone_ix.remove(at);
        plan.push(
            Phase::AddConstraint,
            Change::AlterIndex {
                table: t(),
                from,
                to: to.clone(),
            },
        );
        false
    });
    // An index or unique key whose comment alone changes (MySQL/MariaDB) is dropped and
    // added again next to each other, which the renderer writes as one `ALTER TABLE`.
    for (from, to) in take_recommented(&mut gone_ix, &mut new_ix, index_recommented) {
        plan.push(
            Phase::AddConstraint,
            Change::DropIndex {
                table: t(),
                index: from,
            },
        );
        plan.push(
            Phase::AddConstraint,
            Change::AddIndex {
                table: t(),
                index: to,
            },
        );
    }
    for (from, to) in take_recommented(&mut gone_uq, &mut new_uq, unique_recommented) {
        plan.push(
            Phase::AddConstraint,
            Change::DropUnique {
                table: t(),
                unique: from,
            },
        );
        plan.push(
            Phase::AddConstraint,
            Change::AddUnique {
                table: t(),
                unique: to,
            },
        );
    }
    for index in gone_ix {
        plan.push(
            Phase::DropConstraint,
            Change::DropIndex { table: t(), index },
        );
    }
    for index in new_ix {
        plan.push(Phase::AddConstraint, Change::AddIndex { table: t(), index });
    }
    for unique in gone_uq {
        plan.push(
            Phase::DropConstraint,
            Change::DropUnique { table: t(), unique },
        );
    }
    for unique in new_uq {
        plan.push(
            Phase::AddConstraint,
            Change::AddUnique { table: t(), unique },
        );
    }
    let (gone, new) = compare(&cur.checks, &des.checks, same_check);
    for check in gone {
        plan.push(
            Phase::DropConstraint,
            Change::DropCheck { table: t(), check },
        );
    }
    for check in new {
        plan.push(Phase::AddConstraint, Change::AddCheck { table: t(), check });
    }
    let (gone, new) = compare(&cur.foreign_keys, &des.foreign_keys, same_foreign_key);
    for key in gone {
        plan.push(
            Phase::DropForeignKey,
            Change::DropForeignKey { table: t(), key },
        );
    }
    for key in new {
        plan.push(
            Phase::AddForeignKey,
            Change::AddForeignKey { table: t(), key },
        );
    }
}

/// Takes out of `gone` and `new` the pairs `(from, to)` for which `recommented` holds —
/// one part under one name whose comment alone changes — in the order of `new`.
fn take_recommented<T: Clone>(
    gone: &mut Vec<T>,
    new: &mut Vec<T>,
    recommented: fn(&T, &T) -> bool,
) -> Vec<(T, T)> {
    let mut out = Vec::new();
    new.retain(|to| {
        let Some(at) = gone.iter().position(|from| recommented(from, to)) else {
            return true;
        };
        out.push((gone.remove(at), to.clone()));
        false
    });
    out
}

/// Whether index `to` is `from` under its name with another comment, and nothing else.
fn index_recommented(from: &Index, to: &Index) -> bool {
    let from_with = Index {
        comment: to.comment.clone(),
        ..from.clone()
    };
    from.name == to.name && from.comment != to.comment && same_index(&from_with, to)
}

/// Whether unique key `to` is `from` under its name with another comment, and nothing else.
fn unique_recommented(from: &UniqueConstraint, to: &UniqueConstraint) -> bool {
    let from_with = UniqueConstraint {
        comment: to.comment.clone(),
        ..from.clone()
    };
    from.name == to.name && from.comment != to.comment && same_unique(&from_with, to)
}

/// Removes each unique index (not partial) that has a unique constraint on the same
/// columns on the other side, and that constraint: the two enforce the same thing, and
/// MySQL and SQLite report one as the other.
fn cancel_equivalent(indexes: &mut Vec<Index>, uniques: &mut Vec<UniqueConstraint>) {
    indexes.retain(|ix| {
        let equivalent = |u: &UniqueConstraint| {
            ix.unique
                && ix.predicate.is_none()
                && ix.orders == u.orders
                && u.deferrable.is_none()
                && ix.method.is_none()
                && ix.include.is_empty()
                && ix.opclasses.is_empty()
                && ix.storage.is_empty()
                && ix.invisible == u.invisible
                && ix.nulls_not_distinct == u.nulls_not_distinct
                && ix.comment == u.comment
                && same_columns(&ix.columns, &u.columns)
        };
        match uniques.iter().position(equivalent) {
            Some(pos) => {
                uniques.remove(pos);
                false
            }
            None => true,
        }
    });
}

/// The parts to drop and the parts to add, each in name order. A part under a name the
/// other side lacks is renamed by a drop and an add, unless one of the two names is one a
/// server made up (see [`made_up`]) and the parts are otherwise the same: each such pair
/// is matched once.
fn compare<T: Clone>(
    cur: &BTreeMap<String, T>,
    des: &BTreeMap<String, T>,
    same: fn(&T, &T) -> bool,
) -> (Vec<T>, Vec<T>) {
    let mut gone = Vec::new();
    let mut new = Vec::new();
    let mut taken: BTreeSet<&str> = BTreeSet::new();
    for (name, old) in cur {
        match des.get(name) {
            Some(want) if same(old, want) => {}
            Some(want) => {
                gone.push(old.clone());
                new.push(want.clone());
            }
            None => {
                let twin = des.iter().find(|(n, want)| {
                    !cur.contains_key(*n)
                        && !taken.contains(n.as_str())
                        && (made_up(name) || made_up(n))
                        && same(old, want)
                });
                match twin {
                    Some((n, _)) => {
                        taken.insert(n);
                    }
                    None => gone.push(old.clone()),
                }
            }
        }
    }
    for (name, want) in des {
        if !cur.contains_key(name) && !taken.contains(name.as_str()) {
            new.push(want.clone());
        }
    }
    (gone, new)
}

/// Whether a constraint's name (its key in its table) is one a server made up rather
/// than one the models chose: empty or provisional (`~…`, SQLite's unnamed constraints),
/// MySQL's `{table}_ibfk_N` and `{table}_chk_N`, MariaDB's `CONSTRAINT_N`. Those may
/// differ between two databases built from the same models; a name the models chose is
/// part of the schema (PostgreSQL names every constraint, `users_email_key` included).
fn made_up(name: &str) -> bool {
    let numbered = |prefix: &str| {
        name.rsplit_once(prefix)
            .is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    name.is_empty()
        || name.starts_with('~')
        || numbered("_ibfk_")
        || numbered("_chk_")
        || name
            .strip_prefix("CONSTRAINT_")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The parts to drop and the parts to add, matched by name only: a part under a name the
/// other side does not have is dropped or added.
fn compare_by_name<T: Clone>(
    cur: &BTreeMap<String, T>,
    des: &BTreeMap<String, T>,
    same: fn(&T, &T) -> bool,
) -> (Vec<T>, Vec<T>) {
    let gone = cur
        .iter()
        .filter(|(name, old)| !matches!(des.get(*name), Some(want) if same(old, want)))
        .map(|(_, old)| old.clone())
        .collect();
    let new = des
        .iter()
        .filter(|(name, want)| !matches!(cur.get(*name), Some(old) if same(old, want)))
        .map(|(_, want)| want.clone())
        .collect();
    (gone, new)
}

fn same_columns(a: &[String], b: &[String]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| normalize_expr(x) == normalize_expr(y))
}

fn same_index(a: &Index, b: &Index) -> bool {
    a.unique == b.unique
        && same_columns(&a.columns, &b.columns)
        && a.predicate.as_deref().map(normalize_expr) == b.predicate.as_deref().map(normalize_expr)
        && a.orders == b.orders
        && a.method == b.method
        && a.include == b.include
        && a.opclasses == b.opclasses
        && a.storage == b.storage
        && a.invisible == b.invisible
        && a.nulls_not_distinct == b.nulls_not_distinct
        && a.comment == b.comment
}

fn same_unique(a: &UniqueConstraint, b: &UniqueConstraint) -> bool {
    same_columns(&a.columns, &b.columns)
        && a.orders == b.orders
        && a.deferrable == b.deferrable
        && a.invisible == b.invisible
        && a.nulls_not_distinct == b.nulls_not_distinct
        && a.comment == b.comment
}

fn same_check(a: &CheckConstraint, b: &CheckConstraint) -> bool {
    normalize_expr(&a.expression) == normalize_expr(&b.expression)
        && a.not_valid == b.not_valid
        && a.column == b.column
        && a.no_inherit == b.no_inherit
}

fn same_foreign_key(a: &ForeignKey, b: &ForeignKey) -> bool {
    a.ref_table == b.ref_table
        && same_columns(&a.columns, &b.columns)
        && same_columns(&a.ref_columns, &b.ref_columns)
        && referential_action(&a.on_delete) == referential_action(&b.on_delete)
        && referential_action(&a.on_update) == referential_action(&b.on_update)
        && a.deferrable == b.deferrable
        && a.not_valid == b.not_valid
        && a.match_full == b.match_full
}

/// A referential action in canonical form; absent means `NO ACTION`. `RESTRICT` is its own
/// action: PostgreSQL and SQLite check it at once where `NO ACTION` may wait for the end of
/// the statement or transaction. (MySQL/MariaDB treat them alike; their inspection reads
/// both as absent.)
fn referential_action(action: &Option<String>) -> String {
    let canonical = action.as_deref().map(|a| {
        a.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_uppercase()
    });
    match canonical.as_deref() {
        None | Some("") => "NO ACTION".to_string(),
        Some(a) => a.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Column;

    fn users(index: &str, unique_name: &str) -> Table {
        let ix = Index {
            name: index.into(),
            columns: vec!["email".into()],
            ..Index::default()
        };
        let uq = UniqueConstraint {
            name: unique_name.into(),
            columns: vec!["login".into()],
            ..UniqueConstraint::default()
        };
        Table {
            name: "users".into(),
            columns: vec![Column {
                name: "email".into(),
                ty: "text".into(),
                ..Column::default()
            }],
            indexes: [(index.to_string(), ix)].into(),
            uniques: [(unique_name.to_string(), uq)].into(),
            ..Table::default()
        }
    }

    fn planned(cur: &Table, des: &Table) -> Vec<String> {
        let mut plan = Plan::default();
        diff_parts(cur, des, &mut plan);
        plan.changes()
            .map(|c| match c {
                Change::DropIndex { index, .. } => format!("drop {}", index.name),
                Change::AddIndex { index, .. } => format!("add {}", index.name),
                Change::DropUnique { unique, .. } => format!("drop {}", unique.name),
                Change::AddUnique { unique, .. } => format!("add {}", unique.name),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn a_part_under_another_name_is_made_anew_unless_a_server_made_the_name_up() {
        assert_eq!(
            planned(
                &users("old_email_idx", "users_login_key"),
                &users("new_email_idx", "uq_login"),
            ),
            [
                "drop old_email_idx",
                "drop users_login_key",
                "add new_email_idx",
                "add uq_login"
            ]
        );
        assert!(planned(
            &users("email_idx", "~unique login"),
            &users("email_idx", "uq_login")
        )
        .is_empty());
        assert!(planned(
            &users("email_idx", "CONSTRAINT_1"),
            &users("email_idx", "CONSTRAINT_2")
        )
        .is_empty());
    }

    #[test]
    fn two_equal_constraints_are_not_both_taken_for_one() {
        let check = |name: &str| CheckConstraint {
            name: name.into(),
            expression: "a > 0".into(),
            ..CheckConstraint::default()
        };
        let checks = |names: &[&str]| -> BTreeMap<String, CheckConstraint> {
            names.iter().map(|n| (n.to_string(), check(n))).collect()
        };
        let (gone, new) = compare(
            &checks(&["~check 1"]),
            &checks(&["t_a_check", "t_a_check1"]),
            same_check,
        );
        assert!(gone.is_empty());
        assert_eq!(new.len(), 1);
    }
}
