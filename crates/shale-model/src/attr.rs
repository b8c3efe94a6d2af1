//! Reading the values of `#[shale(…)]` keys: strings, integers, flags, column lists.
//!
//! Every reader reports a wrong value with the key's name and an example of a right one,
//! at the span of the offending token.

use std::collections::HashSet;

use syn::meta::ParseNestedMeta;
use syn::{Error, Lit, LitStr, Result, Token};

/// The key of one `key`, `key = value` or `key(…)` item, as a string.
pub(crate) fn key(meta: &ParseNestedMeta) -> Result<String> {
    meta.path
        .get_ident()
        .map(ToString::to_string)
        .ok_or_else(|| {
            Error::new_spanned(
                &meta.path,
                "expected a shale attribute key such as `table` or `primary_key`",
            )
        })
}

/// Remembers the keys seen in one attribute target, to reject duplicates.
#[derive(Default)]
pub(crate) struct Seen(HashSet<String>);

impl Seen {
    /// Fails when `key` was already given (keys that may repeat are not passed here).
    pub(crate) fn first(&mut self, meta: &ParseNestedMeta, key: &str) -> Result<()> {
        if self.0.insert(key.to_string()) {
            Ok(())
        } else {
            Err(meta.error(format!("duplicate shale attribute `{key}`: give it once")))
        }
    }
}

/// The literal after `key =`, or an error when the key has no value.
fn literal(meta: &ParseNestedMeta, key: &str, example: &str) -> Result<Lit> {
    if !meta.input.peek(Token![=]) {
        return Err(meta.error(format!("`{key}` needs a value, e.g. `{example}`")));
    }
    meta.value()?.parse::<Lit>()
}

/// The string value of `key = "…"`.
pub(crate) fn string(meta: &ParseNestedMeta, key: &str, example: &str) -> Result<LitStr> {
    match literal(meta, key, example)? {
        Lit::Str(s) if !s.value().trim().is_empty() => Ok(s),
        Lit::Str(s) => Err(Error::new(
            s.span(),
            format!("`{key}` must not be empty, e.g. `{example}`"),
        )),
        other => Err(Error::new(
            other.span(),
            format!("`{key}` expects a string, e.g. `{example}`"),
        )),
    }
}

/// The positive integer value of `key = N`.
pub(crate) fn positive_int(meta: &ParseNestedMeta, key: &str, example: &str) -> Result<u32> {
    let wrong = |span| {
        Error::new(
            span,
            format!("`{key}` expects a positive integer, e.g. `{example}`"),
        )
    };
    match literal(meta, key, example)? {
        Lit::Int(i) => match i.base10_parse::<u32>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(wrong(i.span())),
        },
        other => Err(wrong(other.span())),
    }
}

/// A flag: `key` alone means true; `key = true` / `key = false` are accepted too.
pub(crate) fn flag(meta: &ParseNestedMeta, key: &str) -> Result<bool> {
    if !meta.input.peek(Token![=]) {
        return Ok(true);
    }
    match meta.value()?.parse::<Lit>()? {
        Lit::Bool(b) => Ok(b.value),
        other => Err(Error::new(
            other.span(),
            format!("`{key}` is a flag: write `{key}` or `{key} = false`"),
        )),
    }
}

/// A server default: `default = "now()"` (SQL text), or a number or boolean literal.
pub(crate) fn default_sql(meta: &ParseNestedMeta) -> Result<String> {
    let example = "default = \"0\"";
    match literal(meta, "default", example)? {
        Lit::Str(s) => Ok(s.value()),
        Lit::Int(i) => Ok(i.base10_digits().to_string()),
        Lit::Float(f) => Ok(f.base10_digits().to_string()),
        Lit::Bool(b) => Ok(b.value.to_string()),
        other => Err(Error::new(
            other.span(),
            format!("`default` expects SQL text, a number or a boolean, e.g. `{example}`"),
        )),
    }
}

/// What `comment` said: `comment = false` turns doc comments off, `comment = "…"` gives
/// the text (`comment` alone, or `= true`, keeps the doc comment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CommentKey {
    Doc,
    Off,
    Text(String),
}

