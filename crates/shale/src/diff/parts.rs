//! The named parts of a table — indexes, unique constraints, foreign keys, checks — and
//! how two versions of them are compared.
//!
//! Parts are matched by name. A part the other side has under another name, and nothing
//! else about it different, is renamed in place ([`Change::RenamePart`]): the index stays
//! built, the constraint validated. That holds for indexes too — the models' name is the
//! one the server would give, and the name is how an index is dropped or hinted. The
//! exception is a name a server made up for an unnamed constraint (MySQL's `t_ibfk_1`,
//! SQLite's unnamed ones): such names may differ between two databases built from the
//! same models, so two such parts are the same part and nothing is renamed. A unique index
//! and a unique constraint on the same columns count as equal: MySQL and SQLite report
//! one as the other.

use super::canonical::normalize_expr;
use super::change::{Change, Part};
use super::order::{Phase, Plan};
use crate::schema::{CheckConstraint, ForeignKey, Index, Table, UniqueConstraint};
use std::collections::{BTreeMap, BTreeSet};

/// Plans the index, unique, foreign key and check changes between two versions of a table.
pub(crate) fn diff_parts(cur: &Table, des: &Table, plan: &mut Plan) {
    let t = || des.name.clone();
    let (mut gone_ix, mut new_ix) = compare_by_name(&cur.indexes, &des.indexes, same_index);
    let (mut gone_uq, mut new_uq, renamed) = compare(&cur.uniques, &des.uniques, same_unique);
    rename(plan, &des.name, renamed, Part::Unique, Part::Unique);
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
    for (from, to) in pair_off(&mut gone_ix, &mut new_ix, index_recommented) {
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
    for (from, to) in pair_off(&mut gone_uq, &mut new_uq, unique_recommented) {
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
    // An index or unique constraint under a name the other side does not use at all,
    // equal to one under a name that is gone, is that one renamed.
    let fresh = |name: &str, other: &Table| {
        !other.indexes.contains_key(name) && !other.uniques.contains_key(name)
    };
    let renamable = |from: &str, to: &str| fresh(from, des) && fresh(to, cur);
    let renamed = pair_off(&mut gone_ix, &mut new_ix, |a, b| {
        renamable(&a.name, &b.name) && same_index(a, b)
    });
    rename(plan, &des.name, renamed, Part::Index, Part::Index);
    let renamed = pair_off(&mut gone_ix, &mut new_uq, |ix, u| {
        renamable(&ix.name, &u.name) && equivalent(ix, u)
    });
    rename(plan, &des.name, renamed, Part::Index, Part::Unique);
    let renamed = pair_off(&mut gone_uq, &mut new_ix, |u, ix| {
        renamable(&u.name, &ix.name) && equivalent(ix, u)
    });
    rename(plan, &des.name, renamed, Part::Unique, Part::Index);
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
    let (gone, new, renamed) = compare(&cur.checks, &des.checks, same_check);
    rename(plan, &des.name, renamed, Part::Check, Part::Check);
    for check in gone {
        plan.push(
            Phase::DropConstraint,
            Change::DropCheck { table: t(), check },
        );
    }
    for check in new {
        plan.push(Phase::AddConstraint, Change::AddCheck { table: t(), check });
    }
    let (gone, new, renamed) = compare(&cur.foreign_keys, &des.foreign_keys, same_foreign_key);
    rename(plan, &des.name, renamed, Part::ForeignKey, Part::ForeignKey);
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

/// Plans a [`Change::RenamePart`] for each pair of a part that is gone and the equal one
/// that takes its place under another name.
fn rename<A, B>(
    plan: &mut Plan,
    table: &str,
    pairs: Vec<(A, B)>,
    from: fn(A) -> Part,
    to: fn(B) -> Part,
) {
    for (a, b) in pairs {
        plan.push(
            Phase::RenamePart,
            Change::RenamePart {
                table: table.to_string(),
                from: from(a),
                to: to(b),
            },
        );
    }
}

/// Takes out of `gone` and `new` each pair for which `matches` holds, the first match of
/// each part of `gone` in `new`, and returns the pairs.
fn pair_off<A, B>(
    gone: &mut Vec<A>,
    new: &mut Vec<B>,
    matches: impl Fn(&A, &B) -> bool,
) -> Vec<(A, B)> {
    let mut pairs = Vec::new();
    let mut kept = Vec::new();
    for a in gone.drain(..) {
        match new.iter().position(|b| matches(&a, b)) {
            Some(at) => pairs.push((a, new.remove(at))),
            None => kept.push(a),
        }
    }
    *gone = kept;
    pairs
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

/// Whether a unique index (not partial) and a unique constraint enforce the same thing:
/// MySQL and SQLite report one as the other.
fn equivalent(ix: &Index, u: &UniqueConstraint) -> bool {
    ix.unique
        && ix.predicate.is_none()
        && ix.orders == u.orders
        && u.deferrable.is_none()
        && ix.method.is_none()
        && ix.include.is_empty()
        && ix.opclasses.is_empty()
        && ix.collations.is_empty()
        && ix.storage.is_empty()
        && ix.invisible == u.invisible
        && ix.nulls_not_distinct == u.nulls_not_distinct
        && ix.comment == u.comment
        && same_columns(&ix.columns, &u.columns)
}

/// Removes each unique index that has an [`equivalent`] unique constraint on the other
/// side under the same name (or one a server made up), and that constraint.
fn cancel_equivalent(indexes: &mut Vec<Index>, uniques: &mut Vec<UniqueConstraint>) {
    pair_off(indexes, uniques, |ix, u| {
        (ix.name == u.name || made_up(&ix.name) || made_up(&u.name)) && equivalent(ix, u)
    });
}

/// The parts to drop, the parts to add, each in name order, and the parts renamed. A
/// part under a name the other side lacks, equal to a part under a name that is gone, is
/// that part renamed — unless one of the two names is one a server made up (see
/// [`made_up`]): then the two are the same and nothing changes. Each such pair is matched
/// once.
fn compare<T: Clone>(
    cur: &BTreeMap<String, T>,
    des: &BTreeMap<String, T>,
    same: fn(&T, &T) -> bool,
) -> (Vec<T>, Vec<T>, Vec<(T, T)>) {
    let mut gone = Vec::new();
    let mut new = Vec::new();
    let mut renamed = Vec::new();
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
                    !cur.contains_key(*n) && !taken.contains(n.as_str()) && same(old, want)
                });
                match twin {
                    Some((n, want)) => {
                        taken.insert(n);
                        if !made_up(name) && !made_up(n) {
                            renamed.push((old.clone(), want.clone()));
                        }
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
    (gone, new, renamed)
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
        && a.collations == b.collations
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
                Change::RenamePart { from, to, .. } => {
                    format!(
                        "rename {} {} to {} {}",
                        from.kind(),
                        from.name(),
                        to.kind(),
                        to.name()
                    )
                }
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn a_part_under_another_name_is_renamed_unless_a_server_made_the_name_up() {
        assert_eq!(
            planned(
                &users("old_email_idx", "users_login_key"),
                &users("new_email_idx", "uq_login"),
            ),
            [
                "rename unique users_login_key to unique uq_login",
                "rename index old_email_idx to index new_email_idx",
            ]
        );
        // A unique index that becomes a unique constraint under another name.
        let mut des = users("email_idx", "uq_login");
        let mut unique = des.uniques.remove("uq_login").unwrap();
        unique.name = "ix_login".into();
        des.indexes.insert(
            "ix_login".into(),
            Index {
                name: "ix_login".into(),
                columns: unique.columns,
                unique: true,
                ..Index::default()
            },
        );
        assert_eq!(
            planned(&users("email_idx", "uq_login"), &des),
            ["rename unique uq_login to index ix_login"]
        );
        // Another definition under the new name: dropped and added.
        let mut des = users("new_email_idx", "uq_login");
        des.indexes.get_mut("new_email_idx").unwrap().unique = true;
        assert_eq!(
            planned(&users("old_email_idx", "uq_login"), &des),
            ["drop old_email_idx", "add new_email_idx"]
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
        let (gone, new, renamed) = compare(
            &checks(&["~check 1"]),
            &checks(&["t_a_check", "t_a_check1"]),
            same_check,
        );
        assert!(gone.is_empty() && renamed.is_empty());
        assert_eq!(new.len(), 1);
        // Two renamed to two: each pair once.
        let (gone, new, renamed) = compare(
            &checks(&["a_pos", "b_pos"]),
            &checks(&["ck_a", "ck_b"]),
            same_check,
        );
        assert!(gone.is_empty() && new.is_empty());
        let pairs: Vec<(&str, &str)> = renamed
            .iter()
            .map(|(a, b)| (a.name.as_str(), b.name.as_str()))
            .collect();
        assert_eq!(pairs, [("a_pos", "ck_a"), ("b_pos", "ck_b")]);
    }
}
