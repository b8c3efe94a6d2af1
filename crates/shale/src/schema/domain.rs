//! A PostgreSQL domain's definition taken apart, so that a change to its default,
//! `NOT NULL` or checks is made in place (`ALTER DOMAIN`) instead of by dropping and
//! creating it again, which fails while a column is of its type (and, as a base object
//! created before tables and dropped after them, would create it before dropping it).

/// The parts of a domain's definition as inspection writes it: `CREATE DOMAIN name AS
/// type [COLLATE c] [DEFAULT expr] [NOT NULL] [CONSTRAINT name CHECK (…)]…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainParts {
    /// `CREATE DOMAIN name AS type [COLLATE c]`: what only a rebuild changes.
    pub head: String,
    /// The default expression.
    pub default: Option<String>,
    pub not_null: bool,
    /// Each constraint as `(quoted name, definition)`, in the definition's order.
    pub constraints: Vec<(String, String)>,
}

impl DomainParts {
    /// Takes `definition` apart at its top-level ` CONSTRAINT `, ` NOT NULL` and
    /// ` DEFAULT ` words (quotes and parentheses respected).
    pub fn parse(definition: &str) -> DomainParts {
        let cuts = top_level(definition, " CONSTRAINT ");
        let (main, constraints) = match cuts.first() {
            Some(&at) => (&definition[..at], &definition[at..]),
            None => (definition, ""),
        };
        let (main, not_null) = match main.strip_suffix(" NOT NULL") {
            Some(rest) => (rest, true),
            None => (main, false),
        };
        let (head, default) = match top_level(main, " DEFAULT ").first() {
            Some(&at) => (&main[..at], Some(main[at + 9..].to_string())),
            None => (main, None),
        };
        let mut bounds = top_level(constraints, " CONSTRAINT ");
        bounds.push(constraints.len());
        let constraints = bounds
            .windows(2)
            .filter_map(|w| {
                let one = constraints[w[0] + 12..w[1]].trim();
                let (name, def) = split_name(one)?;
                Some((name.to_string(), def.trim().to_string()))
            })
            .collect();
        DomainParts {
            head: head.trim().to_string(),
            default,
            not_null,
            constraints,
        }
    }
}

/// The byte offsets of `word` in `sql` outside quotes and parentheses.
pub(super) fn top_level(sql: &str, word: &str) -> Vec<usize> {
    let bytes = sql.as_bytes();
    let (mut depth, mut quote, mut out) = (0i32, None::<u8>, Vec::new());
    for (i, &b) in bytes.iter().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'\'' | b'"') => quote = Some(b),
            (None, b'(') => depth += 1,
            (None, b')') => depth -= 1,
            (None, _) if depth == 0 && sql[i..].starts_with(word) => out.push(i),
            _ => {}
        }
    }
    out
}

/// A constraint's name (quoted or bare) and the rest of it.
fn split_name(text: &str) -> Option<(&str, &str)> {
    if let Some(rest) = text.strip_prefix('"') {
        let end = rest.find('"')? + 2;
        return Some((&text[..end], &text[end..]));
    }
    text.split_once(' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_domain_taken_apart() {
        let d = DomainParts::parse(
            "CREATE DOMAIN score AS integer COLLATE \"C\" DEFAULT 0 NOT NULL \
             CONSTRAINT score_min CHECK (VALUE >= 0) CONSTRAINT \"Max Score\" CHECK (VALUE <= 100)",
        );
        assert_eq!(d.head, "CREATE DOMAIN score AS integer COLLATE \"C\"");
        assert_eq!(d.default.as_deref(), Some("0"));
        assert!(d.not_null);
        assert_eq!(
            d.constraints,
            [
                ("score_min".to_string(), "CHECK (VALUE >= 0)".to_string()),
                (
                    "\"Max Score\"".to_string(),
                    "CHECK (VALUE <= 100)".to_string()
                ),
            ]
        );
    }

    #[test]
    fn words_inside_quotes_and_parentheses_are_not_parts() {
        let d = DomainParts::parse(
            "CREATE DOMAIN code AS text DEFAULT ' NOT NULL' CONSTRAINT c CHECK ((VALUE <> ' CONSTRAINT x'))",
        );
        assert_eq!(d.head, "CREATE DOMAIN code AS text");
        assert_eq!(d.default.as_deref(), Some("' NOT NULL'"));
        assert!(!d.not_null);
        assert_eq!(d.constraints.len(), 1);
        let plain = DomainParts::parse("CREATE DOMAIN email AS text");
        assert_eq!(plain.head, "CREATE DOMAIN email AS text");
        assert_eq!((plain.default, plain.not_null), (None, false));
    }
}
