//! SQLite: `sqlite_master` joined with the `pragma_*` table-valued functions, one query
//! per kind of object (<https://www.sqlite.org/pragma.html#pragfunc>).
//!
//! Types are reported as declared, lower-cased. Unique constraints appear as
//! `sqlite_autoindex_*` indexes of origin `u`; the primary key's index (origin `pk`) is
//! not reported as an index. CHECK constraints and the names given to constraints exist
//! only in the `CREATE TABLE` text, read by [`super::sqlite_ddl`].

use super::sqlite_ddl::{parse_index, parse_table, TableDdl};
use super::{flag, opt, squash, text, Row};
use crate::schema::{
    CheckConstraint, Column, ForeignKey, Generated, Index, PrimaryKey, Schema, Table,
    UniqueConstraint,
};
use std::collections::BTreeMap;

/// The catalog queries: tables, columns, indexes, index columns, foreign keys.
pub(super) const QUERIES: [&str; 6] = [
    "SELECT m.name, m.sql FROM sqlite_master AS m \
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name",
    "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden \
     FROM sqlite_master AS m JOIN pragma_table_xinfo(m.name) AS p \
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name, p.cid",
    "SELECT m.name, l.name, l.\"unique\", l.origin, i.sql \
     FROM sqlite_master AS m JOIN pragma_index_list(m.name) AS l \
     LEFT JOIN sqlite_master AS i ON i.type = 'index' AND i.name = l.name \
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name, l.name",
    "SELECT m.name, l.name, x.cid, x.name, x.\"desc\" \
     FROM sqlite_master AS m JOIN pragma_index_list(m.name) AS l \
     JOIN pragma_index_xinfo(l.name) AS x \
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND x.key = 1 \
     ORDER BY m.name, l.name, x.seqno",
    "SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete \
     FROM sqlite_master AS m JOIN pragma_foreign_key_list(m.name) AS f \
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name, f.id, f.seq",
    "SELECT m.type, m.name, CASE m.type WHEN 'trigger' THEN m.tbl_name END, m.sql \
     FROM sqlite_master AS m WHERE m.type IN ('view', 'trigger') ORDER BY m.type, m.name",
];

/// Builds the schema from the rows of [`QUERIES`].
pub(super) fn build([tables, columns, indexes, index_cols, fks, objects]: [Vec<Row>; 6]) -> Schema {
    let mut ddls: BTreeMap<String, TableDdl> = BTreeMap::new();
    let mut schema = Schema::default();
    for row in &tables {
        let name = text(row, 0);
        let ddl = parse_table(&text(row, 1));
        let table = Table {
            name: name.clone(),
            options: ddl.options.clone(),
            ..Table::default()
        };
        ddls.insert(name.clone(), ddl);
        schema.tables.insert(name, table);
    }
    add_columns(&mut schema, &columns);
    add_indexes(&mut schema, &ddls, &indexes, &index_cols);
    add_foreign_keys(&mut schema, &ddls, &fks);
    for (name, ddl) in &ddls {
        if let Some(table) = schema.tables.get_mut(name) {
            mark_autoincrement(table, ddl);
            mark_generated(table, ddl);
            for (column, collation) in &ddl.collations {
                // BINARY is every column's collation unless another is given.
                let col = table.columns.iter_mut().find(|c| &c.name == column);
                if let Some(col) = col.filter(|_| collation != "BINARY") {
                    col.collation = Some(collation.clone());
                }
            }
            add_checks(table, ddl);
        }
    }
    for row in &objects {
        if let Some(object) = super::object(row) {
            schema.add_object(object);
        }
    }
    schema
}