/// The value of `comment`, `comment = false` or `comment = "text"`.
pub(crate) fn comment(meta: &ParseNestedMeta) -> Result<CommentKey> {
    if !meta.input.peek(Token![=]) {
        return Ok(CommentKey::Doc);
    }
    match meta.value()?.parse::<Lit>()? {
        Lit::Bool(b) if b.value => Ok(CommentKey::Doc),
        Lit::Bool(_) => Ok(CommentKey::Off),
        Lit::Str(s) => Ok(CommentKey::Text(s.value())),
        other => Err(Error::new(
            other.span(),
            "`comment` expects `false` (no comment) or the text, e.g. `comment = \"Who signed up\"`",
        )),
    }
}

/// The doc comment (`///` lines, `#[doc = "…"]`) among `attrs`: its lines without the
/// one space after `///`, joined by newlines and trimmed; `None` when there is none.
pub(crate) fn doc_comment(attrs: &[syn::Attribute]) -> Option<String> {
    let mut lines = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("doc")) {
        if let syn::Meta::NameValue(nv) = &attr.meta {
            if let syn::Expr::Lit(syn::ExprLit {
                lit: Lit::Str(s), ..
            }) = &nv.value
            {
                let text = s.value();
                for line in text.split('\n') {
                    lines.push(
                        line.strip_prefix(' ')
                            .unwrap_or(line)
                            .trim_end()
                            .to_string(),
                    );
                }
            }
        }
    }
    let text = lines.join("\n").trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// A comma-separated list of column names: `"a, b"`.
pub(crate) fn column_list(lit: &LitStr, key: &str) -> Result<Vec<String>> {
    let columns: Vec<String> = lit
        .value()
        .split(',')
        .map(|c| c.trim().to_string())
        .collect();
    if columns.iter().any(String::is_empty) {
        return Err(Error::new(
            lit.span(),
            format!("`{key}` expects column names separated by commas, e.g. `{key} = \"a, b\"`"),
        ));
    }
    Ok(columns)
}

/// `references = "table.column"`, split at the last dot (the table may be schema-qualified).
pub(crate) fn references(lit: &LitStr) -> Result<(String, String)> {
    let value = lit.value();
    match value.rsplit_once('.') {
        Some((table, column)) if !table.trim().is_empty() && !column.trim().is_empty() => {
            Ok((table.trim().to_string(), column.trim().to_string()))
        }
        _ => Err(Error::new(
            lit.span(),
            format!("`references` expects \"table.column\", e.g. `references = \"users.id\"`, not \"{value}\""),
        )),
    }
}

/// A foreign-key action (`on_delete`, `on_update`), normalised to upper case.
pub(crate) fn fk_action(lit: &LitStr, key: &str) -> Result<String> {
    const ACTIONS: [&str; 5] = [
        "CASCADE",
        "SET NULL",
        "SET DEFAULT",
        "RESTRICT",
        "NO ACTION",
    ];
    let words: Vec<String> = lit
        .value()
        .split_whitespace()
        .map(str::to_uppercase)
        .collect();
    let action = words.join(" ");
    if ACTIONS.contains(&action.as_str()) {
        Ok(action)
    } else {
        Err(Error::new(
            lit.span(),
            format!("`{key}` expects one of \"cascade\", \"set null\", \"set default\", \"restrict\", \"no action\""),
        ))
    }
}

/// The error for a key that does not exist where it was written.
pub(crate) fn unknown_key(
    meta: &ParseNestedMeta,
    key: &str,
    here: &str,
    valid: &[&str],
    elsewhere: &[&str],
) -> Error {
    let list = valid.join(", ");
    if elsewhere.contains(&key) {
        meta.error(format!(
            "shale attribute `{key}` does not belong on {here}; valid here: {list}"
        ))
    } else {
        meta.error(format!(
            "unknown shale attribute `{key}` on {here}; expected one of: {list}"
        ))
    }
}
