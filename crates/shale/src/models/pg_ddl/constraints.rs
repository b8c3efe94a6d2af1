//! Keys as PostgreSQL creates them: primary keys, unique constraints and foreign keys,
//! named as PostgreSQL names unnamed ones and checked as it checks them.

use super::reader::{ident, object_name, Reader};
use crate::schema::{ForeignKey, PrimaryKey, Table, UniqueConstraint};
use sqlparser::ast::{
    Expr, Ident, IndexColumn, KeyOrIndexDisplay, NullsDistinctOption, ObjectName, OrderByOptions,
    ReferentialAction, TableConstraint,
};
use std::collections::BTreeSet;

/// The unique constraints and foreign keys of one `CREATE TABLE`, column-level and
/// table-level, as declared: they are named and checked once the columns are in place.
#[derive(Default)]
pub(super) struct Keys {
    /// Unique constraints: the given name, if any, and the columns.
    pub(super) uniques: Vec<(Option<String>, Vec<String>)>,
    pub(super) foreign: Vec<ForeignDecl>,
}

/// A foreign key as declared, before it is checked against the table it references.
pub(super) struct ForeignDecl {
    name: Option<String>,
    columns: Vec<String>,
    table: String,
    ref_columns: Vec<String>,
    on_delete: Option<String>,
    on_update: Option<String>,
}

impl ForeignDecl {
    pub(super) fn new(
        name: Option<String>,
        columns: Vec<String>,
        table: &ObjectName,
        ref_columns: &[Ident],
        [on_delete, on_update]: [&Option<ReferentialAction>; 2],
    ) -> Option<ForeignDecl> {
        Some(ForeignDecl {
            name,
            columns,
            table: object_name(table)?,
            ref_columns: ref_columns.iter().map(ident).collect(),
            on_delete: action(on_delete.as_ref()),
            on_update: action(on_update.as_ref()),
        })
    }
}

/// A table-level constraint: the primary key goes on `table`, unique constraints and
/// foreign keys to `keys`. `None` for anything else (CHECK, EXCLUDE, options).
pub(super) fn table_constraint(
    constraint: TableConstraint,
    table: &mut Table,
    keys: &mut Keys,
) -> Option<()> {
    match constraint {
        TableConstraint::PrimaryKey {
            name,
            index_name: None,
            index_type: None,
            columns,
            index_options,
            characteristics: None,
        } if index_options.is_empty() && table.primary_key.is_none() => {
            table.primary_key = Some(PrimaryKey {
                name: name.as_ref().map(ident),
                columns: index_columns(&columns)?,
                deferrable: None,
                comment: None,
            });
        }
        TableConstraint::Unique {
            name,
            index_name: None,
            index_type_display: KeyOrIndexDisplay::None,
            index_type: None,
            columns,
            index_options,
            characteristics: None,
            nulls_distinct: NullsDistinctOption::None,
        } if index_options.is_empty() => {
            keys.uniques
                .push((name.as_ref().map(ident), index_columns(&columns)?));
        }
        TableConstraint::ForeignKey {
            name,
            index_name: None,
            columns,
            foreign_table,
            referred_columns,
            on_delete,
            on_update,
            characteristics: None,
        } => keys.foreign.push(ForeignDecl::new(
            name.as_ref().map(ident),
            columns.iter().map(ident).collect(),
            &foreign_table,
            &referred_columns,
            [&on_delete, &on_update],
        )?),
        _ => return None,
    }
    Some(())
}

impl Reader {
    /// Names the primary key of `table` and adds its unique constraints, claiming their
    /// index names; the primary key's columns become NOT NULL.
    pub(super) fn add_keys(
        &mut self,
        table: &mut Table,
        uniques: Vec<(Option<String>, Vec<String>)>,
    ) -> Option<()> {
        if let Some(pk) = &mut table.primary_key {
            if !all_distinct(&pk.columns) {
                return None;
            }
            for column in &pk.columns {
                let col = table.columns.iter_mut().find(|c| &c.name == column)?;
                col.nullable = false;
            }
            pk.name = Some(self.claim(&table.name, pk.name.clone(), &[], "pkey")?);
        }
        for (given, columns) in uniques {
            if !has_columns(table, &columns) {
                return None;
            }
            let unique_name = self.claim(&table.name, given, &columns, "key")?;
            let unique = UniqueConstraint {
                name: unique_name.clone(),
                columns,
                ..UniqueConstraint::default()
            };
            table.uniques.insert(unique_name, unique);
        }
        Some(())
    }

