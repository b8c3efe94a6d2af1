//! Canonical forms of expressions and defaults, so that the same thing spelled two ways
//! (`'x'::text` and `'x'`) is not a change. (Types compare through
//! [`ColumnType::same_as`](crate::schema::ColumnType::same_as).)
//!
//! These forms are for comparison only; SQL is always rendered from the original text.

/// An SQL expression in a form fit for comparison: whitespace and identifier quotes
/// removed, lowercase outside string literals, PostgreSQL casts (`::text`) and the
/// parentheses databases add around a lone identifier or the whole expression removed.
/// `((name)::text <> ''::text)` (PostgreSQL), `` `name` <> '' `` (MariaDB) and
/// `name <> ''` all become `name<>''`.
pub(crate) fn normalize_expr(expr: &str) -> String {
    normalize(expr, false)
}

/// [`normalize_expr`], keeping PostgreSQL casts where `keep_casts` says so.
fn normalize(expr: &str, keep_casts: bool) -> String {
    let mut out = String::with_capacity(expr.len());
    let mut in_string = false;
    let mut chars = expr.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            in_string = !in_string;
        }
        if in_string || c == '\'' {
            out.push(c);
        } else if c == ':' && chars.peek() == Some(&':') && !keep_casts {
            chars.next();
            skip_type_name(&mut chars);
        } else if !c.is_whitespace() && c != '"' && c != '`' {
            out.extend(c.to_lowercase());
        }
    }
    strip_parens(unwrap_identifiers(&out))
}

/// Skips the type name of a cast: words, a `(n,m)` modifier, `[]`.
fn skip_type_name(chars: &mut std::iter::Peekable<std::str::Chars>) {
    while let Some(&c) = chars.peek() {
        let part_of_name = c.is_alphanumeric() || "_\"[] ".contains(c);
        if c == '(' {
            while chars.next().is_some_and(|c| c != ')') {}
        } else if part_of_name {
            chars.next();
        } else {
            break;
        }
    }
}

/// Removes parentheses around a lone identifier that are not a function call's:
/// `((name)<>'')` becomes `(name<>'')`, `lower(email)` stays.
fn unwrap_identifiers(s: &str) -> String {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('(') {
        let after = &rest[open + 1..];
        let word_len = after.find(|c: char| !is_word(c)).unwrap_or(after.len());
        let call = rest[..open].chars().next_back().is_some_and(is_word);
        let lone =
            word_len > 0 && after[word_len..].starts_with(')') && !rest[..open].ends_with('\'');
        if lone && !call {
            out.push_str(&rest[..open]);
            out.push_str(&after[..word_len]);
            rest = &after[word_len + 1..];
        } else {
            out.push_str(&rest[..=open]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// A column default in canonical form: spacing, identifier quotes, case outside strings
/// and the parentheses around the whole expression as [`normalize_expr`] folds them, but
/// every cast and digit kept (the server stores `'-20'::integer` and `1.50` as written,
/// and `1.5` or `'-20'::double precision` otherwise); `now()` and `current_timestamp()`
/// as `current_timestamp`, `true`/`false` as `1`/`0`; `NULL` (as MariaDB reports "no
/// default") as none.
pub(crate) fn canonical_default(expr: Option<&str>) -> Option<String> {
    let e = normalize(expr?, true);
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
    fn defaults_compare_as_stored_without_spelling() {
        let c = |s: &str| canonical_default(Some(s));
        assert_eq!(c("('a::b'::text)"), Some("'a::b'::text".to_string()));
        assert_eq!(c("now()"), c("CURRENT_TIMESTAMP"));
        assert_eq!(c("true"), c("1"));
        assert_eq!(c("NULL"), None);
        assert_eq!(c("'X'::Text"), c("'X'::text"));
        // As the server stores them: a cast or a digit more is another default.
        assert_ne!(c("'-20'::integer"), c("'-20'::double precision"));
        assert_ne!(c("'x'::character varying"), c("'x'"));
        assert_ne!(c("0.00"), c("0"));
        assert_ne!(c("1.50"), c("1.5"));
        assert_ne!(c("10"), c("1"));
        assert_ne!(c("'x'"), c("'X'"));
    }

    #[test]
    fn expressions_compare_without_casts_quotes_and_parentheses() {
        let same = [
            ("((fullname)::text <> ''::text)", "fullname <> ''"),
            ("`qty` >= 0", "(qty >= 0)"),
            ("(price > (0)::numeric)", "price > 0"),
            ("lower((email)::text)", "lower(email)"),
            ("\"Order\" > 1", "order > 1"),
        ];
        for (a, b) in same {
            assert_eq!(normalize_expr(a), normalize_expr(b), "{a} = {b}");
        }
        assert_ne!(normalize_expr("lower(email)"), normalize_expr("email"));
        assert_ne!(normalize_expr("a > 'X'"), normalize_expr("a > 'x'"));
        assert_eq!(normalize_expr("'a::b' = x"), "'a::b'=x");
    }
}
