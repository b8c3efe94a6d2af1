//! One column definition as PostgreSQL reports it: its type (`format_type` in shale's
//! canonical form), nullability, literal default and identity; its column-level keys go
//! with the table's.

use super::constraints::{ForeignDecl, Keys};
use super::reader::ident;
use crate::schema::{Column, ColumnType, Family, Identity};
use sqlparser::ast::{ColumnDef, ColumnOption, ColumnOptionDef, Expr, GeneratedAs, Value};

/// A column read from its definition, and its column-level primary key (with its
/// constraint name, if given).
pub(super) struct Declared {
    pub(super) column: Column,
    pub(super) primary: Option<Option<String>>,
}

/// One column's options, as declared.
#[derive(Default)]
struct ColumnDecl {
    not_null: bool,
    null: bool,
    primary: Option<Option<String>>,
}

/// The column `def` declares, with its unique constraints and foreign keys added to
/// `keys`; `None` when PostgreSQL's report of it is not certain.
pub(super) fn column(def: &ColumnDef, keys: &mut Keys) -> Option<Declared> {
    let (ty, serial) = column_type(&def.data_type.to_string())?;
    let mut column = Column {
        name: ident(&def.name),
        ty,
        nullable: true,
        default: None,
        autoincrement: serial,
        generated: None,
        serial,
        ..Column::default()
    };
    let mut decl = ColumnDecl::default();
    for option in &def.options {
        decl.apply(option, &mut column, keys)?;
    }
    if decl.null && (decl.not_null || decl.primary.is_some()) {
        return None;
    }
    if column.autoincrement {
        if column.default.is_some() || decl.null {
            return None;
        }
        column.nullable = false;
    }
    if decl.not_null {
        column.nullable = false;
    }
    Some(Declared {
        column,
        primary: decl.primary,
    })
}

impl ColumnDecl {
    /// Applies one column option; `None` for an option this path does not model.
    fn apply(
        &mut self,
        option: &ColumnOptionDef,
        column: &mut Column,
        keys: &mut Keys,
    ) -> Option<()> {
        let constraint_name = option.name.as_ref().map(ident);
        match &option.option {
            ColumnOption::Null => self.null = true,
            ColumnOption::NotNull => self.not_null = true,
            ColumnOption::Default(expr) if column.default.is_none() => {
                column.default = Some(default_literal(expr, &column.ty)?);
            }
            ColumnOption::Unique {
                is_primary: true,
                characteristics: None,
            } => {
                if self.primary.is_some() {
                    return None;
                }
                self.primary = Some(constraint_name);
            }
            ColumnOption::Unique {
                is_primary: false,
                characteristics: None,
            } => keys
                .uniques
                .push((constraint_name, vec![column.name.clone()])),
            ColumnOption::ForeignKey {
                foreign_table,
                referred_columns,
                on_delete,
                on_update,
                characteristics: None,
            } => keys.foreign.push(ForeignDecl::new(
                constraint_name,
                vec![column.name.clone()],
                foreign_table,
                referred_columns,
                [on_delete, on_update],
            )?),
            ColumnOption::Generated {
                generated_as: how @ (GeneratedAs::Always | GeneratedAs::ByDefault),
                sequence_options,
                generation_expr: None,
                generation_expr_mode: None,
                generated_keyword: true,
            } if sequence_options.as_ref().is_none_or(Vec::is_empty)
                && !column.autoincrement
                && column.ty.is_integer() =>
            {
                column.autoincrement = true;
                column.identity = Identity::new(matches!(how, GeneratedAs::Always), Vec::new());
            }
            _ => return None,
        }
        Some(())
    }
}

/// A declared type as inspection reports it (`format_type` in shale's canonical form),
/// and whether it is a serial pseudo-type. `None` for a type outside the known list.
fn column_type(declared: &str) -> Option<(ColumnType, bool)> {
    let text = declared.to_lowercase();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let (base, args, suffix) = match (text.find('('), text.find(')')) {
        (Some(open), Some(close)) if open < close => {
            let args: String = text[open + 1..close]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            (text[..open].trim(), Some(args), text[close + 1..].trim())
        }
        (None, None) => {
            let zone = [" with time zone", " without time zone"]
                .into_iter()
                .find(|zone| text.ends_with(zone));
            match zone {
                Some(zone) => (&text[..text.len() - zone.len()], None, zone.trim_start()),
                None => (text.as_str(), None, ""),
            }
        }
        _ => return None,
    };
    let serial = match base {
        "smallserial" | "serial2" => Some("smallint"),
        "serial" | "serial4" => Some("integer"),
        "bigserial" | "serial8" => Some("bigint"),
        _ => None,
    };
    match (serial, &args, suffix) {
        (Some(ty), None, "") => Some((ty.into(), true)),
        (Some(_), _, _) => None,
        (None, _, _) => Some((reported(base, args.as_deref(), suffix)?.into(), false)),
    }
}

