//! Column order: MySQL/MariaDB add a new column where the models put it (`FIRST`,
//! `AFTER c`: [`ColumnPosition`](super::ColumnPosition)), but PostgreSQL and SQLite add
//! it at the end, and shale moves no existing column, so a table whose models put a new
//! column elsewhere can end up with its columns in another order than the same DDL
//! applied directly (`SELECT *`, `INSERT` without a column list and dumps see it). The
//! diff says so instead of leaving it unnoticed.

use crate::schema::{Schema, Table};

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
                     (columns: {}), where the models have {} (MySQL/MariaDB add them there \
                     unless existing columns change order); shale does not move columns",
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
