//! [`ColumnType`]: a column's type, parsed once from whatever spelled it (SQL models,
//! Rust models, inspection, lint's replay of scripts), and the one answer to "does
//! changing type A to type B keep every value?" ([`TypeChange`]) that the diff's
//! warnings and lint's narrowing rule both use.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A column type: its spelling, which renderers emit as written, and what it means —
/// a canonical form for comparison and the [`Family`] of values it holds.
///
/// Equality (`==`) is equality of spelling; [`ColumnType::same_as`] is equality of
/// meaning (`character varying(80)` is `varchar(80)`). It serialises as its spelling.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct ColumnType {
    text: String,
    /// Lower-case (quoted labels aside), whitespace collapsed, aliases resolved, MySQL's
    /// default integer display widths dropped: `int(11)` → `integer` (but `int(1)` →
    /// `integer(1)`), `timestamptz` → `timestamp with time zone`.
    /// `None` when that is `text` itself, as it is for every type inspection reports,
    /// so that the schemas the diff clones carry no second string per column.
    canonical: Option<Box<str>>,
    family: Family,
}

/// What values a column type can hold, as far as converting between types is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Family {
    /// An integer of this many bytes.
    Int(u8),
    /// An exact number: total digits (`None`: unlimited) and digits after the point.
    Decimal(Option<u32>, u32),
    /// A floating-point number of this many bytes.
    Float(u8),
    /// Text of at most this many characters (`None`: unlimited); `fixed` for `CHAR(n)`.
    Text {
        len: Option<u32>,
        fixed: bool,
    },
    /// Bytes, at most this many (`None`: unlimited).
    Bytes(Option<u32>),
    Bool,
    Date,
    /// A time of day, with its fractional-seconds precision if given.
    Time(Option<u32>),
    /// A date and time, with its fractional-seconds precision if given.
    Timestamp(Option<u32>),
    /// Anything else (JSON, UUID, enums, arrays …): known only by its canonical form.
    #[default]
    Other,
}

/// What changing a column from one type to another does to its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeChange {
    /// The same type, spelled the same or differently.
    Same,
    /// Every value fits the new type unchanged (`varchar(80)` → `varchar(255)` or
    /// `text`, `integer` → `bigint`, `date` → `timestamp`).
    Widens,
    /// Some values may be truncated or fail to convert (`varchar(255)` → `varchar(80)`,
    /// `bigint` → `integer`, `text` → `integer`).
    Narrows,
    /// A change between types shale does not classify (`jsonb` → `json`,
    /// `timestamp` → `timestamp with time zone`, `datetime` → `timestamp`).
    Unknown,
}

impl ColumnType {
    /// Parses a type as written in SQL, in any case and spacing.
    pub fn new(text: impl Into<String>) -> ColumnType {
        let text = text.into();
        let canonical = (!is_canonical(&text)).then(|| canonical(&text).into_boxed_str());
        debug_assert!(
            canonical.is_some() || self::canonical(&text) == text,
            "{text}"
        );
        let family = family(canonical.as_deref().unwrap_or(&text));
        ColumnType {
            text,
            canonical,
            family,
        }
    }

    /// The type as written or reported, which is what renderers emit.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The canonical form, for comparison only (never rendered).
    pub fn canonical(&self) -> &str {
        self.canonical.as_deref().unwrap_or(&self.text)
    }

    /// The family of values this type holds.
    pub fn family(&self) -> Family {
        self.family
    }

    /// Whether the two name the same type: compared case-insensitively, with whitespace
    /// collapsed and common aliases (`int4`, `character varying`, `bool`, `timestamptz`,
    /// MySQL's default integer display widths, …) resolved; an enum's labels keep their
    /// case.
    pub fn same_as(&self, other: &ColumnType) -> bool {
        self.canonical() == other.canonical()
    }

    /// Whether this type is an integer type (of any size, `tinyint(1)` excepted: that is
    /// MySQL's boolean).
    pub fn is_integer(&self) -> bool {
        matches!(self.family, Family::Int(_))
    }

    /// What changing a column of this type to type `to` does to its values.
    pub fn change_to(&self, to: &ColumnType) -> TypeChange {
        if self.same_as(to) {
            return TypeChange::Same;
        }
        match narrows(self, to) {
            Some(true) => TypeChange::Narrows,
            Some(false) => TypeChange::Widens,
            None => TypeChange::Unknown,
        }
    }

    /// Whether changing to `to` can lose or reject existing values, for certain: an
    /// [`Unknown`](TypeChange::Unknown) change is not a narrowing.
    pub fn narrows_to(&self, to: &ColumnType) -> bool {
        self.change_to(to) == TypeChange::Narrows
    }

