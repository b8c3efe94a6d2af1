//! Column types in lint: whether a change can lose values ([`narrows`], the same answer
//! the diff's warnings use, [`ColumnType::change_to`]) and whether it makes PostgreSQL
//! rewrite the table ([`pg_rewrites`]).
//!
//! A parsed [`DataType`] becomes a [`ColumnType`] through sqlparser's rendering of it (its
//! canonical spelling, e.g. `CHARACTER VARYING(80)`, `NUMERIC(10,2)`), which stays stable
//! across the many `DataType` variants that name the same type.

use crate::schema::ColumnType;
pub(crate) use crate::schema::Family;
use sqlparser::ast::DataType;

/// The column type a parsed `data_type` names.
pub(crate) fn column_type(data_type: &DataType) -> ColumnType {
    ColumnType::new(data_type.to_string())
}

/// Classifies a column type.
pub(crate) fn family(data_type: &DataType) -> Family {
    column_type(data_type).family()
}

/// Whether changing a column from `old` to `new` can lose or reject existing values.
/// Changes between types shale does not classify are not reported.
pub(crate) fn narrows(old: &DataType, new: &DataType) -> bool {
    column_type(old).narrows_to(&column_type(new))
}

/// Whether PostgreSQL rewrites the table (holding an ACCESS EXCLUSIVE lock) to change a
/// column from `old` (unknown: `None`) to `new`. Only binary-coercible changes skip the
/// rewrite: widening or removing a `varchar` limit, and raising a `numeric` precision at
/// the same scale (PostgreSQL docs, ALTER TABLE, "Notes").
pub(crate) fn pg_rewrites(old: Option<&DataType>, new: &DataType) -> bool {
    let Some(old) = old else { return true };
    old != new && rewrites_table(&column_type(old), &column_type(new))
}

/// Whether PostgreSQL rewrites the table (under an ACCESS EXCLUSIVE lock) to change a
/// column from type `old` to `new`: it does not for a longer `varchar`, `varchar` to
/// `text`, a wider `numeric` of the same scale, or a change of timestamp precision.
pub(crate) fn rewrites_table(old: &ColumnType, new: &ColumnType) -> bool {
    let at_most = |a: Option<u32>, b: Option<u32>| match (a, b) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(a), Some(b)) => b < a,
    };
    match (old.family(), new.family()) {
        (
            Family::Text {
                len: a,
                fixed: false,
            },
            Family::Text {
                len: b,
                fixed: false,
            },
        ) => at_most(a, b),
        (Family::Decimal(p1, s1), Family::Decimal(p2, s2)) => s1 != s2 || at_most(p1, p2),
        (Family::Time(_), Family::Time(_)) | (Family::Timestamp(_), Family::Timestamp(_)) => false,
        (Family::Other, Family::Other) => !old.same_as(new),
        (a, b) => a != b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::PostgreSqlDialect;
    use sqlparser::parser::Parser;

    fn ty(text: &str) -> DataType {
        Parser::new(&PostgreSqlDialect {})
            .try_with_sql(text)
            .unwrap()
            .parse_data_type()
            .unwrap()
    }

    #[test]
    fn narrowing() {
        let cases = [
            ("varchar(255)", "varchar(80)", true),
            ("varchar(80)", "varchar(255)", false),
            ("text", "varchar(10)", true),
            ("varchar(10)", "text", false),
            ("bigint", "integer", true),
            ("integer", "bigint", false),
            ("numeric(10,2)", "numeric(10,0)", true),
            ("numeric(10,2)", "numeric(12,2)", false),
            ("numeric(10,2)", "integer", true),
            ("double precision", "real", true),
            ("timestamp", "date", true),
            ("date", "timestamp", false),
            ("text", "integer", true),
            ("integer", "text", false),
            ("integer", "varchar(5)", true),
            ("jsonb", "json", false),
        ];
        for (old, new, expected) in cases {
            assert_eq!(narrows(&ty(old), &ty(new)), expected, "{old} -> {new}");
        }
    }

    #[test]
    fn postgres_rewrites() {
        assert!(!pg_rewrites(Some(&ty("varchar(10)")), &ty("varchar(20)")));
        assert!(!pg_rewrites(Some(&ty("varchar(10)")), &ty("text")));
        assert!(!pg_rewrites(
            Some(&ty("numeric(10,2)")),
            &ty("numeric(12,2)")
        ));
        assert!(pg_rewrites(Some(&ty("integer")), &ty("bigint")));
        assert!(pg_rewrites(Some(&ty("text")), &ty("varchar(10)")));
        assert!(pg_rewrites(None, &ty("bigint")));
    }
}
