//! `#[derive(shale::Enum)]`: a Rust enum of unit variants as a SQL enumeration, its
//! labels from the variant names (`rename_all`, per-variant `rename`).

use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Error, Fields, Result};

use crate::attr::{self, Seen};
use crate::def::EnumDef;

/// The keys an enum accepts.
const ENUM_KEYS: &[&str] = &["name", "rename_all"];

/// The `rename_all` rules.
const RULES: &[&str] = &[
    "snake_case",
    "lowercase",
    "UPPERCASE",
    "SCREAMING_SNAKE_CASE",
    "kebab-case",
];

/// Parses a `#[derive(Enum)]` input into an [`EnumDef`].
pub fn parse_enum(input: &DeriveInput) -> Result<EnumDef> {
    let Data::Enum(data) = &input.data else {
        return Err(Error::new(
            input.ident.span(),
            "derive(Enum) works on enums only",
        ));
    };
    let rust_name = input.ident.to_string();
    let mut name = None;
    let mut rule: Option<String> = None;
    let mut seen = Seen::default();
    for a in input.attrs.iter().filter(|a| a.path().is_ident("shale")) {
        a.parse_nested_meta(|meta| {
            let key = attr::key(&meta)?;
            if !ENUM_KEYS.contains(&key.as_str()) {
                return Err(meta.error(format!(
                    "unknown shale attribute `{key}` on an enum; expected one of: {}",
                    ENUM_KEYS.join(", ")
                )));
            }
            seen.first(&meta, &key)?;
            let lit = attr::string(&meta, &key, "rename_all = \"snake_case\"")?;
            if key == "name" {
                name = Some(lit.value());
            } else if RULES.contains(&lit.value().as_str()) {
                rule = Some(lit.value());
            } else {
                return Err(Error::new(
                    lit.span(),
                    format!("`rename_all` expects one of: {}", RULES.join(", ")),
                ));
            }
            Ok(())
        })?;
    }
    let mut labels: Vec<String> = Vec::new();
    for v in &data.variants {
        if !matches!(v.fields, Fields::Unit) {
            return Err(Error::new(
                v.span(),
                format!(
                    "variant `{}` has fields: a SQL enum's variants are unit variants",
                    v.ident
                ),
            ));
        }
        let mut label = None;
        for a in v.attrs.iter().filter(|a| a.path().is_ident("shale")) {
            a.parse_nested_meta(|meta| {
                let key = attr::key(&meta)?;
                if key != "rename" {
                    return Err(meta.error(format!(
                        "unknown shale attribute `{key}` on a variant; expected: rename"
                    )));
                }
                label = Some(attr::string(&meta, &key, "rename = \"done\"")?.value());
                Ok(())
            })?;
        }
        let label = label.unwrap_or_else(|| apply_rule(&v.ident.to_string(), rule.as_deref()));
        if labels.contains(&label) {
            return Err(Error::new(
                v.span(),
                format!("two variants of `{rust_name}` have the label `{label}`"),
            ));
        }
        labels.push(label);
    }
    if labels.is_empty() {
        return Err(Error::new(
            input.ident.span(),
            "derive(Enum) needs at least one variant",
        ));
    }
    Ok(EnumDef {
        name: name.unwrap_or_else(|| words(&rust_name).join("_")),
        rust_name,
        labels,
    })
}

/// A variant name's words: `InTransit` → `in`, `transit`.
fn words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for (i, c) in name.chars().enumerate() {
        if c == '_' {
            words.push(String::new());
            continue;
        }
        if i == 0 || (c.is_uppercase() && !words.last().is_some_and(String::is_empty)) {
            words.push(String::new());
        }
        words.last_mut().unwrap().extend(c.to_lowercase());
    }
    words.retain(|w| !w.is_empty());
    words
}

/// The label of variant `name` under `rule` (the name itself without one).
fn apply_rule(name: &str, rule: Option<&str>) -> String {
    let w = words(name);
    match rule {
        Some("snake_case") => w.join("_"),
        Some("lowercase") => name.to_lowercase(),
        Some("UPPERCASE") => name.to_uppercase(),
        Some("SCREAMING_SNAKE_CASE") => w.join("_").to_uppercase(),
        Some("kebab-case") => w.join("-"),
        _ => name.to_string(),
    }
}
