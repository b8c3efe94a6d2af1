//! The reader: model statements in order, each added to the schema so far as PostgreSQL
//! would add it, with the names PostgreSQL keeps unique.

use super::columns::{column, Declared};
use super::constraints::{has_columns, index_columns, table_constraint, Keys};
use crate::schema::{Index, PrimaryKey, Schema, Table};
use crate::script::spans;
use sqlparser::ast::helpers::stmt_create_table::CreateTableBuilder;
use sqlparser::ast::{
    CreateIndex, CreateTable, HiveFormat, Ident, ObjectName, ObjectNamePart, Statement,
};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;
use std::collections::BTreeSet;

/// PostgreSQL's identifier limit: longer names are truncated, which this path leaves
/// to the database.
const MAX_NAME: usize = 63;

/// The schema PostgreSQL would report after running `sources` (the text of each model
/// file, in order) on an empty database, or `None` when that is not certain.
pub fn read(sources: &[&str]) -> Option<Schema> {
    let mut reader = Reader::default();
    // Statement by statement: parsing a whole file at once holds every token and every
    // statement of thousands of tables in memory at the same time.
    let statements = sources.iter().flat_map(|text| {
        spans(text)
            .into_iter()
            .filter(|span| span.code.is_some())
            .map(|span| &text[span.start..span.end])
    });
    for sql in statements {
        for statement in Parser::parse_sql(&PostgreSqlDialect {}, sql).ok()? {
            match statement {
                Statement::CreateTable(create) => reader.create_table(create)?,
                Statement::CreateIndex(create) => reader.create_index(create)?,
                _ => return None,
            }
        }
    }
    reader.finish()
}

/// The schema so far, with the names PostgreSQL keeps unique.
#[derive(Default)]
pub(super) struct Reader {
    pub(super) schema: Schema,
    /// Names in `pg_class`: tables, indexes (also those of primary keys and unique
    /// constraints) and the sequences of serial and identity columns.
    pub(super) relations: BTreeSet<String>,
    /// Names this path gave to unnamed constraints, as PostgreSQL would; checked at the
    /// end against every constraint name (PostgreSQL numbers a name already taken).
    generated: Vec<String>,
}

impl Reader {
    fn create_table(&mut self, create: CreateTable) -> Option<()> {
        if !is_plain(&create) {
            return None;
        }
        let name = object_name(&create.name)?;
        if !self.relations.insert(name.clone()) {
            return None;
        }
        let mut table = Table {
            name: name.clone(),
            ..Table::default()
        };
        // Column-level keys, added after the columns as PostgreSQL does.
        let mut keys = Keys::default();
        for def in &create.columns {
            let Declared { column, primary } = column(def, &mut keys)?;
            if table.column(&column.name).is_some() {
                return None;
            }
            let sequence = format!("{name}_{}_seq", column.name);
            if column.autoincrement && !self.relations.insert(sequence) {
                return None;
            }
            if let Some(pk_name) = primary {
                if table.primary_key.is_some() {
                    return None;
                }
                table.primary_key = Some(PrimaryKey {
                    name: pk_name,
                    columns: vec![column.name.clone()],
                    deferrable: None,
                    comment: None,
                });
            }
            table.columns.push(column);
        }
        for constraint in create.constraints {
            table_constraint(constraint, &mut table, &mut keys)?;
        }
        self.add_keys(&mut table, keys.uniques)?;
        // A table may refer to itself: its keys are in place before its foreign keys.
        self.schema.tables.insert(name.clone(), table);
        for decl in keys.foreign {
            let fk = self.foreign_key(&name, decl)?;
            let table = self.schema.tables.get_mut(&name)?;
            if table.foreign_keys.insert(fk.name.clone(), fk).is_some() {
                return None;
            }
        }
        Some(())
    }

