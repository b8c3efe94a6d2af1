//! Struct-level `#[shale(…)]` attributes and the assembly of a [`ModelDef`].

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Error, Fields, Result, Token};

use crate::attr::{self, Seen};
use crate::def::{CheckDef, IndexDef, IndexKind, ModelDef};
use crate::field::{self, FIELD_KEYS};

/// The keys a struct accepts.
pub(crate) const STRUCT_KEYS: &[&str] = &[
    "table",
    "schema",
    "primary_key",
    "index",
    "unique",
    "unique_together",
    "check",
    "renamed_from",
    "comment",
];

/// Column lists written on the struct, with their spans, checked once the fields are known.
#[derive(Default)]
struct StructState {
    seen: Seen,
    table: Option<String>,
    primary_key: Option<(Vec<String>, Span)>,
    column_lists: Vec<(Vec<String>, Span)>,
    comment: Option<attr::CommentKey>,
}

/// Parses a `#[derive(Model)]` input into a [`ModelDef`].
///
/// Errors carry the span of the offending token: an unknown key, a value of the wrong
/// type, a `references` that is not `"table.column"`, a column list naming no column,
/// or a table without a primary key. Errors in several fields are combined.
pub fn parse_derive(input: &DeriveInput) -> Result<ModelDef> {
    let Data::Struct(data) = &input.data else {
        return Err(Error::new(
            input.ident.span(),
            "derive(Model) works on structs only",
        ));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(Error::new(
            input.ident.span(),
            "derive(Model) needs a struct with named fields: each field is a column",
        ));
    };
    let struct_name = input.ident.to_string();
    let mut def = ModelDef {
        table: String::new(),
        schema: None,
        struct_name,
        fields: Vec::new(),
        indexes: Vec::new(),
        checks: Vec::new(),
        primary_key: Vec::new(),
        primary_key_comment: None,
        renamed_from: None,
        comment: None,
        doc_comment: false,
    };
    let mut state = StructState::default();
    let mut errors: Option<Error> = None;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("shale")) {
        if let Err(e) = attr.parse_nested_meta(|meta| apply_key(&mut def, &mut state, &meta)) {
            combine(&mut errors, e);
        }
    }
    let doc_comments = state.comment != Some(attr::CommentKey::Off);
    (def.comment, def.doc_comment) = match state.comment.take() {
        Some(attr::CommentKey::Text(text)) => (Some(text), false),
        Some(attr::CommentKey::Off) => (None, false),
        _ => {
            let doc = attr::doc_comment(&input.attrs);
            let is_doc = doc.is_some();
            (doc, is_doc)
        }
    };
    for f in &named.named {
        match field::parse_field(f, doc_comments) {
            Ok(Some(field)) => def.fields.push(field),
            Ok(None) => {}
            Err(e) => combine(&mut errors, e),
        }
    }
    if let Some(e) = errors {
        return Err(e);
    }
    def.table = state
        .table
        .take()
        .unwrap_or_else(|| snake_case(&def.struct_name));
    resolve_primary_key(&mut def, &state, input.ident.span())?;
    check_columns(&def, &state, input.ident.span())?;
    Ok(def)
}

fn combine(errors: &mut Option<Error>, e: Error) {
    match errors {
        Some(all) => all.combine(e),
        None => *errors = Some(e),
    }
}

