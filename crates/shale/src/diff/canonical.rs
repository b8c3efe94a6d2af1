//! Canonical forms of types and expressions, so that the same thing spelled two ways
//! (`character varying(80)` and `varchar(80)`; `'x'::text` and `'x'`) is not a change.
//!
//! These forms are for comparison only; SQL is always rendered from the original text.

/// Whether two type strings name the same type: compared case-insensitively, with
/// whitespace collapsed and common aliases (`int4`, `character varying`, `bool`,
/// `timestamptz`, MySQL integer display widths, …) resolved.
pub fn same_type(a: &str, b: &str) -> bool {
    canonical_type(a) == canonical_type(b)
}

/// A type in canonical form: `character varying(80)` → `varchar(80)`, `int(11)` →
/// `integer`, `tinyint(1)` → `boolean`, `timestamptz` → `timestamp with time zone`.
pub fn canonical_type(ty: &str) -> String {
    let ty = ty
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let (name, args) = match (ty.find('('), ty.find(')')) {
        (Some(open), Some(close)) if open < close => {
            let name = format!("{} {}", ty[..open].trim(), ty[close + 1..].trim());
            let args: String = ty[open..=close]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            (name.trim().to_string(), args)
        }
        _ => (ty.clone(), String::new()),
    };
    let name = alias(&name);
    let integer = matches!(
        name,
        "tinyint" | "smallint" | "mediumint" | "integer" | "bigint"
    );
    match (name, args.as_str()) {
        ("tinyint", "(1)") => "boolean".to_string(),
        _ if integer => name.to_string(),
        _ => format!("{name}{args}"),
    }
}

/// The canonical name of a type name without its parameters.
fn alias(name: &str) -> &str {
    match name {
        "int" | "int4" | "integer" => "integer",
        "int8" => "bigint",
        "int2" => "smallint",
        "bool" => "boolean",
        "character varying" => "varchar",
        "character" => "char",
        "decimal" => "numeric",
        "timestamptz" => "timestamp with time zone",
        "timestamp without time zone" => "timestamp",
        "timetz" => "time with time zone",
        "time without time zone" => "time",
        "float8" | "double" => "double precision",
        "float4" => "real",
        other => other,
    }
}

/// An SQL expression in a form fit for comparison: whitespace removed, outer
/// parentheses stripped, lowercase outside string literals.
pub(crate) fn normalize_expr(expr: &str) -> String {
    let mut out = String::with_capacity(expr.len());
    let mut in_string = false;
    for c in expr.chars() {
        if c == '\'' {
            in_string = !in_string;
        }
        if in_string || c == '\'' {
            out.push(c);
        } else if !c.is_whitespace() {
            out.extend(c.to_lowercase());
        }
    }
    strip_parens(out)
}

/// A column default in canonical form: a trailing PostgreSQL cast removed
/// (`'x'::character varying`), `now()` and `current_timestamp()` as
/// `current_timestamp`, `true`/`false` as `1`/`0`; `NULL` (as MariaDB reports "no
/// default") as none.
pub(crate) fn canonical_default(expr: Option<&str>) -> Option<String> {
    let mut e = normalize_expr(expr?);
    while let Some(pos) = e.rfind("::") {
        let cast = &e[pos + 2..];
        let plain = cast
            .chars()
            .all(|c| c.is_alphanumeric() || "_()[],\"".contains(c));
        if !plain || e[..pos].matches('\'').count() % 2 == 1 {
            break;
        }
        e = strip_parens(e[..pos].to_string());
    }
    let e = match e.as_str() {
        "now()" | "current_timestamp()" => "current_timestamp".to_string(),
        "true" => "1".to_string(),
        "false" => "0".to_string(),
        "null" => return None,
        _ => e,
    };
    Some(e)
}

fn strip_parens(mut s: String) -> String {
    while s.starts_with('(') && s.ends_with(')') && balanced(&s[1..s.len() - 1]) {
        s = s[1..s.len() - 1].to_string();
    }
    s
}

/// Whether the parentheses in `s` balance without ever going negative.
fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return false;
        }
    }
    depth == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_of_one_type_are_the_same_type() {
        let same = [
            ("character varying(80)", "VARCHAR(80)"),
            ("int(11)", "integer"),
            ("int4", "int"),
            ("bigint(20)", "bigint"),
            ("tinyint(1)", "boolean"),
            ("timestamptz", "timestamp  with time zone"),
            ("timestamp(3) without time zone", "timestamp(3)"),
            ("decimal(10, 2)", "numeric(10,2)"),
        ];
        for (a, b) in same {
            assert!(same_type(a, b), "{a} = {b}");
        }
        for (a, b) in [
            ("varchar(80)", "varchar(81)"),
            ("tinyint(4)", "boolean"),
            ("int", "bigint"),
        ] {
            assert!(!same_type(a, b), "{a} != {b}");
        }
    }

    #[test]
    fn defaults_compare_without_casts_and_spelling() {
        let c = |s: &str| canonical_default(Some(s));
        assert_eq!(c("'x'::character varying"), c("'x'"));
        assert_eq!(c("('a::b'::text)"), Some("'a::b'".to_string()));
        assert_eq!(c("now()"), c("CURRENT_TIMESTAMP"));
        assert_eq!(c("true"), c("1"));
        assert_eq!(c("NULL"), None);
        assert_ne!(c("'x'"), c("'X'"));
    }
}
