//! Column-type advice for PostgreSQL (squawk's `prefer-*` and `ban-char-field` family):
//! types that work today and hurt later. Info findings: they fail nothing, and a model that
//! asks for such a type gets it from autogenerate.

use super::finding::Rule;
use super::types::{family, Family};
use sqlparser::ast::{DataType, TimezoneInfo};

/// The advice for a column of `data_type` (`key`: part of the primary key), as
/// `(rule, message)`; `column` names it in the messages.
pub(crate) fn column_advice(column: &str, data_type: &DataType, key: bool) -> Vec<(Rule, String)> {
    let spelled = data_type.to_string().to_lowercase();
    let mut out = Vec::new();
    match family(data_type) {
        Family::Text { fixed: true, .. } => out.push((
            Rule::CharField,
            format!(
                "{column} is {spelled}: char(n) pads values with spaces and is no faster than text"
            ),
        )),
        Family::Text {
            len: Some(_),
            fixed: false,
        } => out.push((
            Rule::PreferTextField,
            format!(
                "{column} is {spelled}: changing the limit later takes an ACCESS EXCLUSIVE lock"
            ),
        )),
        Family::Int(bytes) if key && bytes < 8 => out.push((
            Rule::PreferBigint,
            format!(
                "key column {column} is {spelled}: a {}-bit key runs out",
                bytes * 8
            ),
        )),
        _ => {}
    }
    if spelled.ends_with("serial") {
        out.push((
            Rule::PreferIdentity,
            format!("{column} is {spelled}: its sequence is a separate object with its own owner and grants"),
        ));
    }
    if matches!(
        data_type,
        DataType::Timestamp(_, TimezoneInfo::None | TimezoneInfo::WithoutTimeZone)
    ) {
        out.push((
            Rule::PreferTimestamptz,
            format!("{column} is {spelled}: a timestamp without time zone depends on the writer's time zone"),
        ));
    }
    out
}
