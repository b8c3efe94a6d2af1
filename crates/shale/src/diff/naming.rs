//! [`NamingConvention`]: stable names for indexes and constraints the models left unnamed.
//!
//! Without it, each database invents its own names (`users_email_key`,
//! `sqlite_autoindex_users_1`, …) and the same models produce different migrations in
//! different environments. Templates use `{table}`, `{columns}` (column names joined
//! with `_`), `{ref_table}` and `{name}` (a check's given label, or `check`).

use crate::schema::Schema;
use serde::{Deserialize, Serialize};

/// Templates for the names of indexes, unique constraints, foreign keys, checks and
/// primary keys, in the spirit of SQLAlchemy's `naming_convention`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NamingConvention {
    /// Non-unique and unique indexes: default `ix_{table}_{columns}`.
    pub index: String,
    /// Unique constraints: default `uq_{table}_{columns}`.
    pub unique: String,
    /// Foreign keys: default `fk_{table}_{columns}_{ref_table}`.
    pub foreign_key: String,
    /// Check constraints: default `ck_{table}_{name}`.
    pub check: String,
    /// Primary keys: default `pk_{table}`.
    pub primary_key: String,
}

impl Default for NamingConvention {
    fn default() -> Self {
        NamingConvention {
            index: "ix_{table}_{columns}".into(),
            unique: "uq_{table}_{columns}".into(),
            foreign_key: "fk_{table}_{columns}_{ref_table}".into(),
            check: "ck_{table}_{name}".into(),
            primary_key: "pk_{table}".into(),
        }
    }
}

/// The longest identifier all three databases accept (PostgreSQL: 63 bytes; MySQL: 64).
const MAX_IDENTIFIER: usize = 63;

impl NamingConvention {
    /// Fills a template. Names longer than PostgreSQL's 63-byte limit are cut and given
    /// a short stable hash suffix, so that they stay unique and identical everywhere.
    pub fn format(&self, template: &str, table: &str, columns: &[String], extra: &str) -> String {
        let cols: Vec<String> = columns.iter().map(|c| sanitize(c)).collect();
        let name = template
            .replace("{table}", table)
            .replace("{columns}", &cols.join("_"))
            .replace("{ref_table}", extra)
            .replace("{name}", extra);
        shorten(&name)
    }
}

/// Gives every unnamed index, unique constraint, foreign key, check and primary key in
/// `schema` a name from `nc`. Names already given are kept.
pub fn apply_naming(schema: &mut Schema, nc: &NamingConvention) {
    for table in schema.tables.values_mut() {
        // A table in another PostgreSQL schema (`billing.invoices`) names its indexes
        // and constraints by its bare name: they live in its schema.
        let t = bare(&table.name).to_string();
        if let Some(pk) = &mut table.primary_key {
            if pk.name.as_deref().is_none_or(str::is_empty) {
                pk.name = Some(nc.format(&nc.primary_key, &t, &pk.columns, ""));
            }
        }
        rekey(
            &mut table.indexes,
            |i| &mut i.name,
            |i| nc.format(&nc.index, &t, &i.columns, ""),
        );
        rekey(
            &mut table.uniques,
            |u| &mut u.name,
            |u| nc.format(&nc.unique, &t, &u.columns, ""),
        );
        rekey(
            &mut table.foreign_keys,
            |f| &mut f.name,
            |f| nc.format(&nc.foreign_key, &t, &f.columns, bare(&f.ref_table)),
        );
        let mut n = 0;
        rekey(
            &mut table.checks,
            |c| &mut c.name,
            |_| {
                n += 1;
                let label = if n == 1 {
                    "check".to_string()
                } else {
                    format!("check{n}")
                };
                nc.format(&nc.check, &t, &[], &label)
            },
        );
    }
}

/// A table's name without the schema that qualifies it.
fn bare(table: &str) -> &str {
    table.rsplit_once('.').map_or(table, |(_, name)| name)
}

/// Names the unnamed entries of a map keyed by name (an entry whose `name` field is
/// empty, whatever its key) and re-inserts them under their new names.
fn rekey<T>(
    map: &mut std::collections::BTreeMap<String, T>,
    name_of: impl Fn(&mut T) -> &mut String,
    mut make: impl FnMut(&T) -> String,
) {
    let unnamed: Vec<String> = map
        .iter_mut()
        .filter_map(|(k, v)| name_of(v).is_empty().then_some(k))
        .cloned()
        .collect();
    for key in unnamed {
        if let Some(mut item) = map.remove(&key) {
            let name = make(&item);
            *name_of(&mut item) = name.clone();
            map.insert(name, item);
        }
    }
}

/// Keeps the characters of an expression column that are valid in a name.
fn sanitize(col: &str) -> String {
    let s: String = col
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    s.trim_matches('_').to_lowercase()
}

fn shorten(name: &str) -> String {
    if name.len() <= MAX_IDENTIFIER {
        return name.to_string();
    }
    // FNV-1a: stable across Rust versions and platforms, unlike `DefaultHasher`.
    let hash = name.bytes().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    });
    let mut cut = MAX_IDENTIFIER - 9;
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}_{:08x}", &name[..cut], hash as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Index, Table};

    #[test]
    fn names_unnamed_indexes_and_keeps_named_ones() {
        let mut schema = Schema::default();
        let mut t = Table {
            name: "users".into(),
            ..Table::default()
        };
        let ix = |name: &str, cols: &[&str]| Index {
            name: name.into(),
            columns: cols.iter().map(|c| c.to_string()).collect(),
            ..Index::default()
        };
        t.indexes.insert("#1".into(), ix("", &["email", "org_id"]));
        t.indexes.insert("by_name".into(), ix("by_name", &["name"]));
        schema.tables.insert("users".into(), t);
        apply_naming(&mut schema, &NamingConvention::default());
        let names: Vec<&String> = schema.tables["users"].indexes.keys().collect();
        assert_eq!(names, ["by_name", "ix_users_email_org_id"]);
        assert_eq!(
            schema.tables["users"].indexes["ix_users_email_org_id"].name,
            "ix_users_email_org_id"
        );
    }

    #[test]
    fn long_names_are_cut_with_a_stable_hash() {
        let nc = NamingConvention::default();
        let cols = vec![
            "a_very_long_column_name_number_one".to_string(),
            "and_another_long_one".into(),
        ];
        let name = nc.format(&nc.index, "some_long_table_name", &cols, "");
        assert_eq!(name.len(), MAX_IDENTIFIER);
        assert_eq!(
            name,
            nc.format(&nc.index, "some_long_table_name", &cols, "")
        );
    }
}
