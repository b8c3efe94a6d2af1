//! Column types: which changes can lose values ([`narrows`]) and which make PostgreSQL
//! rewrite the table ([`pg_rewrites`]).
//!
//! Types are classified from sqlparser's rendering of a [`DataType`] (its canonical
//! spelling, e.g. `CHARACTER VARYING(80)`, `NUMERIC(10,2)`), which stays stable across
//! the many `DataType` variants that name the same type.

use sqlparser::ast::DataType;

/// What values a column type can hold, as far as narrowing is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Family {
    /// An integer of this many bytes.
    Int(u8),
    /// An exact number: total digits (`None`: unlimited) and digits after the point.
    Decimal(Option<u64>, u64),
    /// A floating-point number of this many bytes.
    Float(u8),
    /// Text of at most this many characters (`None`: unlimited); `fixed` for `CHAR(n)`.
    Text {
        len: Option<u64>,
        fixed: bool,
    },
    /// Bytes of at most this many (`None`: unlimited).
    Bytes(Option<u64>),
    Bool,
    Date,
    Time,
    Timestamp,
    /// Anything else, by its lowercase spelling.
    Other(String),
}

/// Classifies a column type.
pub(crate) fn family(data_type: &DataType) -> Family {
    let text = data_type.to_string().to_lowercase();
    let (name, args) = match text.split_once('(') {
        Some((name, rest)) => (name.trim().to_string(), rest),
        None => (text.clone(), ""),
    };
    let nums: Vec<u64> = args
        .split([',', ')'])
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    let first = nums.first().copied();
    let base = name.split_whitespace().next().unwrap_or("");
    match base {
        "tinyint" => Family::Int(1),
        "smallint" | "int2" | "smallserial" => Family::Int(2),
        "mediumint" => Family::Int(3),
        "int" | "integer" | "int4" | "serial" => Family::Int(4),
        "bigint" | "int8" | "bigserial" => Family::Int(8),
        "numeric" | "decimal" | "dec" => Family::Decimal(first, nums.get(1).copied().unwrap_or(0)),
        "real" | "float4" => Family::Float(4),
        "double" | "float8" => Family::Float(8),
        "float" => Family::Float(if first.is_some_and(|n| n <= 24) { 4 } else { 8 }),
        "varchar" | "nvarchar" | "varchar2" | "string" => Family::Text {
            len: first,
            fixed: false,
        },
        "character" | "char" | "nchar" | "bpchar" if name.contains("varying") => Family::Text {
            len: first,
            fixed: false,
        },
        "character" | "char" | "nchar" | "bpchar" => Family::Text {
            len: Some(first.unwrap_or(1)),
            fixed: true,
        },
        "text" | "mediumtext" | "longtext" | "clob" | "citext" => Family::Text {
            len: None,
            fixed: false,
        },
        "tinytext" => Family::Text {
            len: Some(255),
            fixed: false,
        },
        "bytea" | "blob" | "longblob" | "mediumblob" => Family::Bytes(None),
        "binary" | "varbinary" => Family::Bytes(first),
        "bool" | "boolean" => Family::Bool,
        "date" => Family::Date,
        "time" => Family::Time,
        "timestamp" | "timestamptz" | "datetime" => Family::Timestamp,
        _ => Family::Other(text),
    }
}

/// Decimal digits needed for every value of an integer of `bytes` bytes.
fn int_digits(bytes: u8) -> u64 {
    match bytes {
        1 => 3,
        2 => 5,
        3 => 8,
        4 => 10,
        _ => 19,
    }
}

/// Whether changing a column from `old` to `new` can lose or reject existing values.
/// Unknown types on either side are not reported.
pub(crate) fn narrows(old: &DataType, new: &DataType) -> bool {
    use Family::*;
    let (old, new) = (family(old), family(new));
    match (&old, &new) {
        (Other(_), _) | (_, Other(_)) => false,
        (_, Text { len: None, .. }) => false,
        (Int(a), Int(b)) => b < a,
        (Int(a), Decimal(p, s)) => p.is_some_and(|p| p.saturating_sub(*s) < int_digits(*a)),
        (Int(a), Float(b)) => (*b == 4 && *a > 2) || (*b == 8 && *a > 4),
        (Int(a), Text { len: Some(n), .. }) => *n <= int_digits(*a),
        (Decimal(p1, s1), Decimal(p2, s2)) => {
            s2 < s1
                || match (p1, p2) {
                    (_, None) => false,
                    (None, Some(_)) => true,
                    (Some(p1), Some(p2)) => p2.saturating_sub(*s2) < p1.saturating_sub(*s1),
                }
        }
        (Decimal(p, s), Int(b)) => *s > 0 || p.is_none_or(|p| p > int_digits(*b)),
        (Float(a), Float(b)) => b < a,
        (Text { len: a, .. }, Text { len: b, .. }) | (Bytes(a), Bytes(b)) => match (a, b) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(a), Some(b)) => b < a,
        },
        (Bool, Int(_)) => false,
        (Date, Timestamp) | (Timestamp, Timestamp) | (Date, Date) | (Time, Time) => false,
        (Bool, Bool) => false,
        _ => old != new,
    }
}

/// Whether PostgreSQL rewrites the table (holding an ACCESS EXCLUSIVE lock) to change a
/// column from `old` (unknown: `None`) to `new`. Only binary-coercible changes skip the
/// rewrite: widening or removing a `varchar` limit, and raising a `numeric` precision at
/// the same scale (PostgreSQL docs, ALTER TABLE, "Notes").
pub(crate) fn pg_rewrites(old: Option<&DataType>, new: &DataType) -> bool {
    let Some(old) = old else { return true };
    if old == new {
        return false;
    }
    match (family(old), family(new)) {
        (
            Family::Text {
                len: a,
                fixed: false,
            },
            Family::Text {
                len: b,
                fixed: false,
            },
        ) => match (a, b) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(a), Some(b)) => b < a,
        },
        (Family::Decimal(p1, s1), Family::Decimal(p2, s2)) => {
            s1 != s2
                || match (p1, p2) {
                    (_, None) => false,
                    (None, Some(_)) => true,
                    (Some(a), Some(b)) => b < a,
                }
        }
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
