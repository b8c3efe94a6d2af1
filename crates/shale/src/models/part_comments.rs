//! The comments Rust models give the parts of a table (indexes, unique keys, the primary
//! key), put where each dialect keeps them.

use super::rust::{pg_ident, pg_literal};
use crate::dialect::Dialect;
use crate::schema::{Object, ObjectKind, Schema};

/// Puts the comments that a schema's indexes, unique constraints and primary keys carry
/// (as Rust models give them) where `dialect`'s inspection reads them back, once every
/// part has its name: MySQL/MariaDB in the key itself (`INDEX_COMMENT`); PostgreSQL as
/// comment objects (`COMMENT ON INDEX`, `COMMENT ON CONSTRAINT … ON` for a unique
/// constraint or a primary key), as SQL models give them; SQLite has no comments, so none.
pub fn place_part_comments(schema: &mut Schema, dialect: Dialect) {
    if dialect == Dialect::Mysql {
        return;
    }
    let mut objects = Vec::new();
    for table in schema.tables.values_mut() {
        // An index lives in its table's schema; a constraint is named on its table.
        let (prefix, bare) = match table.name.split_once('.') {
            Some((schema, bare)) => (format!("{}.", pg_ident(schema)), bare),
            None => (String::new(), table.name.as_str()),
        };
        let indexes = table.indexes.values_mut().map(|i| {
            let target = format!("INDEX {prefix}{}", pg_ident(&i.name));
            (target, &mut i.comment)
        });
        let constraint = |name: &str| {
            format!(
                "CONSTRAINT {} ON {prefix}{}",
                pg_ident(name),
                pg_ident(bare)
            )
        };
        let uniques = table
            .uniques
            .values_mut()
            .map(|u| (constraint(&u.name), &mut u.comment));
        // Naming gives every key a name; one without would take its comment nowhere.
        let key = table.primary_key.as_mut().map(|k| {
            let target = k.name.as_deref().map(constraint).unwrap_or_default();
            (target, &mut k.comment)
        });
        for (target, comment) in indexes.chain(uniques).chain(key) {
            let Some(text) = comment.take() else {
                continue;
            };
            if dialect == Dialect::Postgres && !target.is_empty() {
                objects.push(Object {
                    kind: ObjectKind::Comment,
                    definition: format!("COMMENT ON {target} IS {}", pg_literal(&text)),
                    name: target,
                    table: Some(table.name.clone()),
                });
            }
        }
    }
    schema
        .objects
        .extend(objects.into_iter().map(|o| (o.key(), o)));
}
