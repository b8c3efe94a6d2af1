//! Column order. MySQL/MariaDB place a new column where the models put it (`FIRST`,
//! `AFTER c`: [`ColumnPosition`]) and move existing columns into the models' order
//! ([`column_moves`], with [`DiffOptions::move_columns`](super::DiffOptions::move_columns));
//! PostgreSQL and SQLite add every column at the end and move none, so a table whose
//! models put a new column elsewhere ends up with its columns in another order than the
//! same DDL applied directly (`SELECT *`, `INSERT` without a column list and dumps see
//! it). The diff says so instead of leaving it unnoticed ([`column_order_warnings`]).

use super::change::{Change, ColumnPosition};
use crate::schema::{Column, Schema, Table};

/// One warning per table that gains columns and whose columns, once the added ones are
/// appended and the dropped ones gone, are not in the models' order (a table whose
/// columns only differ in order gains nothing: no change is planned for it).
pub(crate) fn column_order_warnings(current: &Schema, desired: &Schema) -> Vec<String> {
    desired
        .tables
        .iter()
        .filter_map(|(name, des)| {
            let cur = current.tables.get(name)?;
            let (got, want) = (resulting_order(cur, des), names(des));
            let gains = des.columns.iter().any(|c| cur.column(&c.name).is_none());
            (gains && got != want).then(|| {
                format!(
                    "table {name}: new columns are added at the end on PostgreSQL and SQLite \
                     (columns: {}), where the models have {} (MySQL/MariaDB add them there); \
                     shale does not move columns on PostgreSQL and SQLite",
                    got.join(", "),
                    want.join(", ")
                )
            })
        })
        .collect()
}

/// The order the columns end up in: the kept ones where they are, then the added ones.
fn resulting_order<'t>(cur: &'t Table, des: &'t Table) -> Vec<&'t str> {
    let kept = cur
        .columns
        .iter()
        .filter(|c| des.column(&c.name).is_some())
        .map(|c| c.name.as_str());
    let added = des
        .columns
        .iter()
        .filter(|c| cur.column(&c.name).is_none())
        .map(|c| c.name.as_str());
    kept.chain(added).collect()
}

fn names(table: &Table) -> Vec<&str> {
    table.columns.iter().map(|c| c.name.as_str()).collect()
}

/// The moves that put the columns `cur` keeps in the order `des` gives them, fewest first:
/// the longest run of kept columns already in the models' order stays, and each other
/// one, in the models' order, goes first or right after the kept column the models put
/// before it (which is then in its place). Each move is `MoveColumn` with the column's
/// current definition and where it was just before the move (dropped columns still
/// there), so that its reverse puts it back. Added and dropped columns move nothing: they
/// are added where the models put them, after the moves, or dropped.
pub(crate) fn column_moves(cur: &Table, des: &Table) -> Vec<Change> {
    // The common case, cheaply: the same columns in the same order.
    let same = |(a, b): (&Column, &Column)| a.name == b.name;
    if cur.columns.len() == des.columns.len() && cur.columns.iter().zip(&des.columns).all(same) {
        return Vec::new();
    }
    let kept_cur: Vec<&str> = names(cur)
        .into_iter()
        .filter(|c| des.column(c).is_some())
        .collect();
    let kept_des: Vec<&str> = names(des)
        .into_iter()
        .filter(|c| cur.column(c).is_some())
        .collect();
    if kept_cur == kept_des {
        return Vec::new();
    }
    let rank: Vec<usize> = kept_cur
        .iter()
        .map(|c| kept_des.iter().position(|d| d == c).unwrap_or_default())
        .collect();
    let stay = longest_increasing(&rank);
    let mut order: Vec<&str> = names(cur);
    let mut out = Vec::new();
    for (i, name) in kept_des.iter().enumerate() {
        if stay.contains(&i) {
            continue;
        }
        let to = match i {
            0 => ColumnPosition::First,
            _ => ColumnPosition::After(kept_des[i - 1].to_string()),
        };
        let at = order.iter().position(|c| c == name).unwrap_or_default();
        let from = match at {
            0 => ColumnPosition::First,
            _ => ColumnPosition::After(order[at - 1].to_string()),
        };
        if from == to {
            continue;
        }
        order.remove(at);
        let at = match &to {
            ColumnPosition::First => 0,
            ColumnPosition::After(c) => order.iter().position(|o| o == c).map_or(0, |i| i + 1),
        };
        order.insert(at, name);
        let column = cur.column(name).cloned().unwrap_or_default();
        out.push(Change::MoveColumn {
            table: des.name.clone(),
            column,
            from,
            to,
        });
    }
    out
}

/// The values of one longest strictly increasing subsequence of `ranks` (a permutation
/// of `0..n`), the earliest such run where several are as long.
pub(super) fn longest_increasing(ranks: &[usize]) -> Vec<usize> {
    let n = ranks.len();
    let mut len = vec![1usize; n];
    let mut prev: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        for j in 0..i {
            if ranks[j] < ranks[i] && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = Some(j);
            }
        }
    }
    let best = len.iter().copied().max().unwrap_or(0);
    let mut at = len.iter().position(|&l| l == best);
    let mut out = Vec::new();
    while let Some(i) = at {
        out.push(ranks[i]);
        at = prev[i];
    }
    out.reverse();
    out
}
