//! Rust field types as normalised text: `Option<T>` unwrapped, paths printed without spaces.
//!
//! The text is what the type mapping in the `shale` crate matches on, so the derive macro
//! and the CLI (which never compiles the source) must produce the same string.

use syn::{Error, Expr, GenericArgument, Lit, Path, PathArguments, Result, Type};

/// Splits `Option<T>` into `(T, true)`; any other type is `(ty, false)`.
pub(crate) fn split_option(ty: &Type) -> (&Type, bool) {
    if let Type::Path(tp) = ty {
        if tp.qself.is_none() && is_option_path(&tp.path) {
            if let Some(inner) = single_type_arg(&tp.path) {
                return (inner, true);
            }
        }
    }
    (ty, false)
}

/// `Option`, `std::option::Option` or `core::option::Option`.
fn is_option_path(path: &Path) -> bool {
    let owned: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    let names: Vec<&str> = owned.iter().map(String::as_str).collect();
    matches!(
        names.as_slice(),
        ["Option"] | ["std", "option", "Option"] | ["core", "option", "Option"]
    )
}

/// The one type argument of the path's last segment (`T` in `Option<T>`).
fn single_type_arg(path: &Path) -> Option<&Type> {
    let PathArguments::AngleBracketed(args) = &path.segments.last()?.arguments else {
        return None;
    };
    match args.args.iter().collect::<Vec<_>>().as_slice() {
        [GenericArgument::Type(t)] => Some(t),
        _ => None,
    }
}

/// The normalised text of a type: `chrono::DateTime<Utc>`, `Vec<u8>`, `[u8; 16]`.
pub(crate) fn type_text(ty: &Type) -> Result<String> {
    match ty {
        Type::Path(tp) if tp.qself.is_none() => path_text(&tp.path),
        Type::Group(g) => type_text(&g.elem),
        Type::Paren(p) => type_text(&p.elem),
        Type::Array(a) => Ok(format!("[{}; {}]", type_text(&a.elem)?, array_len(&a.len)?)),
        Type::Tuple(t) if t.elems.is_empty() => Ok("()".to_string()),
        _ => Err(Error::new_spanned(
            ty,
            "unsupported field type for a column: use a named type such as `i64`, `String` or \
             `Option<T>`, or mark the field `#[shale(skip)]`",
        )),
    }
}

fn path_text(path: &Path) -> Result<String> {
    let mut parts = Vec::with_capacity(path.segments.len());
    for segment in &path.segments {
        let args = match &segment.arguments {
            PathArguments::None => String::new(),
            PathArguments::AngleBracketed(a) => {
                let args: Result<Vec<String>> = a.args.iter().map(generic_text).collect();
                format!("<{}>", args?.join(", "))
            }
            PathArguments::Parenthesized(p) => {
                return Err(Error::new_spanned(p, "function types cannot be columns"))
            }
        };
        parts.push(format!("{}{}", segment.ident, args));
    }
    Ok(parts.join("::"))
}

fn generic_text(arg: &GenericArgument) -> Result<String> {
    match arg {
        GenericArgument::Type(t) => type_text(t),
        GenericArgument::Lifetime(l) => Ok(format!("'{}", l.ident)),
        GenericArgument::Const(e) => array_len(e),
        other => Err(Error::new_spanned(
            other,
            "unsupported generic argument in a column type",
        )),
    }
}

fn array_len(expr: &Expr) -> Result<String> {
    match expr {
        Expr::Lit(l) => match &l.lit {
            Lit::Int(i) => Ok(i.base10_digits().to_string()),
            _ => Err(Error::new_spanned(
                expr,
                "array lengths must be integer literals",
            )),
        },
        _ => Err(Error::new_spanned(
            expr,
            "array lengths must be integer literals",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(src: &str) -> (String, bool) {
        let ty: Type = syn::parse_str(src).unwrap();
        let (inner, nullable) = split_option(&ty);
        (type_text(inner).unwrap(), nullable)
    }

    #[test]
    fn normalises_paths_and_options() {
        assert_eq!(text("i64"), ("i64".into(), false));
        assert_eq!(text("Option<String>"), ("String".into(), true));
        assert_eq!(
            text("std::option::Option<Vec<u8>>"),
            ("Vec<u8>".into(), true)
        );
        assert_eq!(
            text("::chrono :: DateTime < chrono::Utc >"),
            ("chrono::DateTime<chrono::Utc>".into(), false)
        );
        assert_eq!(text("[u8; 16]"), ("[u8; 16]".into(), false));
        assert_eq!(
            text("HashMap<String, i32>"),
            ("HashMap<String, i32>".into(), false)
        );
    }

    #[test]
    fn rejects_references() {
        let ty: Type = syn::parse_str("&'static str").unwrap();
        let err = type_text(&ty).unwrap_err().to_string();
        assert!(err.contains("unsupported field type"), "{err}");
    }
}
