//! Models: the declared target schema that autogenerate and `check` compare with a database.
//!
//! Rust models are structs with `#[derive(shale::Model)]`. Their attribute grammar lives in
//! the `shale-model` crate, shared by the derive (compiled into an application) and the CLI
//! (which reads the source files without compiling them), so both give the same
//! [`ModelDef`]s. [`load_files`] reads the CLI's model files, [`rust::to_schema`] turns
//! model definitions into a dialect's [`Schema`](crate::schema::Schema), named by the
//! naming convention, and [`diff_options`] carries their declared renames to the diff:
//!
//! ```
//! use shale::{dialect::Dialect, models::{to_schema, Model}};
//!
//! #[derive(shale::Model)]
//! #[shale(table = "users")]
//! struct User {
//!     #[shale(primary_key)]
//!     id: i64,
//!     #[shale(max_length = 80)]
//!     display_name: Option<String>,
//! }
//!
//! let schema = to_schema(&[User::model_def()], Dialect::Postgres).unwrap();
//! assert_eq!(schema.tables["users"].columns[1].ty, "varchar(80)");
//! ```
//!
//! The attribute reference and the Rust-to-SQL type table are in `docs/models.md`.

mod part_comments;
pub mod pg_ddl;
pub mod rust;
pub mod schemas;
mod search_path;
pub mod sql;
mod types;

pub use part_comments::place_part_comments;
pub use rust::{
    diff_options, load_files, renames, table_renames, to_schema, to_schema_with,
    without_doc_comments, ModelError,
};
pub use shale_macros::{Enum, Model};
pub use shale_model::{
    parse_derive, parse_enum, parse_enums, parse_file, resolve_enums, CheckDef, Diagnostic,
    EnumDef, FieldDef, IndexDef, IndexKind, ModelDef, ParseFileError,
};

/// A Rust enum that is a SQL enumeration: implemented by `#[derive(shale::Enum)]`.
pub trait Enum {
    /// The enumeration, as parsed from the enum and its `#[shale(…)]` attributes.
    fn enum_def() -> EnumDef;
}

/// A Rust type that declares a table: implemented by `#[derive(shale::Model)]`.
pub trait Model {
    /// The table this type declares, as parsed from its `#[shale(…)]` attributes.
    fn model_def() -> ModelDef;
}