/// Applies one struct-level item.
fn apply_key(def: &mut ModelDef, state: &mut StructState, meta: &ParseNestedMeta) -> Result<()> {
    let key = attr::key(meta)?;
    if !STRUCT_KEYS.contains(&key.as_str()) {
        return Err(attr::unknown_key(
            meta,
            &key,
            "a struct",
            STRUCT_KEYS,
            FIELD_KEYS,
        ));
    }
    match key.as_str() {
        "table" => {
            state.seen.first(meta, &key)?;
            state.table = Some(attr::string(meta, &key, "table = \"users\"")?.value());
        }
        "schema" => {
            state.seen.first(meta, &key)?;
            def.schema = Some(attr::string(meta, &key, "schema = \"billing\"")?.value());
        }
        "primary_key" => {
            state.seen.first(meta, &key)?;
            if meta.input.peek(syn::token::Paren) {
                parse_primary_key(def, state, meta)?;
            } else {
                let lit = attr::string(meta, &key, "primary_key = \"tenant_id, id\"")?;
                state.primary_key = Some((attr::column_list(&lit, &key)?, lit.span()));
            }
        }
        "comment" => {
            state.seen.first(meta, &key)?;
            state.comment = Some(attr::comment(meta)?);
        }
        "renamed_from" => {
            state.seen.first(meta, &key)?;
            def.renamed_from = Some(attr::string(meta, &key, "renamed_from = \"people\"")?.value());
        }
        "unique_together" => {
            let lit = attr::string(meta, &key, "unique_together = \"a, b\"")?;
            let columns = attr::column_list(&lit, &key)?;
            state.column_lists.push((columns.clone(), lit.span()));
            def.indexes.push(IndexDef {
                name: None,
                columns,
                kind: IndexKind::UniqueConstraint,
                comment: None,
            });
        }
        "index" | "unique" => {
            let index = parse_index(meta, &key)?;
            state
                .column_lists
                .push((index.columns.clone(), meta.path.span()));
            def.indexes.push(index);
        }
        _ => def.checks.push(parse_check(meta)?),
    }
    Ok(())
}

/// `index(columns = "a, b", name = "…", unique, comment = "…")` or
/// `unique(columns = "a, b", name = "…", comment = "…")`.
fn parse_index(meta: &ParseNestedMeta, key: &str) -> Result<IndexDef> {
    let example = format!("{key}(columns = \"a, b\")");
    if !meta.input.peek(syn::token::Paren) {
        return Err(meta.error(format!(
            "`{key}` on a struct lists its columns: `{example}`"
        )));
    }
    let mut index = IndexDef {
        name: None,
        columns: Vec::new(),
        kind: if key == "unique" {
            IndexKind::UniqueConstraint
        } else {
            IndexKind::Index
        },
        comment: None,
    };
    let mut seen = Seen::default();
    meta.parse_nested_meta(|inner| {
        let inner_key = attr::key(&inner)?;
        seen.first(&inner, &inner_key)?;
        match inner_key.as_str() {
            "columns" => {
                let lit = attr::string(&inner, "columns", "columns = \"a, b\"")?;
                index.columns = attr::column_list(&lit, "columns")?;
            }
            "name" => {
                index.name =
                    Some(attr::string(&inner, "name", "name = \"ix_users_email\"")?.value())
            }
            "comment" => {
                let example = "comment = \"Lookups by email\"";
                index.comment = Some(attr::string(&inner, "comment", example)?.value())
            }
            "unique" if key == "index" => {
                if attr::flag(&inner, "unique")? {
                    index.kind = IndexKind::UniqueIndex;
                }
            }
            other => {
                let valid: &[&str] = if key == "index" {
                    &["columns", "name", "unique", "comment"]
                } else {
                    &["columns", "name", "comment"]
                };
                return Err(attr::unknown_key(
                    &inner,
                    other,
                    &format!("`{key}(…)`"),
                    valid,
                    &[],
                ));
            }
        }
        Ok(())
    })?;
    if index.columns.is_empty() {
        return Err(meta.error(format!("`{key}(…)` needs its columns: `{example}`")));
    }
    Ok(index)
}

/// `primary_key(columns = "a, b", comment = "…")`: the struct's composite key, or (without
/// `columns`) the comment of the key its fields mark `primary_key`.
fn parse_primary_key(
    def: &mut ModelDef,
    state: &mut StructState,
    meta: &ParseNestedMeta,
) -> Result<()> {
    let mut seen = Seen::default();
    meta.parse_nested_meta(|inner| {
        let key = attr::key(&inner)?;
        seen.first(&inner, &key)?;
        match key.as_str() {
            "columns" => {
                let lit = attr::string(&inner, "columns", "columns = \"tenant_id, id\"")?;
                state.primary_key = Some((attr::column_list(&lit, "columns")?, lit.span()));
            }
            "comment" => {
                let example = "comment = \"One row per member\"";
                def.primary_key_comment = Some(attr::string(&inner, "comment", example)?.value());
            }
            other => {
                return Err(attr::unknown_key(
                    &inner,
                    other,
                    "`primary_key(…)`",
                    &["columns", "comment"],
                    &[],
                ))
            }
        }
        Ok(())
    })
}