    /// A foreign key of `table`, checked as PostgreSQL checks it when it is created: the
    /// referenced table exists, the referenced columns are its primary key or carry a
    /// unique constraint or index, and the types agree.
    pub(super) fn foreign_key(&mut self, table: &str, decl: ForeignDecl) -> Option<ForeignKey> {
        let target = self.schema.tables.get(&decl.table)?;
        let ref_columns = if decl.ref_columns.is_empty() {
            target.primary_key.as_ref()?.columns.clone()
        } else {
            decl.ref_columns
        };
        if !is_keyed(target, &ref_columns)
            || ref_columns.len() != decl.columns.len()
            || !all_distinct(&ref_columns)
        {
            return None;
        }
        let own = self.schema.tables.get(table)?;
        for (column, referenced) in decl.columns.iter().zip(&ref_columns) {
            let ty = &own.column(column)?.ty;
            let ref_ty = &target.column(referenced)?.ty;
            if ty != ref_ty && !(ty.is_integer() && ref_ty.is_integer()) {
                return None;
            }
        }
        let name = match decl.name {
            Some(given) => given,
            None => self.generate(table, &decl.columns, "fkey")?,
        };
        Some(ForeignKey {
            name,
            columns: decl.columns,
            ref_table: decl.table,
            ref_columns,
            on_delete: decl.on_delete,
            on_update: decl.on_update,
            ..Default::default()
        })
    }
}

/// Whether `columns` of `target` are its primary key or carry a unique constraint or a
/// unique index without a predicate, in any order.
fn is_keyed(target: &Table, columns: &[String]) -> bool {
    let as_set = |cols: &[String]| cols.iter().cloned().collect::<BTreeSet<_>>();
    let wanted = as_set(columns);
    target
        .primary_key
        .iter()
        .any(|pk| as_set(&pk.columns) == wanted)
        || target
            .uniques
            .values()
            .any(|u| as_set(&u.columns) == wanted)
        || target
            .indexes
            .values()
            .any(|i| i.unique && i.predicate.is_none() && as_set(&i.columns) == wanted)
}

/// The column names of a key or index: plain columns only, no order, collation or
/// operator class.
pub(super) fn index_columns(columns: &[IndexColumn]) -> Option<Vec<String>> {
    columns
        .iter()
        .map(
            |c| match (&c.column.expr, &c.column.options, &c.column.with_fill) {
                (
                    Expr::Identifier(id),
                    OrderByOptions {
                        asc: None,
                        nulls_first: None,
                    },
                    None,
                ) if c.operator_class.is_none() => Some(ident(id)),
                _ => None,
            },
        )
        .collect()
}

/// Whether `columns` are columns of `table`, each named once.
pub(super) fn has_columns(table: &Table, columns: &[String]) -> bool {
    all_distinct(columns) && columns.iter().all(|c| table.column(c).is_some())
}

fn all_distinct(columns: &[String]) -> bool {
    columns.iter().collect::<BTreeSet<_>>().len() == columns.len()
}

/// A referential action as inspection reports it; `None` for NO ACTION.
fn action(action: Option<&ReferentialAction>) -> Option<String> {
    let text = match action? {
        ReferentialAction::Restrict => "RESTRICT",
        ReferentialAction::Cascade => "CASCADE",
        ReferentialAction::SetNull => "SET NULL",
        ReferentialAction::SetDefault => "SET DEFAULT",
        ReferentialAction::NoAction => return None,
    };
    Some(text.to_string())
}
