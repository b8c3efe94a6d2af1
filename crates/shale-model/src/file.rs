//! Finding the models in a Rust source file without compiling it.
//!
//! The CLI reads the files listed under `[models] rust` in shale.toml with
//! [`parse_file`]; every struct deriving `Model` (or `shale::Model`) goes through the same
//! [`parse_derive`](crate::parse_derive) as the compiled derive.

use std::fmt;
use std::path::{Path, PathBuf};

use syn::{Attribute, DeriveInput, Item, Meta};

use crate::def::{EnumDef, ModelDef};
use crate::enums::parse_enum;
use crate::model::parse_derive;

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
    let (mut models, enums) = parse_items(source)?;
    resolve_enums(&mut models, &enums);
    Ok(models)
}

/// The `#[derive(shale::Enum)]` enums of a source file.
pub fn parse_enums(source: &str) -> Result<Vec<EnumDef>, ParseFileError> {
    Ok(parse_items(source)?.1)
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

fn parse_items(source: &str) -> Result<(Vec<ModelDef>, Vec<EnumDef>), ParseFileError> {
    let file = syn::parse_file(source).map_err(ParseFileError::from_syn)?;
    let mut found = Found::default();
    collect(&file.items, &mut found);
    match found.errors {
        Some(e) => Err(ParseFileError::from_syn(e)),
        None => Ok((found.models, found.enums)),
    }
}

#[derive(Default)]
struct Found {
    models: Vec<ModelDef>,
    enums: Vec<EnumDef>,
    errors: Option<syn::Error>,
}

impl Found {
    fn error(&mut self, e: syn::Error) {
        match &mut self.errors {
            Some(all) => all.combine(e),
            None => self.errors = Some(e),
        }
    }
}

fn collect(items: &[Item], found: &mut Found) {
    for item in items {
        match item {
            Item::Struct(s) if derives(&s.attrs, "Model") => {
                match parse_derive(&DeriveInput::from(s.clone())) {
                    Ok(model) => found.models.push(model),
                    Err(e) => found.error(e),
                }
            }
            Item::Enum(e) if derives(&e.attrs, "Enum") => {
                match parse_enum(&DeriveInput::from(e.clone())) {
                    Ok(def) => found.enums.push(def),
                    Err(err) => found.error(err),
                }
            }
            Item::Mod(m) if !is_cfg_test(&m.attrs) => {
                if let Some((_, items)) = &m.content {
                    collect(items, found);
                }
            }
            _ => {}
        }
    }
}

fn derives(attrs: &[Attribute], derive: &str) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .any(|a| {
            let mut found = false;
            // A derive list that does not parse is not ours to report; the compiler will.
            let _ = a.parse_nested_meta(|meta| {
                let names: Vec<String> = meta
                    .path
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect();
                found |= names == [derive] || names == ["shale", derive];
                Ok(())
            });
            found
        })
}

fn is_cfg_test(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| match &a.meta {
        Meta::List(list) if list.path.is_ident("cfg") => list.tokens.to_string().trim() == "test",
        _ => false,
    })
}
