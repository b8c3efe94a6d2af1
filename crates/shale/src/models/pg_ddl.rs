//! PostgreSQL SQL models read without a database, where that gives exactly the schema
//! the database would report.
//!
//! Normalising SQL models on a scratch database costs PostgreSQL a few files per table
//! (heap, TOAST table and index, one per index); at a thousand tables that is seconds of
//! file creation, far more than shale's own work. Most model files are plain
//! `CREATE TABLE` and `CREATE INDEX` statements whose inspected form is known in
//! advance: `BIGINT` is reported as `bigint`, an unnamed primary key of `users` is
//! `users_pkey`, a `'UTC'` default is `'UTC'`. [`read`] turns such files into a
//! [`Schema`] directly.
//!
//! It only answers when it is sure. Anything it does not model exactly — CHECK
//! constraints, expression or partial indexes, enum types, other statements, types
//! outside a fixed list, defaults other than plain literals, a name PostgreSQL would
//! truncate or number, or anything the database would refuse (an unknown column, a
//! foreign key to a table not yet created, a duplicate name) — makes it return `None`,
//! and the caller normalises the files on a scratch database as before, which also
//! reports errors with their file and line. `tests/pg_ddl.rs` applies every model file
//! of the test corpora that this path accepts to PostgreSQL and requires the inspected
//! schema to equal the one read here, field by field.

