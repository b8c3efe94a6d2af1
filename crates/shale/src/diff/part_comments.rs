//! Comments on the named parts of a table follow their part through a rename in place.
//!
//! PostgreSQL keeps a comment on an index (`COMMENT ON INDEX i`) or a constraint
//! (`COMMENT ON CONSTRAINT c ON t`) as a comment [`Object`] named by the part; the
//! database keys it by the part's oid, so `ALTER INDEX … RENAME TO` and `ALTER TABLE …
//! RENAME CONSTRAINT` keep it. A [`Change::RenamePart`](super::Change::RenamePart) between
//! two parts of one kind is such a rename (see `dialect::render::rename_part`); one between
//! an index and a unique constraint is a drop and an add, which loses the comment, so
//! nothing follows it. MySQL/MariaDB keep an index's comment in the index itself
//! ([`Index::comment`](crate::schema::Index::comment)), which `RENAME INDEX` keeps too.

use super::change::Part;
use crate::dialect::Dialect;
use crate::schema::{Object, ObjectKind};
use std::ops::Range;

/// Whether a rename from `from` to `to` keeps the comments on the part: both are parts of
/// one kind, which PostgreSQL renames in place.
pub(crate) fn keeps_comments(from: &Part, to: &Part) -> bool {
    std::mem::discriminant(from) == std::mem::discriminant(to)
}

/// What a comment on a part is on: an index (the index of a unique constraint or primary
/// key included) or a constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Index,
    Constraint,
}

/// The part `object` comments on, if it is a comment on one of `table`'s parts: what it
/// is on, the part's name unquoted, and where that name is written in the object's name
/// (`INDEX [schema.]name`, `CONSTRAINT name ON [schema.]table`).
fn target(object: &Object, table: &str) -> Option<(Target, String, Range<usize>)> {
    if object.kind != ObjectKind::Comment || object.table.as_deref() != Some(table) {
        return None;
    }
    let name = object.name.as_str();
    if let Some(rest) = name.strip_prefix("INDEX ") {
        let mut at = name.len() - rest.len();
        loop {
            let (ident, end) = read_ident(name, at)?;
            match name[end..].strip_prefix('.') {
                Some(_) => at = end + 1,
                None if end == name.len() => return Some((Target::Index, ident, at..end)),
                None => return None,
            }
        }
    }
    let rest = name.strip_prefix("CONSTRAINT ")?;
    let at = name.len() - rest.len();
    let (ident, end) = read_ident(name, at)?;
    name[end..]
        .starts_with(" ON ")
        .then_some((Target::Constraint, ident, at..end))
}

/// The identifier of `text` that starts at byte `at`, unquoted (`"My ""x"""` is `My "x"`),
/// and the byte where it ends.
fn read_ident(text: &str, at: usize) -> Option<(String, usize)> {
    let rest = &text[at..];
    let Some(quoted) = rest.strip_prefix('"') else {
        let len = rest
            .find(|c: char| c.is_whitespace() || c == '.')
            .unwrap_or(rest.len());
        return (len > 0).then(|| (rest[..len].to_string(), at + len));
    };
    let mut out = String::new();
    let mut chars = quoted.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '"' {
            out.push(c);
        } else if chars.peek().is_some_and(|&(_, d)| d == '"') {
            out.push('"');
            chars.next();
        } else {
            return Some((out, at + 1 + i + 1));
        }
    }
    None
}

/// Whether `object` is a comment on `part` of `table`: on the part's index, or on the
/// constraint a unique key, primary key, check or foreign key is.
pub(crate) fn comments_on(object: &Object, table: &str, part: &Part) -> Option<Target> {
    let (on, name, _) = target(object, table)?;
    let fits = match on {
        Target::Index => matches!(part, Part::Index(_) | Part::Unique(_) | Part::PrimaryKey(_)),
        Target::Constraint => !matches!(part, Part::Index(_)),
    };
    (fits && name == part.name()).then_some(on)
}

