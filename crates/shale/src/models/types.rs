//! The Rust type -> SQL type table, per dialect (documented in `docs/models.md`).

use super::rust::ModelError;
use crate::dialect::Dialect;
use crate::schema::ColumnType;
use shale_model::{FieldDef, ModelDef};

/// The column type of one field: its `sql_type`, or the mapping of its Rust type.
pub(super) fn column_type(
    def: &ModelDef,
    field: &FieldDef,
    dialect: Dialect,
) -> Result<ColumnType, ModelError> {
    if let Some(sql_type) = &field.sql_type {
        return Ok(lowercase_outside_quotes(sql_type.trim()).into());
    }
    if field.is_enum {
        let Some(e) = &field.sql_enum else {
            return Err(ModelError::UnknownEnum {
                model: def.struct_name.clone(),
                field: field.name.clone(),
                rust_type: field.rust_type.clone(),
            });
        };
        return Ok(match dialect {
            Dialect::Postgres => e.name.clone().into(),
            Dialect::Mysql => format!("enum({})", quoted_labels(&e.labels)).into(),
            Dialect::Sqlite => "text".into(),
        });
    }
    let kind = RustKind::of(&field.rust_type).ok_or_else(|| ModelError::UnknownType {
        model: def.struct_name.clone(),
        field: field.name.clone(),
        rust_type: field.rust_type.clone(),
        dialect,
    })?;
    match (kind, field.max_length) {
        (RustKind::String, Some(n)) => Ok(format!("varchar({n})").into()),
        (_, Some(_)) => Err(ModelError::MaxLengthNotString {
            model: def.struct_name.clone(),
            field: field.name.clone(),
            rust_type: field.rust_type.clone(),
        }),
        (kind, None) => Ok(kind.sql_type(dialect).into()),
    }
}

/// `'a','b'`: labels as SQL string literals, comma-separated.
pub(super) fn quoted_labels(labels: &[String]) -> String {
    let quoted: Vec<String> = labels
        .iter()
        .map(|l| format!("'{}'", l.replace('\'', "''")))
        .collect();
    quoted.join(",")
}

/// Lower-cases SQL type text except inside quoted literals (`enum('A','b')`).
fn lowercase_outside_quotes(text: &str) -> String {
    let mut quoted = false;
    text.chars()
        .map(|c| {
            if c == '\'' {
                quoted = !quoted;
            }
            if quoted {
                c
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

pub(super) fn is_integer(rust_type: &str) -> bool {
    matches!(RustKind::of(rust_type), Some(RustKind::Int { .. }))
}

/// The Rust types shale knows how to store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RustKind {
    /// An integer of `bits` bits.
    Int {
        bits: u8,
        signed: bool,
    },
    Bool,
    F32,
    F64,
    String,
    Decimal,
    Date,
    Time,
    DateTime,
    DateTimeTz,
    Uuid,
    Bytes,
    /// `[u8; N]`: fixed-length bytes.
    FixedBytes(u32),
    Json,
}

impl RustKind {
    /// Classifies normalised type text by its last path segment (imports are not
    /// resolved: `Uuid` and `uuid::Uuid` are the same).
    fn of(rust_type: &str) -> Option<RustKind> {
        if let Some(len) = rust_type
            .strip_prefix("[u8; ")
            .and_then(|r| r.strip_suffix(']'))
        {
            return len.parse().ok().map(RustKind::FixedBytes);
        }
        let (path, args) = match rust_type.split_once('<') {
            Some((path, rest)) => (path, rest.strip_suffix('>')?),
            None => (rust_type, ""),
        };
        let last = path.rsplit("::").next()?;
        let int = |bits, signed| Some(RustKind::Int { bits, signed });
        match (last, args) {
            ("i8", "") => int(8, true),
            ("i16", "") => int(16, true),
            ("i32", "") => int(32, true),
            ("i64" | "isize", "") => int(64, true),
            ("u8", "") => int(8, false),
            ("u16", "") => int(16, false),
            ("u32", "") => int(32, false),
            ("u64" | "usize", "") => int(64, false),
            ("bool", "") => Some(RustKind::Bool),
            ("f32", "") => Some(RustKind::F32),
            ("f64", "") => Some(RustKind::F64),
            ("String", "") => Some(RustKind::String),
            ("Decimal" | "BigDecimal", "") => Some(RustKind::Decimal),
            ("NaiveDate" | "Date", "") => Some(RustKind::Date),
            ("NaiveTime" | "Time", "") => Some(RustKind::Time),
            ("NaiveDateTime" | "PrimitiveDateTime", "") => Some(RustKind::DateTime),
            ("OffsetDateTime", "") | ("DateTime", _) => Some(RustKind::DateTimeTz),
            ("Uuid", "") => Some(RustKind::Uuid),
            ("Vec", "u8") => Some(RustKind::Bytes),
            ("Value" | "JsonValue", "") | ("Json", _) => Some(RustKind::Json),
            _ => None,
        }
    }

    /// The type as written in `CREATE TABLE` for `dialect`, lower-case.
    fn sql_type(self, dialect: Dialect) -> String {
        use Dialect::{Mysql, Postgres, Sqlite};
        let text = match (self, dialect) {
            (RustKind::Int { .. }, Sqlite) => "integer",
            (RustKind::Int { bits, signed }, Postgres) => match (bits, signed) {
                (8 | 16, true) | (8, false) => "smallint",
                (32, true) | (16, false) => "integer",
                _ => "bigint",
            },
            (RustKind::Int { bits, signed }, Mysql) => mysql_int(bits, signed),
            (RustKind::Bool, _) => "boolean",
            (RustKind::F32, Mysql) => "float",
            (RustKind::F32 | RustKind::F64, Sqlite) | (RustKind::F32, Postgres) => "real",
            (RustKind::F64, Postgres) => "double precision",
            (RustKind::F64, Mysql) => "double",
            (RustKind::String, _) => "text",
            (RustKind::Decimal, Mysql) => "decimal(38,10)",
            (RustKind::Decimal, _) => "numeric(38,10)",
            (RustKind::Date, _) => "date",
            (RustKind::Time, Mysql) => "time(6)",
            (RustKind::Time, _) => "time",
            (RustKind::DateTime | RustKind::DateTimeTz, Mysql) => "datetime(6)",
            (RustKind::DateTime | RustKind::DateTimeTz, Sqlite) => "datetime",
            (RustKind::DateTime, Postgres) => "timestamp",
            (RustKind::DateTimeTz, Postgres) => "timestamp with time zone",
            (RustKind::Uuid, Postgres) => "uuid",
            (RustKind::Uuid, _) => "char(36)",
            (RustKind::Bytes | RustKind::FixedBytes(_), Postgres) => "bytea",
            (RustKind::Bytes, Mysql) => "longblob",
            (RustKind::FixedBytes(n), Mysql) => return format!("binary({n})"),
            (RustKind::Bytes | RustKind::FixedBytes(_), Sqlite) => "blob",
            (RustKind::Json, Postgres) => "jsonb",
            (RustKind::Json, Mysql) => "json",
            (RustKind::Json, Sqlite) => "text",
        };
        text.to_string()
    }
}

fn mysql_int(bits: u8, signed: bool) -> &'static str {
    match (bits, signed) {
        (8, true) => "tinyint",
        (8, false) => "tinyint unsigned",
        (16, true) => "smallint",
        (16, false) => "smallint unsigned",
        (32, true) => "int",
        (32, false) => "int unsigned",
        (_, true) => "bigint",
        (_, false) => "bigint unsigned",
    }
}
