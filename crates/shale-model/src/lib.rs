//! shale-model: the `#[shale(…)]` attribute grammar of shale's Rust models.
//!
//! One grammar serves both readers of a model, so they can never disagree:
//!
//! * the `#[derive(shale::Model)]` macro (crate `shale-macros`) calls [`parse_derive`] on
//!   the compiled struct and emits its [`ModelDef`] as a literal;
//! * the `shale` CLI calls [`parse_file`] on the source files listed in shale.toml,
//!   without compiling them.
//!
//! A [`ModelDef`] (with its [`FieldDef`]s, [`IndexDef`]s and [`CheckDef`]s) is plain owned
//! data; the `shale` crate maps it to a dialect's schema. The attribute reference is in
//! `docs/models.md`.

mod attr;
mod def;
mod enums;
mod field;
mod file;
mod model;
mod skim;
mod types;

pub use def::{CheckDef, EnumDef, FieldDef, IndexDef, IndexKind, ModelDef};
pub use enums::parse_enum;
pub use file::{
    parse_enums, parse_file, parse_models_and_enums, resolve_enums, Diagnostic, ParseFileError,
};
pub use model::parse_derive;

#[cfg(test)]
mod tests;
