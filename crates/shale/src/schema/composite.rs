//! A PostgreSQL composite type's definition taken apart, so that attributes added,
//! dropped or retyped are changed in place (`ALTER TYPE … ADD | DROP | ALTER ATTRIBUTE`)
//! instead of by dropping the type and creating it again, which fails while a column or
//! a function uses it.

use super::domain::top_level;

/// The attributes of `CREATE TYPE name AS (a integer, "B" text COLLATE "C")`, as
/// inspection writes it: each `(quoted name, type and collation)`, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompositeParts {
    pub attributes: Vec<(String, String)>,
}

impl CompositeParts {
    /// The attributes of a composite type's definition; `None` for any other definition
    /// (a range type's `AS RANGE (…)`).
    pub fn parse(definition: &str) -> Option<CompositeParts> {
        let open = *top_level(definition, " AS (").first()? + 4;
        let body = definition[open..]
            .trim_end()
            .strip_prefix('(')?
            .strip_suffix(')')?;
        let mut bounds: Vec<usize> = top_level(body, ",").into_iter().collect();
        bounds.insert(0, 0);
        bounds.push(body.len());
        let attributes = bounds
            .windows(2)
            .map(|w| body[w[0]..w[1]].trim_start_matches(',').trim())
            .filter(|one| !one.is_empty())
            .map(|one| {
                let (name, rest) = split_name(one);
                (name.to_string(), rest.trim().to_string())
            })
            .collect();
        Some(CompositeParts { attributes })
    }

    /// The `ALTER TYPE` actions (without `ALTER TYPE name`) that turn `self` into `to`
    /// in place: attributes gone are dropped, retyped ones altered, new ones added at the
    /// end. `None` when that order is not `to`'s (an attribute moved, or added between
    /// others): only a new type has it then.
    pub fn alter_to(&self, to: &CompositeParts) -> Option<Vec<String>> {
        let has = |parts: &CompositeParts, name: &str| parts.attributes.iter().any(|a| a.0 == name);
        let kept = self.attributes.iter().filter(|a| has(to, &a.0));
        let added = to.attributes.iter().filter(|a| !has(self, &a.0));
        let order: Vec<&str> = kept.chain(added).map(|a| a.0.as_str()).collect();
        if !order
            .iter()
            .copied()
            .eq(to.attributes.iter().map(|a| a.0.as_str()))
        {
            return None;
        }
        let mut out = Vec::new();
        for (name, _) in self.attributes.iter().filter(|a| !has(to, &a.0)) {
            out.push(format!("DROP ATTRIBUTE {name}"));
        }
        for (name, ty) in &to.attributes {
            match self.attributes.iter().find(|a| &a.0 == name) {
                Some((_, old)) if old != ty => {
                    out.push(format!("ALTER ATTRIBUTE {name} TYPE {ty}"))
                }
                Some(_) => {}
                None => out.push(format!("ADD ATTRIBUTE {name} {ty}")),
            }
        }
        Some(out)
    }
}

/// An attribute's name (quoted or bare) and the rest of it.
fn split_name(text: &str) -> (&str, &str) {
    if let Some(rest) = text.strip_prefix('"') {
        // A doubled quote inside a quoted name is part of it.
        let mut end = 1;
        let bytes = rest.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 2;
                    continue;
                }
                end = i + 2;
                break;
            }
            i += 1;
        }
        return (&text[..end], &text[end..]);
    }
    text.split_once(' ').unwrap_or((text, ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(definition: &str) -> CompositeParts {
        CompositeParts::parse(definition).unwrap()
    }

    #[test]
    fn a_composite_type_taken_apart() {
        let p = parts(
            "CREATE TYPE shop.address AS (street text COLLATE \"C\", \"Zip, Code\" character varying(10), \
             amount numeric(10,2))",
        );
        assert_eq!(
            p.attributes,
            [
                ("street".to_string(), "text COLLATE \"C\"".to_string()),
                (
                    "\"Zip, Code\"".to_string(),
                    "character varying(10)".to_string()
                ),
                ("amount".to_string(), "numeric(10,2)".to_string()),
            ]
        );
        assert_eq!(parts("CREATE TYPE nothing AS ()").attributes, []);
        assert_eq!(
            CompositeParts::parse("CREATE TYPE span AS RANGE (SUBTYPE = integer)"),
            None
        );
    }

    #[test]
    fn attributes_dropped_retyped_and_added_in_place() {
        let from = parts("CREATE TYPE a AS (x integer, y text, z integer)");
        let to = parts("CREATE TYPE a AS (x bigint, z integer, w date)");
        assert_eq!(
            from.alter_to(&to).unwrap(),
            [
                "DROP ATTRIBUTE y",
                "ALTER ATTRIBUTE x TYPE bigint",
                "ADD ATTRIBUTE w date"
            ]
        );
        // Back: `y` would come after `w`, not between `x` and `z`.
        assert_eq!(to.alter_to(&from), None);
        let moved = parts("CREATE TYPE a AS (z integer, x integer, y text)");
        assert_eq!(from.alter_to(&moved), None);
        assert_eq!(from.alter_to(&from).unwrap(), Vec::<String>::new());
    }
}