/// The text of a comment, as its definition writes it: the literal after `IS`.
pub(crate) fn literal(comment: &Object) -> &str {
    let head = format!("COMMENT ON {} IS ", comment.name);
    comment
        .definition
        .strip_prefix(head.as_str())
        .or_else(|| {
            comment
                .definition
                .rfind(" IS ")
                .map(|at| &comment.definition[at + " IS ".len()..])
        })
        .unwrap_or_default()
}

/// `comment`'s text as a comment named `name` (`INDEX ix_b`: what it is on).
pub(crate) fn retargeted(comment: &Object, name: &str) -> Object {
    Object {
        kind: ObjectKind::Comment,
        name: name.to_string(),
        table: comment.table.clone(),
        definition: format!("COMMENT ON {name} IS {}", literal(comment)),
    }
}

/// `comment`, on part `from` of `table`, as the database holds it once `from` is renamed
/// to `to`: the part's name in the comment's name replaced by `to`'s (quoted as
/// PostgreSQL's `quote_ident` would, for all but names that are keywords it does not
/// reserve), the text kept. `None` when `comment` is not on `from`.
pub(crate) fn renamed(comment: &Object, table: &str, from: &Part, to: &Part) -> Option<Object> {
    comments_on(comment, table, from)?;
    let (_, _, at) = target(comment, table)?;
    let mut name = comment.name.clone();
    name.replace_range(at, &Dialect::Postgres.quote_if_needed(to.name()));
    Some(retargeted(comment, &name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{CheckConstraint, Index, UniqueConstraint};

    fn comment(name: &str, table: &str, text: &str) -> Object {
        Object {
            kind: ObjectKind::Comment,
            name: name.into(),
            table: Some(table.into()),
            definition: format!("COMMENT ON {name} IS {text}"),
        }
    }

    fn index(name: &str) -> Part {
        Part::Index(Index {
            name: name.into(),
            ..Index::default()
        })
    }

    fn unique(name: &str) -> Part {
        Part::Unique(UniqueConstraint {
            name: name.into(),
            ..UniqueConstraint::default()
        })
    }

    fn check(name: &str) -> Part {
        Part::Check(CheckConstraint {
            name: name.into(),
            ..CheckConstraint::default()
        })
    }

    #[test]
    fn a_comment_is_found_on_the_part_it_names_quoted_or_not() {
        let on_index = comment("INDEX billing.\"Ix \"\"a\"\"\"", "billing.t", "'x'");
        assert_eq!(
            comments_on(&on_index, "billing.t", &index("Ix \"a\"")),
            Some(Target::Index)
        );
        assert_eq!(
            comments_on(&on_index, "billing.u", &index("Ix \"a\"")),
            None
        );
        assert_eq!(comments_on(&on_index, "billing.t", &index("ix")), None);
        // A unique key's index may carry a comment of its own, a plain index no
        // constraint comment.
        let on_key_index = comment("INDEX uq", "t", "'x'");
        assert_eq!(
            comments_on(&on_key_index, "t", &unique("uq")),
            Some(Target::Index)
        );
        let on_constraint = comment("CONSTRAINT uq ON t", "t", "'x'");
        assert_eq!(
            comments_on(&on_constraint, "t", &unique("uq")),
            Some(Target::Constraint)
        );
        assert_eq!(comments_on(&on_constraint, "t", &index("uq")), None);
        assert_eq!(
            comments_on(&comment("TABLE t", "t", "'x'"), "t", &check("t")),
            None
        );
    }

    #[test]
    fn a_renamed_part_keeps_its_comment_under_its_new_name() {
        let c = comment(
            "CONSTRAINT ck_a ON billing.\"T\"",
            "billing.T",
            "E'it''s \\\\'",
        );
        let moved = renamed(&c, "billing.T", &check("ck_a"), &check("Ck A")).unwrap();
        assert_eq!(moved.name, "CONSTRAINT \"Ck A\" ON billing.\"T\"");
        assert_eq!(
            moved.definition,
            "COMMENT ON CONSTRAINT \"Ck A\" ON billing.\"T\" IS E'it''s \\\\'"
        );
        let c = comment("INDEX billing.ix_a", "billing.T", "'x'");
        let moved = renamed(&c, "billing.T", &index("ix_a"), &index("ix_b")).unwrap();
        assert_eq!(moved.key(), "comment INDEX billing.ix_b");
        assert_eq!(moved.definition, "COMMENT ON INDEX billing.ix_b IS 'x'");
        assert!(renamed(&c, "billing.T", &index("ix_c"), &index("ix_b")).is_none());
    }

    #[test]
    fn only_a_rename_between_parts_of_one_kind_keeps_comments() {
        assert!(keeps_comments(&index("a"), &index("b")));
        assert!(keeps_comments(&unique("a"), &unique("b")));
        assert!(!keeps_comments(&index("a"), &unique("b")));
    }

    /// A table `t` with an index `ix` on `a` and a unique constraint `uq` on `b` (under
    /// the names given), and PostgreSQL comments on them.
    fn schema(ix: &str, uq: &str, comments: &[(&str, &str)]) -> crate::schema::Schema {
        use crate::schema::{Column, Schema, Table};
        let mut s = Schema::default();
        let column = |name: &str| Column {
            name: name.into(),
            ty: "integer".into(),
            ..Column::default()
        };
        let table = Table {
            name: "t".into(),
            columns: vec![column("a"), column("b")],
            indexes: [(
                ix.to_string(),
                Index {
                    name: ix.into(),
                    columns: vec!["a".into()],
                    ..Index::default()
                },
            )]
            .into(),
            uniques: [(
                uq.to_string(),
                UniqueConstraint {
                    name: uq.into(),
                    columns: vec!["b".into()],
                    ..UniqueConstraint::default()
                },
            )]
            .into(),
            ..Table::default()
        };
        s.tables.insert("t".into(), table);
        for (on, text) in comments {
            s.add_object(comment(on, "t", &format!("'{text}'")));
        }
        s
    }

    /// The upgrade and the downgrade PostgreSQL would run, as statements.
    fn upgrade_and_downgrade(
        from: &crate::schema::Schema,
        to: &crate::schema::Schema,
    ) -> (Vec<String>, Vec<String>) {
        let d = super::super::diff(from, to, &super::super::DiffOptions::default());
        let plan = crate::plan::Plan::new(Dialect::Postgres, from.clone(), d.changes);
        let rendered = plan.render();
        let sql = |s: &[crate::dialect::render::RenderedStatement]| {
            s.iter().map(|s| s.sql.clone()).collect::<Vec<_>>()
        };
        (sql(&rendered.upgrade), sql(&rendered.downgrade))
    }

    #[test]
    fn a_comment_with_the_same_text_follows_its_renamed_part_without_a_statement() {
        let before = schema(
            "ix_a",
            "uq_b",
            &[("INDEX ix_a", "on a"), ("CONSTRAINT uq_b ON t", "on b")],
        );
        let after = schema(
            "ix_a2",
            "uq_b2",
            &[("INDEX ix_a2", "on a"), ("CONSTRAINT uq_b2 ON t", "on b")],
        );
        let (up, down) = upgrade_and_downgrade(&before, &after);
        assert_eq!(
            up,
            [
                "ALTER TABLE t RENAME CONSTRAINT uq_b TO uq_b2",
                "ALTER INDEX ix_a RENAME TO ix_a2"
            ]
        );
        assert_eq!(
            down,
            [
                "ALTER INDEX ix_a2 RENAME TO ix_a",
                "ALTER TABLE t RENAME CONSTRAINT uq_b2 TO uq_b"
            ]
        );
        // Applied, the rename carries the comments: nothing is left to do either way.
        let d = super::super::diff(&before, &after, &super::super::DiffOptions::default());
        let upgraded = super::super::apply_all(&before, &d.changes);
        assert_eq!(upgraded.objects, after.objects);
        let back = super::super::apply_all(&upgraded, &crate::plan::reverse_changes(&d.changes));
        assert_eq!(back.objects, before.objects);
    }

    #[test]
    fn a_changed_comment_on_a_renamed_part_is_set_once_after_the_rename() {
        let before = schema(
            "ix_a",
            "uq_b",
            &[("INDEX ix_a", "on a"), ("CONSTRAINT uq_b ON t", "on b")],
        );
        let after = schema(
            "ix_a2",
            "uq_b2",
            &[("INDEX ix_a2", "now a"), ("CONSTRAINT uq_b2 ON t", "on b")],
        );
        let (up, down) = upgrade_and_downgrade(&before, &after);
        assert_eq!(
            up,
            [
                "ALTER TABLE t RENAME CONSTRAINT uq_b TO uq_b2",
                "ALTER INDEX ix_a RENAME TO ix_a2",
                "COMMENT ON INDEX ix_a2 IS 'now a'"
            ]
        );
        assert_eq!(
            down,
            [
                "COMMENT ON INDEX ix_a2 IS 'on a'",
                "ALTER INDEX ix_a2 RENAME TO ix_a",
                "ALTER TABLE t RENAME CONSTRAINT uq_b2 TO uq_b"
            ]
        );
    }

    #[test]
    fn a_comment_dropped_or_added_with_a_rename_is_so_on_the_name_the_part_has_then() {
        let before = schema("ix_a", "uq_b", &[("INDEX ix_a", "on a")]);
        let after = schema("ix_a2", "uq_b", &[("CONSTRAINT uq_b ON t", "on b")]);
        let (up, down) = upgrade_and_downgrade(&before, &after);
        assert_eq!(
            up,
            [
                "COMMENT ON INDEX ix_a IS NULL",
                "ALTER INDEX ix_a RENAME TO ix_a2",
                "COMMENT ON CONSTRAINT uq_b ON t IS 'on b'"
            ]
        );
        assert_eq!(
            down,
            [
                "COMMENT ON CONSTRAINT uq_b ON t IS NULL",
                "ALTER INDEX ix_a2 RENAME TO ix_a",
                "COMMENT ON INDEX ix_a IS 'on a'"
            ]
        );
    }

    #[test]
    fn a_unique_index_that_becomes_a_unique_constraint_gets_its_comment_again() {
        // PostgreSQL cannot make one the other in place: the index is dropped (its
        // comment with it) and the constraint added, so the comment is set on it anew.
        let mut before = schema("ix_a", "uq_b", &[("INDEX ix_a", "one each")]);
        before
            .tables
            .get_mut("t")
            .unwrap()
            .indexes
            .get_mut("ix_a")
            .unwrap()
            .unique = true;
        let mut after = schema("ix_a", "uq_b", &[("CONSTRAINT uq_a ON t", "one each")]);
        let t = after.tables.get_mut("t").unwrap();
        t.indexes.clear();
        t.uniques.insert(
            "uq_a".into(),
            UniqueConstraint {
                name: "uq_a".into(),
                columns: vec!["a".into()],
                ..UniqueConstraint::default()
            },
        );
        let (up, down) = upgrade_and_downgrade(&before, &after);
        assert_eq!(
            up,
            [
                "COMMENT ON INDEX ix_a IS NULL",
                "DROP INDEX ix_a",
                "ALTER TABLE t ADD CONSTRAINT uq_a UNIQUE (a)",
                "COMMENT ON CONSTRAINT uq_a ON t IS 'one each'"
            ]
        );
        assert_eq!(
            down,
            [
                "COMMENT ON CONSTRAINT uq_a ON t IS NULL",
                "ALTER TABLE t DROP CONSTRAINT uq_a",
                "CREATE UNIQUE INDEX ix_a ON t (a)",
                "COMMENT ON INDEX ix_a IS 'one each'"
            ]
        );
    }
}