/// Columns, the primary key and autoincrement, from `pragma_table_info` rows.
fn add_columns(schema: &mut Schema, rows: &[Row]) {
    let mut pks: BTreeMap<String, Vec<(u32, String)>> = BTreeMap::new();
    for row in rows {
        let Some(table) = schema.tables.get_mut(&text(row, 0)) else {
            continue;
        };
        let name = text(row, 1);
        let pk_pos: u32 = text(row, 5).parse().unwrap_or(0);
        if pk_pos > 0 {
            pks.entry(table.name.clone())
                .or_default()
                .push((pk_pos, name.clone()));
        }
        table.columns.push(Column {
            name,
            ty: squash(&text(row, 2)).to_lowercase().into(),
            // SQLite lets a primary key column hold NULL (for backwards compatibility)
            // unless declared NOT NULL or it is the rowid (below): reported as declared.
            nullable: !flag(row, 3),
            default: opt(row, 4),
            autoincrement: false,
            generated: None,
            ..Default::default()
        });
    }
    for (name, mut cols) in pks {
        let table = schema.tables.get_mut(&name).expect("table of a column");
        cols.sort();
        let columns: Vec<String> = cols.into_iter().map(|(_, c)| c).collect();
        // A single `INTEGER` key column is the rowid, which is never NULL.
        if let [only] = columns.as_slice() {
            if let Some(c) = table.columns.iter_mut().find(|c| &c.name == only) {
                if c.ty.as_str() == "integer" {
                    c.nullable = false;
                }
            }
        }
        table.primary_key = Some(PrimaryKey {
            name: None,
            columns,
            deferrable: None,
            comment: None,
        });
    }
}

/// Gives generated columns (hidden 2 or 3 in `pragma_table_xinfo`) their expression.
fn mark_generated(table: &mut Table, ddl: &TableDdl) {
    for (name, expression, stored) in &ddl.generated {
        if let Some(col) = table.columns.iter_mut().find(|c| &c.name == name) {
            col.default = None;
            col.generated = Some(Generated {
                expression: expression.clone(),
                stored: *stored,
            });
        }
    }
}

/// Marks the column declared `INTEGER PRIMARY KEY AUTOINCREMENT`. A plain `INTEGER
/// PRIMARY KEY` also takes the next rowid, but may reuse the numbers of deleted rows:
/// only `AUTOINCREMENT` is what shale's renderer writes for an auto-incrementing key.
fn mark_autoincrement(table: &mut Table, ddl: &TableDdl) {
    let Some(name) = &ddl.autoincrement else {
        return;
    };
    if let Some(col) = table.columns.iter_mut().find(|c| &c.name == name) {
        col.autoincrement = true;
    }
}

/// Indexes and unique constraints, from `pragma_index_list` / `pragma_index_xinfo`.
fn add_indexes(
    schema: &mut Schema,
    ddls: &BTreeMap<String, TableDdl>,
    indexes: &[Row],
    index_cols: &[Row],
) {
    let mut cols: BTreeMap<(String, String), Vec<Option<String>>> = BTreeMap::new();
    let mut orders: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for row in index_cols {
        let col = (text(row, 2) != "-2").then(|| text(row, 3));
        let key = (text(row, 0), text(row, 1));
        let order = if flag(row, 4) { "DESC" } else { "" };
        orders.entry(key.clone()).or_default().push(order.into());
        cols.entry(key).or_default().push(col);
    }
    for row in indexes {
        let (table_name, name) = (text(row, 0), text(row, 1));
        let (Some(table), Some(ddl)) = (schema.tables.get_mut(&table_name), ddls.get(&table_name))
        else {
            continue;
        };
        let key = (table_name, name.clone());
        let key_cols = cols.remove(&key).unwrap_or_default();
        let key_orders = orders.remove(&key).unwrap_or_default();
        match text(row, 3).as_str() {
            "pk" => {}
            "u" => add_unique(table, ddl, name, &key_cols),
            _ => {
                let sql = parse_index(&text(row, 4));
                let columns = key_cols
                    .into_iter()
                    .enumerate()
                    .map(|(i, c)| {
                        c.unwrap_or_else(|| sql.items.get(i).cloned().unwrap_or_default())
                    })
                    .collect();
                let index = Index {
                    name: name.clone(),
                    columns,
                    unique: flag(row, 2),
                    predicate: sql.predicate,
                    ..Index::default()
                }
                .with_orders(key_orders);
                table.indexes.insert(name, index);
            }
        }
    }
    for table in schema.tables.values_mut() {
        if let (Some(pk), Some(ddl)) = (&mut table.primary_key, ddls.get(&table.name)) {
            pk.name.clone_from(&ddl.pk_name);
        }
    }
}

