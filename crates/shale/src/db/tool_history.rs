//! Reading another tool's history table for `shale import --url`: one query per tool and
//! dialect, and a pure function turning its rows into [`AppliedEntry`]s for
//! [`check_applied`](crate::import::check_applied). The table is only read.

use super::{Db, DbError, Row};
use crate::dialect::Dialect;
use crate::import::{AppliedEntry, EntryKind, Tool};

/// The query that reads `tool`'s history table on `dialect`, oldest entry first.
pub fn query(tool: Tool, dialect: Dialect) -> String {
    let table = tool.history_table();
    match tool {
        Tool::Sqlx => {
            let hex = match dialect {
                Dialect::Postgres => "encode(checksum, 'hex')",
                Dialect::Sqlite | Dialect::Mysql => "LOWER(HEX(checksum))",
            };
            format!("SELECT version, description, {hex}, success FROM {table} ORDER BY version")
        }
        Tool::Diesel => format!("SELECT version, '', NULL, 1 FROM {table} ORDER BY version"),
        Tool::Refinery => {
            format!("SELECT version, name, checksum, 1 FROM {table} ORDER BY version")
        }
        Tool::Flyway => format!(
            "SELECT version, description, checksum, success, type FROM {table} ORDER BY installed_rank"
        ),
        Tool::GolangMigrate => format!("SELECT version, '', NULL, dirty FROM {table}"),
        Tool::Dbmate => format!("SELECT version, '', NULL, 1 FROM {table} ORDER BY version"),
    }
}

/// The query that says whether `tool`'s history table exists (one row when it does).
pub fn exists_query(tool: Tool, dialect: Dialect) -> String {
    let name = dialect.string_literal(tool.history_table());
    match dialect {
        Dialect::Sqlite => {
            format!("SELECT name FROM sqlite_master WHERE type = 'table' AND name = {name}")
        }
        Dialect::Postgres => format!(
            "SELECT tablename FROM pg_catalog.pg_tables \
             WHERE schemaname = current_schema() AND tablename = {name}"
        ),
        Dialect::Mysql => format!(
            "SELECT table_name FROM information_schema.tables \
             WHERE table_schema = DATABASE() AND table_name = {name}"
        ),
    }
}

/// The entries in the rows of [`query`].
pub fn entries(tool: Tool, rows: &[Row]) -> Vec<AppliedEntry> {
    rows.iter()
        .map(|row| {
            let text = |i: usize| row.get(i).cloned().flatten();
            let flag = text(3).as_deref().map(truthy);
            let kind = match tool {
                Tool::GolangMigrate if flag == Some(true) => EntryKind::Failed,
                Tool::GolangMigrate => EntryKind::Current,
                Tool::Flyway => flyway_kind(text(4).as_deref(), flag),
                _ if flag == Some(false) => EntryKind::Failed,
                _ => EntryKind::Applied,
            };
            AppliedEntry {
                version: text(0).unwrap_or_default(),
                description: text(1).unwrap_or_default(),
                checksum: text(2),
                kind,
            }
        })
        .collect()
}

fn flyway_kind(kind: Option<&str>, success: Option<bool>) -> EntryKind {
    if success == Some(false) {
        return EntryKind::Failed;
    }
    match kind.unwrap_or("") {
        "BASELINE" => EntryKind::Baseline,
        "UNDO_SQL" | "UNDO_SCRIPT" => EntryKind::Undone,
        "SQL" | "SCRIPT" | "JDBC" | "SPRING_JDBC" => EntryKind::Applied,
        _ => EntryKind::Other,
    }
}

/// A boolean as any of the three databases spells it in text.
fn truthy(text: &str) -> bool {
    matches!(text, "t" | "true" | "1" | "TRUE" | "True")
}

/// Reads `tool`'s history table on `db`; `None` when the table does not exist.
pub async fn read(tool: Tool, db: &mut Db) -> Result<Option<Vec<AppliedEntry>>, DbError> {
    if db
        .query(&exists_query(tool, db.dialect()))
        .await?
        .is_empty()
    {
        return Ok(None);
    }
    let rows = db.query(&query(tool, db.dialect())).await?;
    Ok(Some(entries(tool, &rows)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(values: &[Option<&str>]) -> Row {
        values.iter().map(|v| v.map(str::to_string)).collect()
    }

    #[test]
    fn rows_become_entries() {
        let rows = [
            row(&[
                None,
                Some("<< Flyway Schema Creation >>"),
                None,
                Some("t"),
                Some("SCHEMA"),
            ]),
            row(&[
                Some("1"),
                Some("init"),
                Some("-123"),
                Some("t"),
                Some("SQL"),
            ]),
            row(&[Some("2"), Some("bad"), Some("5"), Some("f"), Some("SQL")]),
            row(&[None, Some("views"), Some("7"), Some("1"), Some("SQL")]),
        ];
        let e = entries(Tool::Flyway, &rows);
        let kinds: Vec<EntryKind> = e.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [
                EntryKind::Other,
                EntryKind::Applied,
                EntryKind::Failed,
                EntryKind::Applied
            ]
        );
        assert_eq!(e[3].version, "");
        let dirty = entries(
            Tool::GolangMigrate,
            &[row(&[Some("4"), Some(""), None, Some("true")])],
        );
        assert_eq!(dirty[0].kind, EntryKind::Failed);
        let sqlx = entries(
            Tool::Sqlx,
            &[row(&[Some("1"), Some("a"), Some("ab"), Some("0")])],
        );
        assert_eq!(sqlx[0].kind, EntryKind::Failed);
    }

    #[test]
    fn sqlx_checksums_are_read_as_hex() {
        assert!(query(Tool::Sqlx, Dialect::Postgres).contains("encode(checksum, 'hex')"));
        assert!(query(Tool::Sqlx, Dialect::Mysql).contains("LOWER(HEX(checksum))"));
    }
}