/// `check = "expr"` or `check(expr = "…", name = "…")`.
fn parse_check(meta: &ParseNestedMeta) -> Result<CheckDef> {
    if meta.input.peek(Token![=]) {
        let expression = attr::string(meta, "check", "check = \"price >= 0\"")?.value();
        return Ok(CheckDef {
            name: None,
            expression,
        });
    }
    let mut check = CheckDef {
        name: None,
        expression: String::new(),
    };
    let mut seen = Seen::default();
    meta.parse_nested_meta(|inner| {
        let key = attr::key(&inner)?;
        seen.first(&inner, &key)?;
        match key.as_str() {
            "expr" => {
                check.expression = attr::string(&inner, "expr", "expr = \"price >= 0\"")?.value()
            }
            "name" => {
                check.name = Some(attr::string(&inner, "name", "name = \"ck_price\"")?.value())
            }
            other => {
                return Err(attr::unknown_key(
                    &inner,
                    other,
                    "`check(…)`",
                    &["expr", "name"],
                    &[],
                ))
            }
        }
        Ok(())
    })?;
    if check.expression.is_empty() {
        return Err(meta.error(
            "`check(…)` needs its expression: `check(expr = \"price >= 0\", name = \"ck_price\")`",
        ));
    }
    Ok(check)
}

/// Sets the primary key from the struct's `primary_key = "…"` or the fields' flags.
fn resolve_primary_key(def: &mut ModelDef, state: &StructState, struct_span: Span) -> Result<()> {
    let from_fields: Vec<String> = def
        .fields
        .iter()
        .filter(|f| f.primary_key)
        .map(|f| f.name.clone())
        .collect();
    match (&state.primary_key, from_fields.is_empty()) {
        (Some((_, span)), false) => Err(Error::new(
            *span,
            format!(
                "primary key of `{}` given twice: on the struct and on field(s) {}; keep one",
                def.table,
                from_fields.join(", ")
            ),
        )),
        (Some((columns, span)), true) => {
            let table = def.table.clone();
            for column in columns {
                let field = def.fields.iter_mut().find(|f| &f.name == column);
                let field = field.ok_or_else(|| unknown_column(&table, column, *span))?;
                field.primary_key = true;
            }
            def.primary_key = columns.clone();
            check_pk_not_null(def, *span)
        }
        (None, false) => {
            def.primary_key = from_fields;
            Ok(())
        }
        (None, true) => Err(Error::new(
            struct_span,
            format!(
                "table `{}` (struct `{}`) has no primary key: mark a field `#[shale(primary_key)]` \
                 or add `#[shale(primary_key = \"a, b\")]` on the struct",
                def.table, def.struct_name
            ),
        )),
    }
}

fn check_pk_not_null(def: &ModelDef, span: Span) -> Result<()> {
    match def.fields.iter().find(|f| f.primary_key && f.nullable) {
        Some(f) => Err(Error::new(
            span,
            format!(
                "primary key column `{}` cannot be an `Option`: primary keys are NOT NULL",
                f.name
            ),
        )),
        None => Ok(()),
    }
}

/// Every column list written on the struct must name columns of the table.
fn check_columns(def: &ModelDef, state: &StructState, struct_span: Span) -> Result<()> {
    for (columns, span) in &state.column_lists {
        if let Some(missing) = columns.iter().find(|c| def.field(c).is_none()) {
            return Err(unknown_column(&def.table, missing, *span));
        }
    }
    let mut names: Vec<&str> = def.fields.iter().map(|f| f.name.as_str()).collect();
    names.sort_unstable();
    if let Some(pair) = names.windows(2).find(|w| w[0] == w[1]) {
        return Err(Error::new(
            struct_span,
            format!(
                "table `{}` has two columns named `{}`: rename one with `column = \"…\"`",
                def.table, pair[0]
            ),
        ));
    }
    Ok(())
}

fn unknown_column(table: &str, column: &str, span: Span) -> Error {
    Error::new(span, format!("table `{table}` has no column `{column}` (use column names, after any `column = \"…\"` rename)"))
}

/// `UserProfile` → `user_profile`.
fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