use crate::schema::{
    Column, ColumnType, Family, ForeignKey, Index, PrimaryKey, Schema, Table, UniqueConstraint,
};
use sqlparser::ast::helpers::stmt_create_table::CreateTableBuilder;
use sqlparser::ast::{
    ColumnOption, CreateIndex, CreateTable, Expr, GeneratedAs, HiveFormat, Ident, IndexColumn,
    ObjectName, ObjectNamePart, OrderByOptions, ReferentialAction, Statement, TableConstraint,
    Value,
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
    for text in sources {
        for statement in Parser::parse_sql(&PostgreSqlDialect {}, text).ok()? {
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
struct Reader {
    schema: Schema,
    /// Names in `pg_class`: tables, indexes (also those of primary keys and unique
    /// constraints) and the sequences of serial and identity columns.
    relations: BTreeSet<String>,
    /// Names this path gave to unnamed constraints, as PostgreSQL would; checked at the
    /// end against every constraint name (PostgreSQL numbers a name already taken).
    generated: Vec<String>,
}

/// One column's options, as declared.
#[derive(Default)]
struct ColumnDecl {
    not_null: bool,
    null: bool,
    primary: Option<Option<String>>,
}

impl Reader {
    fn create_table(&mut self, create: CreateTable) -> Option<()> {
        // Anything beyond a name, columns and constraints (IF NOT EXISTS, TEMP, INHERITS,
        // PARTITION BY, WITH, AS SELECT …) is left to the database. (The parser gives
        // every table an empty Hive format.)
        let plain = CreateTableBuilder::new(create.name.clone())
            .columns(create.columns.clone())
            .constraints(create.constraints.clone())
            .hive_formats(Some(HiveFormat::default()))
            .build();
        if plain != Statement::CreateTable(create.clone()) {
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
        let mut uniques: Vec<(Option<String>, Vec<String>)> = Vec::new();
        let mut foreign: Vec<ForeignDecl> = Vec::new();
        for def in &create.columns {
            let column_name = ident(&def.name);
            if table.column(&column_name).is_some() {
                return None;
            }
            let (ty, serial) = column_type(&def.data_type.to_string())?;
            let mut column = Column {
                name: column_name.clone(),
                ty,
                nullable: true,
                default: None,
                autoincrement: serial,
            };
            let mut decl = ColumnDecl::default();
            for option in &def.options {
                let constraint_name = option.name.as_ref().map(ident);
                match &option.option {
                    ColumnOption::Null => decl.null = true,
                    ColumnOption::NotNull => decl.not_null = true,
                    ColumnOption::Default(expr) if column.default.is_none() => {
                        column.default = Some(default_literal(expr, &column.ty)?);
                    }
                    ColumnOption::Unique {
                        is_primary,
                        characteristics: None,
                    } => {
                        if *is_primary {
                            if decl.primary.is_some() {
                                return None;
                            }
                            decl.primary = Some(constraint_name);
                        } else {
                            uniques.push((constraint_name, vec![column_name.clone()]));
                        }
                    }
                    ColumnOption::ForeignKey {
                        foreign_table,
                        referred_columns,
                        on_delete,
                        on_update,
                        characteristics: None,
                    } => foreign.push(ForeignDecl::new(
                        constraint_name,
                        vec![column_name.clone()],
                        foreign_table,
                        referred_columns,
                        [on_delete, on_update],
                    )?),
                    ColumnOption::Generated {
                        generated_as: GeneratedAs::Always | GeneratedAs::ByDefault,
                        sequence_options,
                        generation_expr: None,
                        generation_expr_mode: None,
                        generated_keyword: true,
                    } if sequence_options.as_ref().is_none_or(Vec::is_empty)
                        && !column.autoincrement
                        && column.ty.is_integer() =>
                    {
                        column.autoincrement = true;
                    }
                    _ => return None,
                }
            }
            if decl.null && (decl.not_null || decl.primary.is_some()) {
                return None;
            }
            if column.autoincrement {
                if column.default.is_some() || decl.null {
                    return None;
                }
                column.nullable = false;
                if !self.relations.insert(format!("{name}_{column_name}_seq")) {
                    return None;
                }
            }
            if decl.not_null {
                column.nullable = false;
            }
            if let Some(pk_name) = decl.primary {
                if table.primary_key.is_some() {
                    return None;
                }
                table.primary_key = Some(PrimaryKey {
                    name: pk_name,
                    columns: vec![column_name],
                });
            }
            table.columns.push(column);
        }
        for constraint in create.constraints {
            match constraint {
                TableConstraint::PrimaryKey {
                    name: pk_name,
                    index_name: None,
                    index_type: None,
                    columns,
                    index_options,
                    characteristics: None,
                } if index_options.is_empty() && table.primary_key.is_none() => {
                    table.primary_key = Some(PrimaryKey {
                        name: pk_name.as_ref().map(ident),
                        columns: index_columns(&columns)?,
                    });
                }
                TableConstraint::Unique {
                    name: unique_name,
                    index_name: None,
                    index_type_display: sqlparser::ast::KeyOrIndexDisplay::None,
                    index_type: None,
                    columns,
                    index_options,
                    characteristics: None,
                    nulls_distinct: sqlparser::ast::NullsDistinctOption::None,
                } if index_options.is_empty() => {
                    uniques.push((unique_name.as_ref().map(ident), index_columns(&columns)?));
                }
                TableConstraint::ForeignKey {
                    name: fk_name,
                    index_name: None,
                    columns,
                    foreign_table,
                    referred_columns,
                    on_delete,
                    on_update,
                    characteristics: None,
                } => foreign.push(ForeignDecl::new(
                    fk_name.as_ref().map(ident),
                    columns.iter().map(ident).collect(),
                    &foreign_table,
                    &referred_columns,
                    [&on_delete, &on_update],
                )?),
                _ => return None,
            }
        }
        if let Some(pk) = &mut table.primary_key {
            if !all_distinct(&pk.columns) {
                return None;
            }
            for column in &pk.columns {
                let col = table.columns.iter_mut().find(|c| &c.name == column)?;
                col.nullable = false;
            }
            pk.name = Some(self.claim(&name, pk.name.clone(), &[], "pkey")?);
        }
        for (given, columns) in uniques {
            if !has_columns(&table, &columns) {
                return None;
            }
            let unique_name = self.claim(&name, given, &columns, "key")?;
            let unique = UniqueConstraint {
                name: unique_name.clone(),
                columns,
            };
            table.uniques.insert(unique_name, unique);
        }
        // A table may refer to itself: its keys are in place before its foreign keys.
        self.schema.tables.insert(name.clone(), table);
        for decl in foreign {
            let fk = self.foreign_key(&name, decl)?;
            let table = self.schema.tables.get_mut(&name)?;
            if table.foreign_keys.insert(fk.name.clone(), fk).is_some() {
                return None;
            }
        }
        Some(())
    }

    /// A foreign key of `table`, checked as PostgreSQL checks it when it is created: the
    /// referenced table exists, the referenced columns are its primary key or carry a
    /// unique constraint or index, and the types agree.
    fn foreign_key(&mut self, table: &str, decl: ForeignDecl) -> Option<ForeignKey> {
        let target = self.schema.tables.get(&decl.table)?;
        let ref_columns = if decl.ref_columns.is_empty() {
            target.primary_key.as_ref()?.columns.clone()
        } else {
            decl.ref_columns
        };
        let as_set = |cols: &[String]| cols.iter().cloned().collect::<BTreeSet<_>>();
        let wanted = as_set(&ref_columns);
        let keyed = target
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
                .any(|i| i.unique && i.predicate.is_none() && as_set(&i.columns) == wanted);
        if !keyed || ref_columns.len() != decl.columns.len() || !all_distinct(&ref_columns) {
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
        })
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
    fn claim(
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
    fn generate(&mut self, table: &str, columns: &[String], label: &str) -> Option<String> {
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

/// A foreign key as declared, before it is checked against the table it references.
struct ForeignDecl {
    name: Option<String>,
    columns: Vec<String>,
    table: String,
    ref_columns: Vec<String>,
    on_delete: Option<String>,
    on_update: Option<String>,
}

impl ForeignDecl {
    fn new(
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

/// An identifier as PostgreSQL stores it: unquoted ones folded to lower case.
fn ident(id: &Ident) -> String {
    match id.quote_style {
        Some('"') => id.value.clone(),
        None => id.value.to_lowercase(),
        Some(_) => id.value.clone(),
    }
}

/// A one-part object name (a schema-qualified one is left to the database).
fn object_name(name: &ObjectName) -> Option<String> {
    match name.0.as_slice() {
        [ObjectNamePart::Identifier(id)] if id.quote_style.is_none_or(|q| q == '"') => {
            Some(ident(id))
        }
        _ => None,
    }
}

/// The column names of a key or index: plain columns only, no order, collation or
/// operator class.
fn index_columns(columns: &[IndexColumn]) -> Option<Vec<String>> {
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
fn has_columns(table: &Table, columns: &[String]) -> bool {
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

/// A declared type as inspection reports it (`format_type` in shale's canonical form),
/// and whether it is a serial pseudo-type. `None` for a type outside the known list.
fn column_type(declared: &str) -> Option<(ColumnType, bool)> {
    let text = declared.to_lowercase();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let (base, args, suffix) = match (text.find('('), text.find(')')) {
        (Some(open), Some(close)) if open < close => {
            let args: String = text[open + 1..close]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            (text[..open].trim(), Some(args), text[close + 1..].trim())
        }
        (None, None) => {
            let zone = [" with time zone", " without time zone"]
                .into_iter()
                .find(|zone| text.ends_with(zone));
            match zone {
                Some(zone) => (&text[..text.len() - zone.len()], None, zone.trim_start()),
                None => (text.as_str(), None, ""),
            }
        }
        _ => return None,
    };
    let number = |s: &str| s.parse::<u32>().ok().filter(|n| *n > 0);
    let ty = match (base, args.as_deref(), suffix) {
        ("smallint" | "int2", None, "") => "smallint".to_string(),
        ("integer" | "int" | "int4", None, "") => "integer".to_string(),
        ("bigint" | "int8", None, "") => "bigint".to_string(),
        ("smallserial" | "serial2", None, "") => return Some(("smallint".into(), true)),
        ("serial" | "serial4", None, "") => return Some(("integer".into(), true)),
        ("bigserial" | "serial8", None, "") => return Some(("bigint".into(), true)),
        ("real" | "float4", None, "") => "real".to_string(),
        ("double precision" | "float8" | "float", None, "") => "double precision".to_string(),
        ("float", Some(n), "") => match number(n)? {
            1..=24 => "real".to_string(),
            25..=53 => "double precision".to_string(),
            _ => return None,
        },
        ("boolean" | "bool", None, "") => "boolean".to_string(),
        ("text", None, "") => "text".to_string(),
        ("varchar" | "character varying", None, "") => "varchar".to_string(),
        ("varchar" | "character varying", Some(n), "") => format!("varchar({})", number(n)?),
        ("char" | "character", None, "") => "char(1)".to_string(),
        ("char" | "character", Some(n), "") => format!("char({})", number(n)?),
        ("numeric" | "decimal", None, "") => "numeric".to_string(),
        ("numeric" | "decimal", Some(args), "") => {
            let (precision, scale) = match args.split_once(',') {
                Some((p, s)) => (number(p)?, s.parse::<u32>().ok()?),
                None => (number(args)?, 0),
            };
            if precision > 1000 || scale > precision {
                return None;
            }
            format!("numeric({precision},{scale})")
        }
        ("date", None, "") => "date".to_string(),
        ("timestamp", None, "" | "without time zone") => "timestamp".to_string(),
        ("timestamp", None, "with time zone") | ("timestamptz", None, "") => {
            "timestamp with time zone".to_string()
        }
        ("timestamp", Some(p), "" | "without time zone") => format!("timestamp({})", precision(p)?),
        ("timestamp", Some(p), "with time zone") | ("timestamptz", Some(p), "") => {
            format!("timestamp({}) with time zone", precision(p)?)
        }
        ("time", None, "" | "without time zone") => "time".to_string(),
        ("time", None, "with time zone") | ("timetz", None, "") => {
            "time with time zone".to_string()
        }
        ("uuid" | "json" | "jsonb" | "bytea" | "interval", None, "") => base.to_string(),
        _ => return None,
    };
    Some((ty.into(), false))
}

/// A fractional-seconds precision, 0 to 6.
fn precision(p: &str) -> Option<u32> {
    p.parse::<u32>().ok().filter(|p| *p <= 6)
}

/// A default as inspection reports it, for the literals whose report is known: a string
/// on a text column (`'UTC'`; PostgreSQL adds a cast that inspection drops), a small
/// non-negative integer on an integer column, `true`/`false` on a boolean.
fn default_literal(expr: &Expr, ty: &ColumnType) -> Option<String> {
    let Expr::Value(value) = expr else {
        return None;
    };
    match (&value.value, ty.family()) {
        (Value::SingleQuotedString(s), Family::Text { len, .. }) => {
            let quoted = format!("'{}'", s.replace('\'', "''"));
            // A string longer than a varchar(n)/char(n) is refused by the database only
            // when used; its report would be the same, but keep to the certain cases.
            len.is_none_or(|n| s.chars().count() <= n as usize)
                .then_some(quoted)
        }
        (Value::Number(n, false), Family::Int(_)) => {
            let small = n.bytes().all(|b| b.is_ascii_digit())
                && n.parse::<i32>().is_ok()
                && (n == "0" || !n.starts_with('0'));
            small.then(|| n.clone())
        }
        (Value::Boolean(b), Family::Bool) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(sql: &str) -> Option<Schema> {
        read(&[sql])
    }

    #[test]
    fn plain_tables_read_as_postgres_reports_them() {
        let schema = one("CREATE TABLE users (
                id BIGSERIAL PRIMARY KEY,
                email VARCHAR(255) NOT NULL UNIQUE,
                \"Display\" Character Varying (80),
                tz TEXT NOT NULL DEFAULT 'UTC',
                active BOOL DEFAULT true,
                score INT DEFAULT 0,
                joined TIMESTAMPTZ,
                price DECIMAL(10, 2)
            );
            CREATE TABLE items (
                id INTEGER GENERATED BY DEFAULT AS IDENTITY,
                user_id BIGINT REFERENCES users ON DELETE CASCADE,
                name CHAR,
                CONSTRAINT items_pk PRIMARY KEY (id)
            );
            CREATE UNIQUE INDEX ON items (user_id, name);
            CREATE INDEX ix_items_name ON items (name);")
        .expect("plain DDL is read");
        let users = &schema.tables["users"];
        let types: Vec<&str> = users.columns.iter().map(|c| c.ty.as_str()).collect();
        assert_eq!(
            types,
            [
                "bigint",
                "varchar(255)",
                "varchar(80)",
                "text",
                "boolean",
                "integer",
                "timestamp with time zone",
                "numeric(10,2)"
            ]
        );
        assert_eq!(users.columns[2].name, "Display");
        assert!(users.columns[0].autoincrement && !users.columns[0].nullable);
        assert_eq!(users.columns[3].default.as_deref(), Some("'UTC'"));
        assert_eq!(users.columns[4].default.as_deref(), Some("true"));
        let pk = users.primary_key.as_ref().unwrap();
        assert_eq!(pk.name.as_deref(), Some("users_pkey"));
        assert_eq!(users.uniques["users_email_key"].columns, ["email"]);
        let items = &schema.tables["items"];
        assert!(items.columns[0].autoincrement && !items.columns[0].nullable);
        assert_eq!(items.columns[2].ty, "char(1)");
        let fk = &items.foreign_keys["items_user_id_fkey"];
        assert_eq!(
            (fk.ref_table.as_str(), &fk.ref_columns[..]),
            ("users", &["id".to_string()][..])
        );
        assert_eq!(fk.on_delete.as_deref(), Some("CASCADE"));
        assert!(items.indexes["items_user_id_name_idx"].unique);
        assert!(!items.indexes["ix_items_name"].unique);
    }

    #[test]
    fn anything_uncertain_is_left_to_the_database() {
        let base = "CREATE TABLE t (id INT PRIMARY KEY, name TEXT, n INT);\n";
        let uncertain = [
            "CREATE TABLE c (x INT CHECK (x > 0));",
            "CREATE INDEX ix ON t (lower(name));",
            "CREATE INDEX ix ON t (name) WHERE n > 0;",
            "CREATE INDEX ix ON t (name DESC);",
            "CREATE TYPE mood AS ENUM ('a');",
            "CREATE TABLE c (x MONEY);",
            "CREATE TABLE c (x INT DEFAULT -1);",
            "CREATE TABLE c (x TIMESTAMP DEFAULT now());",
            "CREATE TABLE c (x VARCHAR(2) DEFAULT 'abc');",
            "CREATE TABLE c (t_id INT REFERENCES later (id));",
            "CREATE TABLE c (t_id INT REFERENCES t (name));",
            "CREATE TABLE c (t_id TEXT REFERENCES t (id));",
            "CREATE TABLE c (x INT, x INT);",
            "CREATE TABLE c (x INT, PRIMARY KEY (y));",
            "CREATE TABLE IF NOT EXISTS c (x INT);",
            "CREATE TEMP TABLE c (x INT);",
            "CREATE TABLE s.c (x INT);",
            "CREATE TABLE t (x INT);",
            "CREATE INDEX t ON t (n);",
            "CREATE TABLE c (x INT NULL NOT NULL);",
            "INSERT INTO t VALUES (1, 'a', 2);",
            "CREATE TABLE c (x INT, CONSTRAINT t_pkey UNIQUE (x));",
            "CREATE TABLE c (x INT REFERENCES t, CONSTRAINT c_x_fkey UNIQUE (x));",
            &format!("CREATE TABLE {} (x INT PRIMARY KEY);", "a".repeat(60)),
            "CREATE TABLE c (x INT GENERATED ALWAYS AS (1) STORED);",
            "CREATE TABLE c (x TEXT GENERATED ALWAYS AS IDENTITY);",
            "not sql at all",
        ];
        assert!(read(&[base]).is_some());
        for extra in uncertain {
            assert_eq!(read(&[base, extra]), None, "{extra}");
        }
    }

    #[test]
    fn a_generated_name_taken_elsewhere_is_left_to_the_database() {
        // PostgreSQL would name the second foreign key `b_a_id_fkey1`.
        let sql = "CREATE TABLE a (id INT PRIMARY KEY);
                   CREATE TABLE b (a_id INT REFERENCES a);
                   CREATE TABLE c (a_id INT, CONSTRAINT b_a_id_fkey FOREIGN KEY (a_id) REFERENCES a);";
        assert_eq!(one(sql), None);
    }
}