/// How PostgreSQL reports a type (not a serial) declared as `base(args) suffix`.
fn reported(base: &str, args: Option<&str>, suffix: &str) -> Option<String> {
    let number = |s: &str| s.parse::<u32>().ok().filter(|n| *n > 0);
    let ty = match (base, args, suffix) {
        ("smallint" | "int2", None, "") => "smallint".to_string(),
        ("integer" | "int" | "int4", None, "") => "integer".to_string(),
        ("bigint" | "int8", None, "") => "bigint".to_string(),
        ("real" | "float4", None, "") => "real".to_string(),
        ("double precision" | "float8" | "float", None, "") => "double precision".to_string(),
        ("float", Some(n), "") => match number(n)? {
            1..=24 => "real".to_string(),
            25..=53 => "double precision".to_string(),
            _ => return None,
        },
        ("boolean" | "bool", None, "") => "boolean".to_string(),
        ("text", None, "") => "text".to_string(),
        ("varchar" | "character varying", None, "") => "varchar".to_string(),
        ("varchar" | "character varying", Some(n), "") => format!("varchar({})", number(n)?),
        ("char" | "character", None, "") => "char(1)".to_string(),
        ("char" | "character", Some(n), "") => format!("char({})", number(n)?),
        ("numeric" | "decimal", None, "") => "numeric".to_string(),
        ("numeric" | "decimal", Some(args), "") => {
            let (precision, scale) = match args.split_once(',') {
                Some((p, s)) => (number(p)?, s.parse::<u32>().ok()?),
                None => (number(args)?, 0),
            };
            if precision > 1000 || scale > precision {
                return None;
            }
            format!("numeric({precision},{scale})")
        }
        ("date", None, "") => "date".to_string(),
        ("timestamp", None, "" | "without time zone") => "timestamp".to_string(),
        ("timestamp", None, "with time zone") | ("timestamptz", None, "") => {
            "timestamp with time zone".to_string()
        }
        ("timestamp", Some(p), "" | "without time zone") => format!("timestamp({})", precision(p)?),
        ("timestamp", Some(p), "with time zone") | ("timestamptz", Some(p), "") => {
            format!("timestamp({}) with time zone", precision(p)?)
        }
        ("time", None, "" | "without time zone") => "time".to_string(),
        ("time", None, "with time zone") | ("timetz", None, "") => {
            "time with time zone".to_string()
        }
        ("uuid" | "json" | "jsonb" | "bytea" | "interval", None, "") => base.to_string(),
        _ => return None,
    };
    Some(ty)
}

/// A fractional-seconds precision, 0 to 6.
fn precision(p: &str) -> Option<u32> {
    p.parse::<u32>().ok().filter(|p| *p <= 6)
}

/// A default as inspection reports it, for the literals whose report is known: a string
/// on a text column with the cast PostgreSQL stores (`'UTC'::character varying`,
/// `'x'::text`, `'JPN'::bpchar`), a small non-negative integer on an integer column,
/// `true`/`false` on a boolean.
fn default_literal(expr: &Expr, ty: &ColumnType) -> Option<String> {
    let Expr::Value(value) = expr else {
        return None;
    };
    match (&value.value, ty.family()) {
        (Value::SingleQuotedString(s), Family::Text { len, .. }) => {
            let ty = ty.as_str();
            let cast = if ty.starts_with("varchar") {
                "character varying"
            } else if ty.starts_with("char") {
                "bpchar"
            } else if ty == "text" {
                "text"
            } else {
                return None;
            };
            let quoted = format!("'{}'::{cast}", s.replace('\'', "''"));
            // A string longer than a varchar(n)/char(n) is refused by the database only
            // when used; its report would be the same, but keep to the certain cases.
            len.is_none_or(|n| s.chars().count() <= n as usize)
                .then_some(quoted)
        }
        (Value::Number(n, false), Family::Int(_)) => {
            let small = n.bytes().all(|b| b.is_ascii_digit())
                && n.parse::<i32>().is_ok()
                && (n == "0" || !n.starts_with('0'));
            small.then(|| n.clone())
        }
        (Value::Boolean(b), Family::Bool) => Some(b.to_string()),
        _ => None,
    }
}
