//! PostgreSQL sequences, domains and composite types changed in place (see
//! [`Object::alters_in_place`]): `ALTER SEQUENCE` with every option of the new
//! definition, `ALTER DOMAIN` for each part of the domain that changed, `ALTER TYPE` for
//! each attribute dropped, retyped or added.

use crate::schema::{CompositeParts, DomainParts, Object, ObjectKind};

/// The statements that turn `from` into `to` in place, or `None` when they are not a
/// sequence, domain or composite type that [`Object::alters_in_place`] allows.
pub(crate) fn alter_in_place(from: &Object, to: &Object) -> Option<Vec<String>> {
    if !from.alters_in_place(to) {
        return None;
    }
    match to.kind {
        ObjectKind::Sequence => Some(vec![to.definition.replacen(
            "CREATE SEQUENCE ",
            "ALTER SEQUENCE ",
            1,
        )]),
        ObjectKind::Domain => Some(alter_domain(
            &to.name,
            &DomainParts::parse(&from.definition),
            &DomainParts::parse(&to.definition),
        )),
        ObjectKind::Type => {
            let name = super::ddl::q(crate::dialect::Dialect::Postgres, &to.name);
            let actions = CompositeParts::parse(&from.definition)?
                .alter_to(&CompositeParts::parse(&to.definition)?)?;
            Some(
                actions
                    .into_iter()
                    .map(|action| format!("ALTER TYPE {name} {action}"))
                    .collect(),
            )
        }
        _ => None,
    }
}

/// `ALTER DOMAIN` statements from `from`'s parts to `to`'s: constraints dropped first
/// (a changed one is dropped and added again), then the default and `NOT NULL`, then
/// the new constraints.
fn alter_domain(name: &str, from: &DomainParts, to: &DomainParts) -> Vec<String> {
    let name = super::ddl::q(crate::dialect::Dialect::Postgres, name);
    let alter = format!("ALTER DOMAIN {name} ");
    let mut out = Vec::new();
    for c in from
        .constraints
        .iter()
        .filter(|c| !to.constraints.contains(c))
    {
        out.push(format!("{alter}DROP CONSTRAINT {}", c.0));
    }
    if from.default != to.default {
        out.push(match &to.default {
            Some(d) => format!("{alter}SET DEFAULT {d}"),
            None => format!("{alter}DROP DEFAULT"),
        });
    }
    if from.not_null != to.not_null {
        let verb = if to.not_null { "SET" } else { "DROP" };
        out.push(format!("{alter}{verb} NOT NULL"));
    }
    for c in to
        .constraints
        .iter()
        .filter(|c| !from.constraints.contains(c))
    {
        out.push(format!("{alter}ADD CONSTRAINT {} {}", c.0, c.1));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(kind: ObjectKind, name: &str, definition: &str) -> Object {
        Object {
            kind,
            name: name.into(),
            table: None,
            definition: definition.into(),
        }
    }

    #[test]
    fn a_domain_is_altered_part_by_part() {
        let from = object(
            ObjectKind::Domain,
            "score",
            "CREATE DOMAIN score AS integer DEFAULT 0 CONSTRAINT lo CHECK (VALUE >= 0)",
        );
        let to = object(
            ObjectKind::Domain,
            "score",
            "CREATE DOMAIN score AS integer NOT NULL CONSTRAINT lo CHECK (VALUE > 0)",
        );
        assert_eq!(
            alter_in_place(&from, &to).unwrap(),
            [
                "ALTER DOMAIN score DROP CONSTRAINT lo",
                "ALTER DOMAIN score DROP DEFAULT",
                "ALTER DOMAIN score SET NOT NULL",
                "ALTER DOMAIN score ADD CONSTRAINT lo CHECK (VALUE > 0)",
            ]
        );
    }

    #[test]
    fn a_new_base_type_or_another_kind_is_not_altered() {
        let from = object(ObjectKind::Domain, "d", "CREATE DOMAIN d AS integer");
        let to = object(ObjectKind::Domain, "d", "CREATE DOMAIN d AS bigint");
        assert_eq!(alter_in_place(&from, &to), None);
        let view = object(ObjectKind::View, "v", "CREATE VIEW v AS SELECT 1");
        assert_eq!(alter_in_place(&view, &view), None);
    }

    #[test]
    fn a_sequence_is_altered_with_every_option() {
        let from = object(
            ObjectKind::Sequence,
            "s",
            "CREATE SEQUENCE s AS integer INCREMENT BY 1",
        );
        let to = object(
            ObjectKind::Sequence,
            "s",
            "CREATE SEQUENCE s AS bigint INCREMENT BY 5",
        );
        assert_eq!(
            alter_in_place(&from, &to).unwrap(),
            ["ALTER SEQUENCE s AS bigint INCREMENT BY 5"]
        );
    }
}
