//! Finding the models in a Rust source file without compiling it.
//!
//! The CLI reads the files listed under `[models] rust` in shale.toml with
//! [`parse_file`]; every struct deriving `Model` (or `shale::Model`) goes through the same
//! [`parse_derive`](crate::parse_derive) as the compiled derive. Only the items that can
//! be models are parsed: see `skim.rs`.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::def::{EnumDef, ModelDef};
use crate::skim::Skimmed;

/// One problem in a model source file, at a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// What is wrong and what to write instead.
    pub message: String,
}

/// The errors found in one model source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseFileError {
    /// The file, when the caller named it with [`ParseFileError::in_file`].
    pub file: Option<PathBuf>,
    /// The problems, in source order; never empty.
    pub diagnostics: Vec<Diagnostic>,
}

impl ParseFileError {
    /// The same errors, reported against `path`.
    pub fn in_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.file = Some(path.into());
        self
    }

    fn from_syn(err: syn::Error) -> Self {
        let diagnostics = err
            .into_iter()
            .map(|e| {
                let start = e.span().start();
                Diagnostic {
                    line: start.line,
                    column: start.column + 1,
                    message: plain_message(e.to_string()),
                }
            })
            .collect();
        ParseFileError {
            file: None,
            diagnostics,
        }
    }
}

/// syn's message for a file its lexer cannot read ("cannot parse string into token
/// stream") in the words of someone editing models.
fn plain_message(message: String) -> String {
    if message.contains("cannot parse string into token stream") {
        return "the file is not valid Rust: a string, comment or bracket opened here (or \
                before) is not closed"
            .to_string();
    }
    message
}

impl fmt::Display for ParseFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self
            .file
            .as_deref()
            .unwrap_or_else(|| Path::new("<models>"));
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(
                f,
                "{}:{}:{}: {}",
                file.display(),
                d.line,
                d.column,
                d.message
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseFileError {}

/// Every model in a Rust source file, in source order (inline modules included,
/// `#[cfg(test)]` modules left out).
///
/// ```
/// let models = shale_model::parse_file(r#"
///     #[derive(Debug, shale::Model)]
///     #[shale(table = "users")]
///     pub struct User { #[shale(primary_key)] pub id: i64 }
/// "#).unwrap();
/// assert_eq!(models[0].table, "users");
/// ```
pub fn parse_file(source: &str) -> Result<Vec<ModelDef>, ParseFileError> {
    let (mut models, enums) = parse_models_and_enums(source)?;
    resolve_enums(&mut models, &enums);
    Ok(models)
}

/// The `#[derive(shale::Enum)]` enums of a source file.
pub fn parse_enums(source: &str) -> Result<Vec<EnumDef>, ParseFileError> {
    Ok(parse_models_and_enums(source)?.1)
}

/// The models and the `#[derive(shale::Enum)]` enums of a source file, read in one pass;
/// the models' enum fields are left for [`resolve_enums`] (an enum may sit in another
/// file than the models using it).
pub fn parse_models_and_enums(
    source: &str,
) -> Result<(Vec<ModelDef>, Vec<EnumDef>), ParseFileError> {
    let found: Skimmed = syn::parse_str(source).map_err(ParseFileError::from_syn)?;
    match found.errors {
        Some(e) => Err(ParseFileError::from_syn(e)),
        None => Ok((found.models, found.enums)),
    }
}

/// Gives each field marked `#[shale(enum)]` whose type names one of `enums` (by its last
/// path segment) that enum; others stay unresolved (`sql_enum: None`).
pub fn resolve_enums(models: &mut [ModelDef], enums: &[EnumDef]) {
    for field in models.iter_mut().flat_map(|m| m.fields.iter_mut()) {
        if field.is_enum && field.sql_enum.is_none() {
            let name = field.rust_type.rsplit("::").next().unwrap_or("");
            field.sql_enum = enums.iter().find(|e| e.rust_name == name).cloned();
        }
    }
}