    /// Whether changing to `to` keeps every value, for certain: the same type or a
    /// widening.
    pub fn widens_to(&self, to: &ColumnType) -> bool {
        matches!(self.change_to(to), TypeChange::Same | TypeChange::Widens)
    }

    /// The canonical name without parameters: `varchar`, `timestamp with time zone`.
    fn base(&self) -> &str {
        let canonical = self.canonical();
        canonical
            .split_once('(')
            .map_or(canonical, |(base, _)| base)
    }
}

/// Whether converting `from` to `to` (different types) can lose or reject values;
/// `None` when shale cannot tell.
fn narrows(from: &ColumnType, to: &ColumnType) -> Option<bool> {
    use Family::*;
    let at_most = |a: Option<u32>, b: Option<u32>| match (a, b) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(a), Some(b)) => b < a,
    };
    let narrows = match (from.family, to.family) {
        (Other, Other) => return other_widens(from, to).then_some(false),
        (Other, _) | (_, Other) => return None,
        (_, Text { len: None, .. }) => false,
        (Int(a), Int(b)) => b < a,
        (Int(a), Decimal(p, s)) => p.is_some_and(|p| p.saturating_sub(s) < int_digits(a)),
        (Int(a), Float(b)) => (b == 4 && a > 2) || (b == 8 && a > 4),
        (Int(a), Text { len: Some(n), .. }) => n <= int_digits(a),
        (Decimal(p1, s1), Decimal(p2, s2)) => {
            let int_part = |p: Option<u32>, s| p.map(|p: u32| p.saturating_sub(s));
            s2 < s1 || at_most(int_part(p1, s1), int_part(p2, s2))
        }
        (Decimal(p, s), Int(b)) => s > 0 || p.is_none_or(|p| p > int_digits(b)),
        (Float(a), Float(b)) => b < a,
        (Text { len: a, .. }, Text { len: b, .. }) | (Bytes(a), Bytes(b)) => at_most(a, b),
        (Time(a), Time(b)) | (Timestamp(a), Timestamp(b)) => {
            // With or without a time zone, `datetime` or `timestamp`: not classified.
            if from.base() != to.base() {
                return None;
            }
            // No precision given: PostgreSQL keeps microseconds.
            b.unwrap_or(6) < a.unwrap_or(6)
        }
        (Bool, Int(_)) | (Date, Timestamp(_)) => false,
        (a, b) => a != b,
    };
    Some(narrows)
}

/// Whether two unclassified types are one type with larger parameters
/// (`bit(3)` → `bit(8)`).
fn other_widens(from: &ColumnType, to: &ColumnType) -> bool {
    let (a, b) = (numbers(from.canonical()), numbers(to.canonical()));
    from.base() == to.base()
        && matches!((a, b), (Some(a), Some(b)) if a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| x <= y))
}

/// The numbers in a canonical type's parentheses, `None` unless all are numbers.
fn numbers(canonical: &str) -> Option<Vec<u32>> {
    let (_, rest) = canonical.split_once('(')?;
    let args = rest.strip_suffix(')')?;
    args.split(',').map(|n| n.parse().ok()).collect()
}

/// Decimal digits needed for every value of an integer of `bytes` bytes.
fn int_digits(bytes: u8) -> u32 {
    match bytes {
        1 => 3,
        2 => 5,
        3 => 8,
        4 => 10,
        _ => 19,
    }
}

/// Whether `text` is already in canonical form (see [`canonical`]), checked without
/// allocating: lower-case words single-spaced, parameters last and without spaces, a
/// name that is no alias, no integer display width.
fn is_canonical(text: &str) -> bool {
    // One pass over the bytes: allowed characters, words single-spaced, at most one
    // `(…)` group, at the very end and without spaces.
    let (mut prev, mut open, mut closed) = (b' ', None, false);
    for (i, b) in text.bytes().enumerate() {
        let allowed = match b {
            b'a'..=b'z' | b'0'..=b'9' | b'_' | b',' => true,
            b' ' => prev != b' ' && open.is_none(),
            b'(' => open.is_none() && prev != b' ',
            b')' => open.is_some() && !closed,
            _ => false,
        };
        if !allowed || closed {
            return false;
        }
        if b == b'(' {
            open = Some(i);
        }
        closed = b == b')';
        prev = b;
    }
    let name = &text[..open.unwrap_or(text.len())];
    let integer = matches!(
        name,
        "tinyint" | "smallint" | "mediumint" | "integer" | "bigint"
    );
    prev != b' ' && open.is_some() == closed && alias(name) == name && !(integer && closed)
}

