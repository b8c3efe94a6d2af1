//! Field-level `#[shale(…)]` attributes: one struct field becomes one [`FieldDef`].

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{Error, Field, Result};

use crate::attr::{self, Seen};
use crate::def::FieldDef;
use crate::types;

/// The keys a field accepts.
pub(crate) const FIELD_KEYS: &[&str] = &[
    "column",
    "primary_key",
    "unique",
    "index",
    "default",
    "references",
    "on_delete",
    "on_update",
    "check",
    "max_length",
    "sql_type",
    "renamed_from",
    "autoincrement",
    "generated",
    "stored",
    "comment",
    "enum",
    "skip",
];

/// What a field's attributes said besides the [`FieldDef`] itself.
#[derive(Default)]
struct FieldState {
    seen: Seen,
    skip: bool,
    /// Where `on_delete` / `on_update` was written, to point at it without `references`.
    action_span: Option<Span>,
    /// What `comment` said, if given.
    comment: Option<attr::CommentKey>,
}

/// Parses one named field; `Ok(None)` for a field marked `#[shale(skip)]`. With
/// `doc_comments` false (`comment = false` on the struct) only `comment = "…"` gives the
/// column a comment.
pub(crate) fn parse_field(field: &Field, doc_comments: bool) -> Result<Option<FieldDef>> {
    let ident = field
        .ident
        .as_ref()
        .ok_or_else(|| Error::new(field.span(), "derive(Model) needs named fields"))?;
    let mut state = FieldState::default();
    let (inner, nullable) = types::split_option(&field.ty);
    let mut def = FieldDef::new(ident.to_string().trim_start_matches("r#"), String::new());
    def.nullable = nullable;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("shale")) {
        attr.parse_nested_meta(|meta| apply_key(&mut def, &mut state, &meta))?;
    }
    if state.skip {
        return Ok(None);
    }
    def.rust_type = types::type_text(inner)?;
    def.comment = match state.comment.take() {
        Some(attr::CommentKey::Text(text)) => Some(text),
        Some(attr::CommentKey::Off) => None,
        Some(attr::CommentKey::Doc) => {
            def.doc_comment = true;
            attr::doc_comment(&field.attrs)
        }
        None if doc_comments => {
            def.doc_comment = true;
            attr::doc_comment(&field.attrs)
        }
        None => None,
    };
    def.doc_comment &= def.comment.is_some();
    validate(&def, &state, field)?;
    Ok(Some(def))
}

/// Applies one `key` / `key = value` item to the field.
fn apply_key(def: &mut FieldDef, state: &mut FieldState, meta: &ParseNestedMeta) -> Result<()> {
    let key = attr::key(meta)?;
    if !FIELD_KEYS.contains(&key.as_str()) {
        return Err(attr::unknown_key(
            meta,
            &key,
            "a field",
            FIELD_KEYS,
            crate::model::STRUCT_KEYS,
        ));
    }
    state.seen.first(meta, &key)?;
    match key.as_str() {
        "column" => def.name = attr::string(meta, &key, "column = \"user_id\"")?.value(),
        "primary_key" if meta.input.peek(syn::token::Paren) => {
            return Err(meta.error(
                "`primary_key` on a field is a flag, with no options: give the key's comment on \
                 the struct, e.g. `#[shale(primary_key(comment = \"…\"))]`",
            ))
        }
        "primary_key" => def.primary_key = attr::flag(meta, &key)?,
        "unique" | "index" if meta.input.peek(syn::token::Paren) => {
            return Err(meta.error(format!(
                "`{key}` on a field is a flag, with no options: declare a named or commented \
                 {key} on the struct, e.g. `#[shale({key}(columns = \"email\", comment = \"…\"))]`"
            )))
        }
        "unique" => def.unique = attr::flag(meta, &key)?,
        "index" => def.index = attr::flag(meta, &key)?,
        "default" => def.default = Some(attr::default_sql(meta)?),
        "references" => {
            let lit = attr::string(meta, &key, "references = \"users.id\"")?;
            def.references = Some(attr::references(&lit)?);
        }
        "on_delete" | "on_update" => {
            let lit = attr::string(meta, &key, &format!("{key} = \"cascade\""))?;
            let action = Some(attr::fk_action(&lit, &key)?);
            state.action_span = Some(meta.path.span());
            if key == "on_delete" {
                def.on_delete = action;
            } else {
                def.on_update = action;
            }
        }
        "check" => def.check = Some(attr::string(meta, &key, "check = \"age >= 0\"")?.value()),
        "max_length" => def.max_length = Some(attr::positive_int(meta, &key, "max_length = 255")?),
        "sql_type" => {
            def.sql_type = Some(attr::string(meta, &key, "sql_type = \"citext\"")?.value())
        }
        "renamed_from" => {
            def.renamed_from =
                Some(attr::string(meta, &key, "renamed_from = \"fullname\"")?.value())
        }
        "autoincrement" => def.autoincrement = Some(attr::flag(meta, &key)?),
        "generated" => {
            def.generated = Some(attr::string(meta, &key, "generated = \"price * qty\"")?.value())
        }
        "stored" => def.stored = attr::flag(meta, &key)?,
        "comment" => state.comment = Some(attr::comment(meta)?),
        "enum" => def.is_enum = attr::flag(meta, &key)?,
        _ => state.skip = attr::flag(meta, &key)?,
    }
    Ok(())
}

/// Checks combinations that no single key can check.
fn validate(def: &FieldDef, state: &FieldState, field: &Field) -> Result<()> {
    if let (Some(span), None) = (state.action_span, &def.references) {
        return Err(Error::new(
            span,
            "`on_delete` / `on_update` need a foreign key: add `references = \"table.column\"`",
        ));
    }
    if def.primary_key && def.nullable {
        return Err(Error::new(
            field.ty.span(),
            format!(
                "primary key column `{}` cannot be an `Option`: primary keys are NOT NULL",
                def.name
            ),
        ));
    }
    if def.stored && def.generated.is_none() {
        return Err(Error::new(
            field.span(),
            format!(
                "column `{}` is `stored` but not generated: add `generated = \"SQL\"`",
                def.name
            ),
        ));
    }
    if def.generated.is_some()
        && (def.default.is_some() || def.primary_key || def.autoincrement == Some(true))
    {
        return Err(Error::new(
            field.span(),
            format!(
                "generated column `{}` cannot have a default, be a primary key or auto-increment: \
                 the database computes its value",
                def.name
            ),
        ));
    }
    if def.max_length.is_some() && def.sql_type.is_some() {
        return Err(Error::new(
            field.span(),
            format!(
                "column `{}` has both `max_length` and `sql_type`: give the length in `sql_type`",
                def.name
            ),
        ));
    }
    Ok(())
}