    fn create_index(&mut self, create: CreateIndex) -> Option<()> {
        let plain = CreateIndex {
            name: create.name.clone(),
            table_name: create.table_name.clone(),
            using: None,
            columns: create.columns.clone(),
            unique: create.unique,
            concurrently: false,
            if_not_exists: false,
            include: Vec::new(),
            nulls_distinct: None,
            with: Vec::new(),
            predicate: None,
            index_options: Vec::new(),
            alter_options: Vec::new(),
        };
        if plain != create {
            return None;
        }
        let table_name = object_name(&create.table_name)?;
        let columns = index_columns(&create.columns)?;
        let table = self.schema.tables.get(&table_name)?;
        if !has_columns(table, &columns) {
            return None;
        }
        let given = match &create.name {
            Some(given) => Some(object_name(given)?),
            None => None,
        };
        let name = self.claim(&table_name, given, &columns, "idx")?;
        let index = Index {
            name: name.clone(),
            columns,
            unique: create.unique,
            predicate: None,
            ..Index::default()
        };
        self.schema
            .tables
            .get_mut(&table_name)?
            .indexes
            .insert(name, index);
        Some(())
    }

    /// The name of an index or of a key's index (`label` `pkey`, `key` or `idx`): the
    /// given one or PostgreSQL's, taken among the relation names. `None` when taken.
    pub(super) fn claim(
        &mut self,
        table: &str,
        given: Option<String>,
        columns: &[String],
        label: &str,
    ) -> Option<String> {
        let name = match given {
            Some(given) => given,
            None => self.generate(table, columns, label)?,
        };
        self.relations.insert(name.clone()).then_some(name)
    }

    /// The name PostgreSQL gives an unnamed object: `{table}_{columns}_{label}`, when it
    /// needs neither truncating nor numbering.
    pub(super) fn generate(
        &mut self,
        table: &str,
        columns: &[String],
        label: &str,
    ) -> Option<String> {
        let mut parts = vec![table.to_string()];
        parts.extend(columns.iter().cloned());
        parts.push(label.to_string());
        let name = parts.join("_");
        if name.len() > MAX_NAME || self.relations.contains(&name) {
            return None;
        }
        self.generated.push(name.clone());
        Some(name)
    }

    /// The schema, unless a generated name is also used by another constraint
    /// (PostgreSQL would have numbered it).
    fn finish(self) -> Option<Schema> {
        let mut names: Vec<&str> = Vec::new();
        for table in self.schema.tables.values() {
            names.extend(table.primary_key.iter().filter_map(|pk| pk.name.as_deref()));
            names.extend(table.uniques.keys().map(String::as_str));
            names.extend(table.foreign_keys.keys().map(String::as_str));
        }
        let clash = self
            .generated
            .iter()
            .any(|g| names.iter().filter(|n| **n == g.as_str()).count() > 1);
        (!clash).then_some(self.schema)
    }
}

/// Whether a `CREATE TABLE` has nothing beyond a name, columns and constraints: IF NOT
/// EXISTS, TEMP, INHERITS, PARTITION BY, WITH, AS SELECT … are left to the database.
/// (The parser gives every table an empty Hive format.)
fn is_plain(create: &CreateTable) -> bool {
    let plain = CreateTableBuilder::new(create.name.clone())
        .columns(create.columns.clone())
        .constraints(create.constraints.clone())
        .hive_formats(Some(HiveFormat::default()))
        .build();
    plain == Statement::CreateTable(create.clone())
}

/// An identifier as PostgreSQL stores it: unquoted ones folded to lower case.
pub(super) fn ident(id: &Ident) -> String {
    match id.quote_style {
        Some('"') => id.value.clone(),
        None => id.value.to_lowercase(),
        Some(_) => id.value.clone(),
    }
}

/// A one-part object name (a schema-qualified one is left to the database, and so is a
/// name holding a dot, which inspection qualifies: `public.a.b`).
pub(super) fn object_name(name: &ObjectName) -> Option<String> {
    match name.0.as_slice() {
        [ObjectNamePart::Identifier(id)]
            if id.quote_style.is_none_or(|q| q == '"') && !id.value.contains('.') =>
        {
            Some(ident(id))
        }
        _ => None,
    }
}
