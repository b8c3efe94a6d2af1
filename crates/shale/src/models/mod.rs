//! Models: the declared target schema that autogenerate and `check` compare with a database.
//!
//! Rust models are structs with `#[derive(shale::Model)]`. Their attribute grammar lives in
//! the `shale-model` crate, shared by the derive (compiled into an application) and the CLI
//! (which reads the source files without compiling them), so both give the same
//! [`ModelDef`]s. [`rust::to_schema`] turns model definitions into a dialect's
//! [`Schema`](crate::schema::Schema):
//!
//! ```ignore
//! use shale::{dialect::Dialect, models::{rust::to_schema, Model}};
//! let schema = to_schema(&[User::model_def(), Item::model_def()], Dialect::Postgres)?;
//! ```
//!
//! The attribute reference and the Rust-to-SQL type table are in `docs/models.md`.

pub mod rust;
pub mod sql;

pub use rust::{renames, table_renames, to_schema, to_schema_with, ModelError};
pub use shale_macros::Model;
pub use shale_model::{
    parse_derive, parse_file, CheckDef, Diagnostic, FieldDef, IndexDef, IndexKind, ModelDef,
    ParseFileError,
};

/// A Rust type that declares a table: implemented by `#[derive(shale::Model)]`.
pub trait Model {
    /// The table this type declares, as parsed from its `#[shale(…)]` attributes.
    fn model_def() -> ModelDef;
}