/// A unique constraint backed by the automatic index `auto_name`, named as declared.
fn add_unique(table: &mut Table, ddl: &TableDdl, auto_name: String, cols: &[Option<String>]) {
    let columns: Vec<String> = cols.iter().map(|c| c.clone().unwrap_or_default()).collect();
    let declared = ddl
        .uniques
        .iter()
        .find(|(_, c)| *c == columns)
        .and_then(|(n, _)| n.clone());
    let (key, name) = match declared {
        Some(n) => (n.clone(), n),
        None => (format!("~{auto_name}"), String::new()),
    };
    table.uniques.insert(
        key,
        UniqueConstraint {
            name,
            columns,
            ..UniqueConstraint::default()
        },
    );
}

/// Foreign keys from `pragma_foreign_key_list`, named as declared.
fn add_foreign_keys(schema: &mut Schema, ddls: &BTreeMap<String, TableDdl>, rows: &[Row]) {
    let mut groups: BTreeMap<(String, u32), ForeignKey> = BTreeMap::new();
    for row in rows {
        let id = text(row, 1).parse().unwrap_or(0);
        let fk = groups
            .entry((text(row, 0), id))
            .or_insert_with(|| ForeignKey {
                ref_table: text(row, 2),
                on_update: action(&text(row, 5)),
                on_delete: action(&text(row, 6)),
                ..ForeignKey::default()
            });
        fk.columns.push(text(row, 3));
        fk.ref_columns.extend(opt(row, 4));
    }
    for ((table_name, id), mut fk) in groups {
        if fk.ref_columns.is_empty() {
            // `REFERENCES t` without columns means t's primary key.
            fk.ref_columns = schema
                .tables
                .get(&fk.ref_table)
                .and_then(|t| t.primary_key.as_ref())
                .map(|pk| pk.columns.clone())
                .unwrap_or_default();
        }
        fk.deferrable = ddls.get(&table_name).and_then(|d| {
            d.deferrable
                .iter()
                .find(|(c, _)| *c == fk.columns)
                .map(|(_, how)| how.clone())
        });
        let declared = ddls.get(&table_name).and_then(|d| {
            d.foreign_keys
                .iter()
                .find(|(_, c)| *c == fk.columns)
                .and_then(|(n, _)| n.clone())
        });
        let key = match declared {
            Some(n) => {
                fk.name.clone_from(&n);
                n
            }
            None => format!("~fk{id:03}"),
        };
        if let Some(table) = schema.tables.get_mut(&table_name) {
            table.foreign_keys.insert(key, fk);
        }
    }
}

/// A referential action as SQLite reports it; `None` for NO ACTION.
fn action(reported: &str) -> Option<String> {
    match reported.to_ascii_uppercase().as_str() {
        "" | "NO ACTION" => None,
        other => Some(other.to_string()),
    }
}

/// CHECK constraints from the `CREATE TABLE` text.
fn add_checks(table: &mut Table, ddl: &TableDdl) {
    for (n, (name, expression)) in ddl.checks.iter().enumerate() {
        let key = name
            .clone()
            .unwrap_or_else(|| format!("~check{:03}", n + 1));
        let check = CheckConstraint {
            name: name.clone().unwrap_or_default(),
            expression: expression.clone(),
            ..Default::default()
        };
        table.checks.insert(key, check);
    }
}
