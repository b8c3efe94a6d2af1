//! The parsed model: plain owned data describing one `#[derive(Model)]` struct.
//!
//! These types carry no syntax trees, so the derive macro can emit them as literal
//! constructions and the library can consume them at run time.

/// One model: a struct with `#[derive(shale::Model)]`, describing one table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelDef {
    /// The Rust struct's name, for messages (`User`).
    pub struct_name: String,
    /// The table name: `#[shale(table = "…")]`, or the struct name in snake_case.
    pub table: String,
    /// The PostgreSQL schema the table is in, `#[shale(schema = "billing")]`; `None`: the
    /// connection's own.
    pub schema: Option<String>,
    /// The columns, in declaration order (fields marked `skip` are left out).
    pub fields: Vec<FieldDef>,
    /// Indexes and multi-column unique constraints declared on the struct.
    pub indexes: Vec<IndexDef>,
    /// Check constraints declared on the struct (a field's `check` stays on its field).
    pub checks: Vec<CheckDef>,
    /// The primary key's column names in key order: from the struct's
    /// `primary_key = "a, b"` or from the fields marked `primary_key`, in field order.
    pub primary_key: Vec<String>,
    /// The primary key's comment, from the struct's `primary_key(comment = "…")`
    /// (MySQL/MariaDB `PRIMARY KEY (…) COMMENT '…'`, PostgreSQL `COMMENT ON CONSTRAINT`;
    /// SQLite has none).
    pub primary_key_comment: Option<String>,
    /// The table's previous name, from `#[shale(renamed_from = "…")]` on the struct.
    pub renamed_from: Option<String>,
    /// The table's comment: the struct's doc comment (`///`), or `comment = "…"`;
    /// `None` with `comment = false`.
    pub comment: Option<String>,
    /// Whether [`comment`](Self::comment) is the doc comment (not `comment = "…"`): a
    /// project that does not want its Rust docs as database comments (`[models]
    /// doc_comments = false`) leaves those out.
    pub doc_comment: bool,
}

/// One column, from one struct field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDef {
    /// The column name: the field name, or `#[shale(column = "…")]`.
    pub name: String,
    /// The field's Rust type without `Option`, as normalised path text
    /// (`i64`, `String`, `chrono::DateTime<Utc>`, `Vec<u8>`).
    pub rust_type: String,
    /// Whether the field is an `Option<T>`: the column accepts NULL.
    pub nullable: bool,
    /// Whether the column is (part of) the primary key.
    pub primary_key: bool,
    /// Whether the column alone carries a unique constraint (`unique`).
    pub unique: bool,
    /// Whether the column alone carries a (non-unique) index (`index`).
    pub index: bool,
    /// The server default as SQL text (`default = "now()"`, `default = 0`).
    pub default: Option<String>,
    /// The referenced `(table, column)` of a foreign key (`references = "users.id"`).
    pub references: Option<(String, String)>,
    /// The foreign key's ON DELETE action, upper-case (`CASCADE`, `SET NULL`, …).
    pub on_delete: Option<String>,
    /// The foreign key's ON UPDATE action, upper-case.
    pub on_update: Option<String>,
    /// A check constraint on this column, as a boolean SQL expression.
    pub check: Option<String>,
    /// The maximum length of a `String` column: `varchar(n)` instead of `text`.
    pub max_length: Option<u32>,
    /// The SQL type to use instead of the one mapped from the Rust type.
    pub sql_type: Option<String>,
    /// The column's previous name (`renamed_from = "fullname"`).
    pub renamed_from: Option<String>,
    /// Whether the column auto-increments: `None` lets shale decide (a single integer
    /// primary key does), `Some(_)` is what the model said.
    pub autoincrement: Option<bool>,
    /// A generated column's SQL expression (`generated = "price * qty"`).
    pub generated: Option<String>,
    /// Whether the field's type is a `#[derive(shale::Enum)]` enum (`#[shale(enum)]`).
    pub is_enum: bool,
    /// That enum, once known: the derive asks the type, the CLI finds it in the model
    /// files.
    pub sql_enum: Option<EnumDef>,
    /// The column's comment: the field's doc comment (`///`), or `comment = "…"`; `None`
    /// with `comment = false` on the field or the struct.
    pub comment: Option<String>,
    /// Whether [`comment`](Self::comment) is the doc comment (not `comment = "…"`).
    pub doc_comment: bool,
    /// Whether a generated column is stored (`stored`); else virtual where the dialect
    /// has virtual columns (MySQL/MariaDB, SQLite). PostgreSQL stores every one.
    pub stored: bool,
}

/// A Rust enum with `#[derive(shale::Enum)]`: a SQL enumeration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumDef {
    /// The Rust enum's name (`OrderStatus`): what a field's type names.
    pub rust_name: String,
    /// The SQL type's name (PostgreSQL): `#[shale(name = "…")]`, or the enum's name in
    /// snake_case.
    pub name: String,
    /// The labels, in variant order.
    pub labels: Vec<String>,
}

/// What kind of object an [`IndexDef`] declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndexKind {
    /// A plain index: `index(columns = "a, b")`.
    Index,
    /// A unique index: `index(columns = "a, b", unique)`.
    UniqueIndex,
    /// A unique constraint: `unique_together = "a, b"` or `unique(columns = "a, b")`.
    UniqueConstraint,
}

/// An index or unique constraint declared on the struct, over one or more columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexDef {
    /// The name given in the model, if any (a naming convention names the others).
    pub name: Option<String>,
    /// The column names, in key order.
    pub columns: Vec<String>,
    /// Index, unique index or unique constraint.
    pub kind: IndexKind,
    /// The index's or constraint's comment, `comment = "…"` (MySQL/MariaDB `COMMENT '…'`,
    /// PostgreSQL `COMMENT ON INDEX` / `COMMENT ON CONSTRAINT`; SQLite has none).
    pub comment: Option<String>,
}

/// A check constraint declared on the struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckDef {
    /// The name given in the model, if any.
    pub name: Option<String>,
    /// The boolean SQL expression.
    pub expression: String,
}

impl ModelDef {
    /// The table's name as shale keys it: `schema.table` in another schema
    /// (`billing.invoices`), the bare table name in the connection's own.
    pub fn qualified_table(&self) -> String {
        match &self.schema {
            Some(schema) => format!("{schema}.{}", self.table),
            None => self.table.clone(),
        }
    }

    /// The field whose column is named `column`, if any.
    pub fn field(&self, column: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.name == column)
    }
}

impl FieldDef {
    /// A field with the given column name and Rust type and every attribute unset.
    pub fn new(name: impl Into<String>, rust_type: impl Into<String>) -> Self {
        FieldDef {
            name: name.into(),
            rust_type: rust_type.into(),
            nullable: false,
            primary_key: false,
            unique: false,
            index: false,
            default: None,
            references: None,
            on_delete: None,
            on_update: None,
            check: None,
            max_length: None,
            sql_type: None,
            renamed_from: None,
            autoincrement: None,
            generated: None,
            is_enum: false,
            sql_enum: None,
            comment: None,
            doc_comment: false,
            stored: false,
        }
    }
}