/// A type in canonical form: lower case, whitespace collapsed, the name's aliases
/// resolved, `(…)` parameters moved to the end without spaces, default integer display
/// widths dropped, MySQL's `tinyint(1)` as `boolean`.
fn canonical(text: &str) -> String {
    let ty = folded(text);
    let (name, args) = match (ty.find('('), ty.find(')')) {
        (Some(open), Some(close)) if open < close => {
            let (before, after) = (ty[..open].trim(), ty[close + 1..].trim());
            let mut quoted = false;
            let args: String = ty[open..=close]
                .chars()
                .filter(|&c| {
                    quoted ^= c == '\'';
                    quoted || !c.is_whitespace()
                })
                .collect();
            let name = if after.is_empty() {
                alias(before).to_string()
            } else {
                alias(format!("{before} {after}").trim()).to_string()
            };
            (name, args)
        }
        _ => (alias(&ty).to_string(), String::new()),
    };
    // A display width is kept where it is not the one MySQL gives the type by itself.
    let mut words = name.split(' ');
    let base = alias(words.next().unwrap_or_default());
    let unsigned = words.any(|w| w == "unsigned" || w == "zerofill");
    let width = args
        .strip_prefix('(')
        .and_then(|a| a.strip_suffix(')'))
        .and_then(|w| w.parse::<u32>().ok());
    let default_width = width.is_some() && width == default_display_width(base, unsigned);
    match (name.as_str(), args.as_str()) {
        ("tinyint", "(1)") => "boolean".to_string(),
        _ if default_width || args.is_empty() => name,
        _ => name + &args,
    }
}

/// `text` lower-case and single-spaced, but for what is inside single quotes (an enum's
/// or set's labels, which MySQL keeps as written: `'Mon'` is not `'mon'`).
pub(crate) fn folded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quoted = false;
    let mut space = false;
    for c in text.trim().chars() {
        if c == '\'' {
            quoted = !quoted;
        }
        if quoted || c == '\'' {
            out.push(c);
        } else if c.is_whitespace() {
            space = true;
            continue;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            out.extend(c.to_lowercase());
        }
        space = false;
    }
    out
}

/// The display width MySQL gives an integer type written without one (`int` is
/// `int(11)`, `int unsigned` is `int(10) unsigned`; zerofill implies unsigned), by its
/// canonical name; `None` for other types.
pub(crate) fn default_display_width(name: &str, unsigned: bool) -> Option<u32> {
    let (signed, unsigned_width) = match name {
        "tinyint" => (4, 3),
        "smallint" => (6, 5),
        "mediumint" => (9, 8),
        "int" | "integer" => (11, 10),
        "bigint" => (20, 20),
        _ => return None,
    };
    Some(if unsigned { unsigned_width } else { signed })
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

/// The family of a canonical type, by the first word of its name.
fn family(canonical: &str) -> Family {
    let (name, args) = canonical.split_once('(').unwrap_or((canonical, ""));
    let mut nums = args.split([',', ')']).map(|n| n.trim().parse::<u32>().ok());
    let (first, second) = (nums.next().flatten(), nums.next().flatten());
    let text = |len, fixed| Family::Text { len, fixed };
    match name.split(' ').next().unwrap_or("") {
        // Raw names too: an alias is not resolved when words follow (`int unsigned`).
        "tinyint" => Family::Int(1),
        "smallint" | "int2" | "smallserial" => Family::Int(2),
        "mediumint" => Family::Int(3),
        "integer" | "int" | "int4" | "serial" => Family::Int(4),
        "bigint" | "int8" | "bigserial" => Family::Int(8),
        "numeric" | "decimal" | "dec" => Family::Decimal(first, second.unwrap_or(0)),
        "real" | "float4" => Family::Float(4),
        "double" | "float8" => Family::Float(8),
        "float" => Family::Float(if first.is_some_and(|n| n <= 24) { 4 } else { 8 }),
        "varchar" | "nvarchar" | "varchar2" | "string" => text(first, false),
        "char" | "nchar" | "bpchar" if name.contains("varying") => text(first, false),
        "char" | "nchar" | "bpchar" => text(Some(first.unwrap_or(1)), true),
        "text" | "mediumtext" | "longtext" | "clob" | "citext" => text(None, false),
        "tinytext" => text(Some(255), false),
        "bytea" | "blob" | "longblob" | "mediumblob" => Family::Bytes(None),
        "binary" | "varbinary" => Family::Bytes(first),
        "boolean" | "bool" => Family::Bool,
        "date" => Family::Date,
        "time" | "timetz" => Family::Time(first),
        "timestamp" | "timestamptz" | "datetime" => Family::Timestamp(first),
        _ => Family::Other,
    }
}

impl fmt::Display for ColumnType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Shown as its spelling, so that a `Column` prints as it did when this was a string.
impl fmt::Debug for ColumnType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)
    }
}

impl From<&str> for ColumnType {
    fn from(text: &str) -> ColumnType {
        ColumnType::new(text)
    }
}

impl From<String> for ColumnType {
    fn from(text: String) -> ColumnType {
        ColumnType::new(text)
    }
}

