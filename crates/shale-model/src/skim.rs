//! A model file read for its models only.
//!
//! A model file is mostly code shale has no use for: impls, functions, consts, macros.
//! `syn::parse_file` builds the syntax tree of every function body; at 10,000 models that
//! parse was most of a no-op autogenerate's CPU. [`Skimmed`] parses the items that can be
//! models — structs, enums and inline modules — and steps over every other item by its
//! tokens (up to its `;` or its closing brace), building nothing.
//!
//! Skipping by tokens is exact: every item ends with a `;` or a braced group at its own
//! level, so cutting after each of them never cuts across the start of a real item. An
//! item that has a braced group before its end (`const C: T = T { .. };`) is skipped in
//! two pieces, which is harmless. What is skipped is not checked: a syntax error inside a
//! function body is the compiler's to report, as a derive list that does not parse
//! already was.

use proc_macro2::{Delimiter, TokenTree};
use syn::parse::{Parse, ParseStream};
use syn::{braced, Attribute, Data, DeriveInput, Ident, Meta, Result, Token, Visibility};

use crate::def::{EnumDef, ModelDef};
use crate::enums::parse_enum;
use crate::model::parse_derive;

/// The models and enums of a source file, in source order (inline modules included,
/// `#[cfg(test)]` modules left out), with the errors of those that do not parse.
#[derive(Default)]
pub(crate) struct Skimmed {
    pub models: Vec<ModelDef>,
    pub enums: Vec<EnumDef>,
    /// Errors in `#[shale(…)]` attributes, all of them (a syntax error stops the parse).
    pub errors: Option<syn::Error>,
}

impl Parse for Skimmed {
    fn parse(input: ParseStream) -> Result<Self> {
        let mut found = Skimmed::default();
        input.call(Attribute::parse_inner)?;
        items(input, &mut found)?;
        Ok(found)
    }
}

impl Skimmed {
    fn error(&mut self, e: syn::Error) {
        match &mut self.errors {
            Some(all) => all.combine(e),
            None => self.errors = Some(e),
        }
    }

    /// Keeps `input` if it derives `Model` (a struct) or `Enum` (an enum). Each is mapped
    /// as soon as it is parsed, so that only the definitions accumulate, not the trees.
    fn take(&mut self, input: DeriveInput) {
        match &input.data {
            Data::Struct(_) if derives(&input.attrs, "Model") => match parse_derive(&input) {
                Ok(model) => self.models.push(model),
                Err(e) => self.error(e),
            },
            Data::Enum(_) if derives(&input.attrs, "Enum") => match parse_enum(&input) {
                Ok(def) => self.enums.push(def),
                Err(e) => self.error(e),
            },
            _ => {}
        }
    }
}

/// The items up to the end of `input` (a file or a module's braces).
fn items(input: ParseStream, found: &mut Skimmed) -> Result<()> {
    while !input.is_empty() {
        item(input, found)?;
    }
    Ok(())
}

/// One item: a struct or enum is parsed, an inline module entered, anything else skipped.
fn item(input: ParseStream, found: &mut Skimmed) -> Result<()> {
    let ahead = input.fork();
    let Ok(attrs) = ahead.call(Attribute::parse_outer) else {
        return skip(input);
    };
    if ahead.parse::<Visibility>().is_err() {
        return skip(input);
    }
    if ahead.peek(Token![struct]) || ahead.peek(Token![enum]) {
        found.take(input.parse()?);
        return Ok(());
    }
    if ahead.peek(Token![mod]) && !is_cfg_test(&attrs) {
        return module(input, found);
    }
    skip(input)
}

/// `mod name { … }` (its items read as a file's) or `mod name;` (another file: nothing).
fn module(input: ParseStream, found: &mut Skimmed) -> Result<()> {
    input.call(Attribute::parse_outer)?;
    input.parse::<Visibility>()?;
    input.parse::<Token![mod]>()?;
    input.parse::<Ident>()?;
    if input.peek(Token![;]) {
        input.parse::<Token![;]>()?;
        return Ok(());
    }
    let content;
    braced!(content in input);
    content.call(Attribute::parse_inner)?;
    items(&content, found)
}

/// Steps over the tokens of an item that cannot hold a model, up to and including its
/// `;` or braced group, without parsing them.
fn skip(input: ParseStream) -> Result<()> {
    input.step(|cursor| {
        let mut rest = *cursor;
        while let Some((token, next)) = rest.token_tree() {
            rest = next;
            match token {
                TokenTree::Punct(p) if p.as_char() == ';' => break,
                TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => break,
                _ => {}
            }
        }
        Ok(((), rest))
    })
}

/// Whether `attrs` hold a `#[derive(…)]` naming `derive` (or `shale::derive`).
fn derives(attrs: &[Attribute], derive: &str) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .any(|a| {
            let mut found = false;
            // A derive list that does not parse is not ours to report; the compiler will.
            let _ = a.parse_nested_meta(|meta| {
                let segments = &meta.path.segments;
                let named = |i: usize, name: &str| segments[i].ident == name;
                found |= match segments.len() {
                    1 => named(0, derive),
                    2 => named(0, "shale") && named(1, derive),
                    _ => false,
                };
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