impl PartialEq<str> for ColumnType {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for ColumnType {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl Serialize for ColumnType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for ColumnType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ColumnType, D::Error> {
        String::deserialize(deserializer).map(ColumnType::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(text: &str) -> ColumnType {
        ColumnType::new(text)
    }

    #[test]
    fn aliases_of_one_type_are_the_same_type() {
        let same = [
            ("character varying(80)", "VARCHAR(80)"),
            ("int(11)", "integer"),
            ("int4", "int"),
            ("bigint(20)", "bigint"),
            ("int(10) unsigned", "INT UNSIGNED"),
            (
                "smallint(5) unsigned zerofill",
                "smallint unsigned zerofill",
            ),
            ("tinyint(1)", "boolean"),
            ("ENUM('Mon',  'a b')", "enum('Mon','a b')"),
            ("timestamptz", "timestamp  with time zone"),
            ("timestamp(3) without time zone", "timestamp(3)"),
            ("decimal(10, 2)", "numeric(10,2)"),
            ("CHARACTER VARYING(80)", "varchar(80)"),
        ];
        for (a, b) in same {
            assert!(ty(a).same_as(&ty(b)), "{a} = {b}");
            assert_eq!(ty(a).change_to(&ty(b)), TypeChange::Same, "{a} = {b}");
        }
        for (a, b) in [
            ("varchar(80)", "varchar(81)"),
            ("tinyint(4)", "boolean"),
            ("int", "bigint"),
            // A display width other than the default is MySQL's own attribute.
            ("int(1)", "int"),
            ("int(11) unsigned", "int(10) unsigned"),
            // MySQL keeps labels as written.
            ("enum('Mon','Tue')", "enum('mon','tue')"),
        ] {
            assert!(!ty(a).same_as(&ty(b)), "{a} != {b}");
        }
    }

    /// One table for both users of the answer: the diff warns unless a change widens,
    /// lint reports a change that narrows.
    #[test]
    fn changes_widen_narrow_or_are_unknown() {
        use TypeChange::*;
        let cases = [
            ("varchar(80)", "VARCHAR(255)", Widens),
            ("varchar(200)", "text", Widens),
            ("varchar(10)", "text", Widens),
            ("varchar(255)", "varchar(80)", Narrows),
            ("text", "varchar(10)", Narrows),
            ("int(11)", "bigint(20)", Widens),
            ("integer", "bigint", Widens),
            ("bigint", "integer", Narrows),
            ("integer", "text", Widens),
            ("integer", "varchar(5)", Narrows),
            ("integer", "decimal(10,2)", Narrows),
            ("numeric(10,2)", "numeric(12,2)", Widens),
            ("numeric(10,2)", "numeric(10,4)", Narrows),
            ("numeric(10,2)", "numeric(10,0)", Narrows),
            ("numeric(10,2)", "integer", Narrows),
            ("double precision", "real", Narrows),
            ("date", "timestamp", Widens),
            ("timestamp", "date", Narrows),
            ("timestamp(3)", "timestamp(6)", Widens),
            ("timestamp(6)", "timestamp(0)", Narrows),
            ("timestamp", "timestamp with time zone", Unknown),
            ("text", "integer", Narrows),
            ("jsonb", "json", Unknown),
            ("bit(3)", "bit(8)", Widens),
            (
                "timestamp  with time zone",
                "timestamp with time zone",
                Same,
            ),
        ];
        for (from, to, expected) in cases {
            assert_eq!(ty(from).change_to(&ty(to)), expected, "{from} -> {to}");
            assert_eq!(
                ty(from).narrows_to(&ty(to)),
                expected == Narrows,
                "{from} -> {to}"
            );
            assert_eq!(
                ty(from).widens_to(&ty(to)),
                matches!(expected, Same | Widens),
                "{from} -> {to}"
            );
        }
    }

    #[test]
    fn canonical_spellings_are_recognised_without_rewriting() {
        for text in [
            "varchar(80)",
            "timestamp with time zone",
            "numeric(10,2)",
            "jsonb",
        ] {
            assert!(is_canonical(text), "{text}");
        }
        let rewritten = [
            "VARCHAR(80)",
            "int",
            "int(11)",
            "tinyint(1)",
            "numeric(10, 2)",
            "timestamp(3) with time zone",
            "character varying(80)",
            "double  precision",
        ];
        for text in rewritten {
            assert!(!is_canonical(text), "{text}");
            assert_ne!(canonical(text), text);
        }
    }

    #[test]
    fn serialises_as_its_spelling() {
        let t = ty("VARCHAR(80)");
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"VARCHAR(80)\"");
        let back: ColumnType = serde_json::from_str("\"VARCHAR(80)\"").unwrap();
        assert_eq!(back, t);
        assert_eq!(format!("{t:?}"), "\"VARCHAR(80)\"");
    }
}
