//! MySQL / MariaDB: `information_schema` over `DATABASE()`, one query per kind of object.
//!
//! MariaDB quirks handled here: defaults are reported quoted (`'UTC'`) and a nullable
//! column without a default reports the text `NULL`; a `JSON` column is a `longtext`
//! with an automatic `json_valid` CHECK, reported back as `json` without that check;
//! default integer display widths (`int(11)`) are dropped and `tinyint(1)` is `boolean`; every
//! unique key is a unique constraint; the primary key is always named `PRIMARY`; the
//! index InnoDB creates by itself for a foreign key is not reported; CHECK clauses lose
//! the backquotes around identifiers that do not need them; `current_timestamp()` is
//! reported as `current_timestamp`, in a default and in an `ON UPDATE` clause (read from
//! `EXTRA`). A column's comment is reported, and its collation where it differs from its
//! table's, a table's where it differs from the database's default; so is the comment of
//! an index, unique key or primary key (`INDEX_COMMENT`).

use super::{canonical_default, opt, text, Row};
use crate::dialect::render::server_named_foreign_key;
use crate::dialect::Dialect;
use crate::schema::{
    default_display_width, folded, CheckConstraint, Column, ForeignKey, Generated, Index,
    PrimaryKey, Schema, Table, UniqueConstraint,
};
use std::collections::BTreeMap;

/// The catalog queries: tables, columns, index columns, foreign key columns, checks.
pub(super) const QUERIES: [&str; 13] = [
    "SELECT TABLE_NAME, TABLE_COLLATION, \
       (SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA \
        WHERE SCHEMA_NAME = DATABASE()), \
       ENGINE, @@default_storage_engine, CREATE_OPTIONS \
     FROM information_schema.TABLES \
     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
    "SELECT c.TABLE_NAME, c.COLUMN_NAME, c.COLUMN_TYPE, c.IS_NULLABLE, c.COLUMN_DEFAULT, \
       c.EXTRA, c.GENERATION_EXPRESSION, c.COLUMN_COMMENT, c.COLLATION_NAME, t.TABLE_COLLATION \
     FROM information_schema.COLUMNS c \
     JOIN information_schema.TABLES t \
       ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME \
     WHERE c.TABLE_SCHEMA = DATABASE() \
     ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION",
    "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, COLLATION, INDEX_TYPE, \
       IGNORED, INDEX_COMMENT \
     FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() \
     ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
    "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, \
       k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE \
     FROM information_schema.KEY_COLUMN_USAGE k \
     JOIN information_schema.REFERENTIAL_CONSTRAINTS r \
       ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME \
      AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME \
     WHERE k.TABLE_SCHEMA = DATABASE() \
     ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION",
    "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE, LEVEL FROM information_schema.CHECK_CONSTRAINTS \
     WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY TABLE_NAME, CONSTRAINT_NAME",
    // Objects kept by their definitions, as (kind, name, table, definition, database):
    // one query per kind, since information_schema's columns differ in collation.
    "SELECT 'view', TABLE_NAME, NULL, \
       CONCAT('CREATE VIEW `', TABLE_NAME, '` AS ', VIEW_DEFINITION, \
              IF(CHECK_OPTION = 'NONE', '', CONCAT(' WITH ', CHECK_OPTION, ' CHECK OPTION'))), \
       DATABASE() \
     FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME",
    "SELECT 'trigger', TRIGGER_NAME, EVENT_OBJECT_TABLE, \
       CONCAT('CREATE TRIGGER `', TRIGGER_NAME, '` ', ACTION_TIMING, ' ', EVENT_MANIPULATION, \
              ' ON `', EVENT_OBJECT_TABLE, '` FOR EACH ROW ', ACTION_STATEMENT), DATABASE() \
     FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() \
     ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER",
    "SELECT LOWER(r.ROUTINE_TYPE), r.ROUTINE_NAME, NULL, \
       CONCAT('CREATE ', r.ROUTINE_TYPE, ' `', r.ROUTINE_NAME, '`(', \
              COALESCE((SELECT GROUP_CONCAT(CONCAT_WS(' ', p.PARAMETER_MODE, \
                          CONCAT('`', p.PARAMETER_NAME, '`'), p.DTD_IDENTIFIER) \
                        ORDER BY p.ORDINAL_POSITION SEPARATOR ', ') \
                        FROM information_schema.PARAMETERS p \
                        WHERE p.SPECIFIC_SCHEMA = r.ROUTINE_SCHEMA AND p.SPECIFIC_NAME = r.SPECIFIC_NAME \
                          AND p.ROUTINE_TYPE = r.ROUTINE_TYPE AND p.ORDINAL_POSITION > 0), ''), ')', \
              IF(r.ROUTINE_TYPE = 'FUNCTION', CONCAT(' RETURNS ', r.DTD_IDENTIFIER), ''), \
              IF(r.IS_DETERMINISTIC = 'YES', ' DETERMINISTIC', ''), ' ', r.SQL_DATA_ACCESS, \
              IF(r.ROUTINE_COMMENT = '', '', CONCAT(' COMMENT ', QUOTE(r.ROUTINE_COMMENT))), \
              ' ', r.ROUTINE_DEFINITION), DATABASE() \
     FROM information_schema.ROUTINES r WHERE r.ROUTINE_SCHEMA = DATABASE() \
     ORDER BY r.ROUTINE_TYPE, r.ROUTINE_NAME",
    "SELECT 'event', EVENT_NAME, NULL, \
       CONCAT('CREATE EVENT `', EVENT_NAME, '` ON SCHEDULE ', \
              IF(INTERVAL_VALUE IS NULL, CONCAT('AT ', QUOTE(EXECUTE_AT)), \
                 CONCAT('EVERY ', INTERVAL_VALUE, ' ', INTERVAL_FIELD)), \
              ' ON COMPLETION ', ON_COMPLETION, IF(STATUS = 'ENABLED', ' ENABLE', ' DISABLE'), \
              IF(EVENT_COMMENT = '', '', CONCAT(' COMMENT ', QUOTE(EVENT_COMMENT))), \
              ' DO ', EVENT_DEFINITION), DATABASE() \
     FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE() ORDER BY EVENT_NAME",
    "SELECT 'comment', CONCAT('TABLE `', TABLE_NAME, '`'), TABLE_NAME, \
       CONCAT('ALTER TABLE `', TABLE_NAME, '` COMMENT = ', QUOTE(TABLE_COMMENT)), DATABASE() \
     FROM information_schema.TABLES \
     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_COMMENT <> '' \
     ORDER BY TABLE_NAME",
    // Privileges on tables, views and their columns, one statement per grantee and
    // table; the grant option is MySQL's per table, not per privilege.
    "SELECT 'grant', CONCAT(GRANTEE, IF(IS_GRANTABLE = 'YES', ' with grant option', '')), \
       TABLE_NAME, \
       CONCAT('GRANT ', GROUP_CONCAT(PRIV ORDER BY PRIV SEPARATOR ', '), \
              ' ON `', TABLE_NAME, '` TO ', GRANTEE, \
              IF(IS_GRANTABLE = 'YES', ' WITH GRANT OPTION', '')), DATABASE() \
     FROM (SELECT GRANTEE, TABLE_NAME, IS_GRANTABLE, PRIVILEGE_TYPE AS PRIV \
           FROM information_schema.TABLE_PRIVILEGES WHERE TABLE_SCHEMA = DATABASE() \
           UNION ALL \
           SELECT GRANTEE, TABLE_NAME, IS_GRANTABLE, CONCAT(PRIVILEGE_TYPE, ' (', \
                    GROUP_CONCAT('`', COLUMN_NAME, '`' ORDER BY COLUMN_NAME SEPARATOR ', '), ')') \
           FROM information_schema.COLUMN_PRIVILEGES WHERE TABLE_SCHEMA = DATABASE() \
           GROUP BY GRANTEE, TABLE_NAME, IS_GRANTABLE, PRIVILEGE_TYPE) AS p \
     GROUP BY GRANTEE, TABLE_NAME, IS_GRANTABLE ORDER BY TABLE_NAME, GRANTEE",
    // Privileges on the database itself, written `ON *` (the connection's database):
    // compared without its name, so models built on a scratch database and a fleet of
    // databases read the same, and applied by the server to the database it runs in.
    "SELECT 'grant', CONCAT(GRANTEE, IF(IS_GRANTABLE = 'YES', ' with grant option', '')), \
       'DATABASE', \
       CONCAT('GRANT ', GROUP_CONCAT(PRIVILEGE_TYPE ORDER BY PRIVILEGE_TYPE SEPARATOR ', '), \
              ' ON * TO ', GRANTEE, IF(IS_GRANTABLE = 'YES', ' WITH GRANT OPTION', '')), DATABASE() \
     FROM information_schema.SCHEMA_PRIVILEGES WHERE TABLE_SCHEMA = DATABASE() \
     GROUP BY GRANTEE, IS_GRANTABLE ORDER BY GRANTEE",
    // One row per partition, or per subpartition: a partition is listed at its first
    // subpartition, and the subpartitions are counted (`SUBPARTITIONS n`, each partition
    // having as many; their names are the server's `p0sp0` …).
    // A HASH or KEY table whose partitions have the server's own names (`p0` …) is
    // `PARTITIONS n`, as it was most likely written (one partition: nothing), so that
    // the table made from it is the one the DDL makes.
    "SELECT 'partitioning', TABLE_NAME, TABLE_NAME, \
       CONCAT('ALTER TABLE `', TABLE_NAME, '` PARTITION BY ', MAX(PARTITION_METHOD), ' (', \
              COALESCE(MAX(PARTITION_EXPRESSION), ''), ')', \
              IF(MAX(SUBPARTITION_METHOD) IS NULL AND MAX(PARTITION_METHOD) REGEXP 'HASH|KEY' \
                   AND SUM(PARTITION_NAME <> CONCAT('p', PARTITION_ORDINAL_POSITION - 1)) = 0, \
                 IF(COUNT(*) = 1, '', CONCAT(' PARTITIONS ', COUNT(*))), CONCAT( \
              IF(MAX(SUBPARTITION_METHOD) IS NULL, '', \
                 CONCAT(' SUBPARTITION BY ', MAX(SUBPARTITION_METHOD), ' (', \
                        MAX(SUBPARTITION_EXPRESSION), ') SUBPARTITIONS ', \
                        MAX(SUBPARTITION_ORDINAL_POSITION))), ' (', \
              GROUP_CONCAT(IF(COALESCE(SUBPARTITION_ORDINAL_POSITION, 1) = 1, \
                CONCAT('PARTITION `', PARTITION_NAME, '`', \
                CASE WHEN PARTITION_METHOD LIKE 'RANGE%' \
                       THEN CONCAT(' VALUES LESS THAN (', PARTITION_DESCRIPTION, ')') \
                     WHEN PARTITION_METHOD LIKE 'LIST%' \
                       THEN CONCAT(' VALUES IN (', PARTITION_DESCRIPTION, ')') \
                     ELSE '' END), NULL) \
                ORDER BY PARTITION_ORDINAL_POSITION SEPARATOR ', '), ')'))), DATABASE() \
     FROM information_schema.PARTITIONS \
     WHERE TABLE_SCHEMA = DATABASE() AND PARTITION_NAME IS NOT NULL \
     GROUP BY TABLE_NAME ORDER BY TABLE_NAME",
];

/// Privileges on the database's stored functions and procedures, from `mysql.procs_priv`
/// (information_schema has no view of them). A user without `SELECT` on it cannot read
/// them: [`inspect`](super::inspect) then reads none, and autogenerate says so. The
/// routine's definer is left out, like a PostgreSQL owner: with
/// `automatic_sp_privileges` the server grants the creator `EXECUTE` and `ALTER ROUTINE`.
pub(super) const ROUTINE_GRANTS: &str = "\
SELECT 'grant', CONCAT(g.GRANTEE, IF(g.GRANTABLE, ' with grant option', '')), \
  CONCAT(g.Routine_type, ' ', g.Routine_name), \
  CONCAT('GRANT ', g.PRIVS, ' ON ', g.Routine_type, ' `', g.Routine_name, '` TO ', g.GRANTEE, \
         IF(g.GRANTABLE, ' WITH GRANT OPTION', '')), DATABASE() \
FROM (SELECT CONCAT(CHAR(39), pp.User, CHAR(39), '@', CHAR(39), pp.Host, CHAR(39)) AS GRANTEE, \
        pp.Routine_type, pp.Routine_name, FIND_IN_SET('Grant', pp.Proc_priv) > 0 AS GRANTABLE, \
        CONCAT_WS(', ', IF(FIND_IN_SET('Alter Routine', pp.Proc_priv), 'ALTER ROUTINE', NULL), \
                  IF(FIND_IN_SET('Execute', pp.Proc_priv), 'EXECUTE', NULL)) AS PRIVS \
      FROM mysql.procs_priv pp \
      WHERE pp.Db = DATABASE() AND NOT EXISTS (SELECT 1 FROM information_schema.ROUTINES r \
        WHERE r.ROUTINE_SCHEMA = DATABASE() \
          AND r.ROUTINE_NAME = CONVERT(pp.Routine_name USING utf8mb4) \
          AND r.DEFINER = CONVERT(CONCAT(pp.User, '@', pp.Host) USING utf8mb4))) AS g \
WHERE g.PRIVS <> '' ORDER BY g.Routine_type, g.Routine_name, g.GRANTEE";

/// Builds the schema from the rows of [`QUERIES`] and of [`ROUTINE_GRANTS`].
pub(super) fn build(
    [tables, columns, stats, fks, checks, views, triggers, routines, events, comments, grants, database_grants, partitions]: [Vec<Row>; 13],
    routine_grants: Vec<Row>,
) -> Schema {
    let mut schema = Schema::default();
    for row in &tables {
        let name = text(row, 0);
        let table = Table {
            name: name.clone(),
            collation: opt(row, 1).filter(|c| opt(row, 2).as_ref() != Some(c)),
            options: table_options(&text(row, 3), &text(row, 4), &text(row, 5)),
            ..Table::default()
        };
        schema.tables.insert(name, table);
        if schema.table_defaults.is_empty() {
            schema.table_defaults = vec![
                format!("COLLATE={}", text(row, 2)),
                format!("ENGINE={}", text(row, 4)),
            ];
        }
    }
    for row in &columns {
        if let Some(table) = schema.tables.get_mut(&text(row, 0)) {
            table.columns.push(column(row));
        }
    }
    add_foreign_keys(&mut schema, &fks);
    add_indexes(&mut schema, &stats);
    for row in &checks {
        if let Some(table) = schema.tables.get_mut(&text(row, 0)) {
            add_check(table, text(row, 1), text(row, 2), text(row, 3) == "Column");
        }
    }
    for row in [
        views,
        triggers,
        routines,
        events,
        comments,
        grants,
        database_grants,
        partitions,
        routine_grants,
    ]
    .iter()
    .flatten()
    {
        if let Some(mut object) = super::object(row) {
            object.definition = unqualified(&object.definition, &text(row, 4));
            schema.add_object(object);
        }
    }
    schema
}

/// The options a table states, as [`Table::options`] keeps them: its engine where it is
/// not the server's `default_engine`, then the `ROW_FORMAT` and `KEY_BLOCK_SIZE` of its
/// `CREATE_OPTIONS` (which lists only what `CREATE` or `ALTER TABLE` stated; `ROW_FORMAT`
/// itself reports the format in use, stated or not).
pub(super) fn table_options(
    engine: &str,
    default_engine: &str,
    create_options: &str,
) -> Vec<String> {
    let mut out = Vec::new();
    if !engine.is_empty() && !engine.eq_ignore_ascii_case(default_engine) {
        out.push(format!("ENGINE={engine}"));
    }
    for key in ["ROW_FORMAT", "KEY_BLOCK_SIZE"] {
        let value = create_options.split_whitespace().find_map(|option| {
            let (k, v) = option.split_once('=')?;
            k.eq_ignore_ascii_case(key).then(|| v.to_ascii_uppercase())
        });
        if let Some(value) = value {
            out.push(format!("{key}={value}"));
        }
    }
    out
}

/// `definition` without the `` `database`. `` qualifier that the server puts before
/// every table a view reads: models applied to a scratch database and the live database
/// then read the same.
fn unqualified(definition: &str, database: &str) -> String {
    if database.is_empty() {
        return definition.to_string();
    }
    definition.replace(&format!("`{database}`."), "")
}

/// One column from a row of the columns query.
fn column(row: &Row) -> Column {
    let extra = text(row, 5).to_ascii_uppercase();
    let generated = (extra.contains("VIRTUAL GENERATED") || extra.contains("STORED GENERATED"))
        .then(|| Generated {
            expression: unquote_identifiers(&text(row, 6)),
            stored: extra.contains("STORED GENERATED"),
        });
    let column = Column {
        name: text(row, 1),
        ty: canonical_type(&text(row, 2)).into(),
        nullable: text(row, 3) == "YES",
        comment: opt(row, 7).filter(|c| !c.is_empty()),
        collation: opt(row, 8).filter(|c| opt(row, 9).as_ref() != Some(c)),
        ..Column::default()
    };
    if generated.is_some() {
        return Column {
            generated,
            ..column
        };
    }
    let extra = text(row, 5).to_ascii_lowercase();
    Column {
        default: opt(row, 4).filter(|d| d != "NULL").map(|d| default(&d)),
        autoincrement: extra.contains("auto_increment"),
        on_update: extra
            .split_once("on update ")
            .map(|(_, value)| default(&value.trim().to_ascii_lowercase())),
        ..column
    }
}

/// A reported default in canonical form: `current_timestamp()` as the standard
/// `current_timestamp`, decimals without trailing zeros.
fn default(reported: &str) -> String {
    if reported.eq_ignore_ascii_case("current_timestamp()") {
        return "current_timestamp".to_string();
    }
    canonical_default(reported)
}

/// An expression without the backquotes MariaDB puts around every identifier, where
/// the identifier does not need them (`` `price` > 0 `` → `price > 0`).
fn unquote_identifiers(expr: &str) -> String {
    let mut out = String::with_capacity(expr.len());
    let mut rest = expr;
    let mut in_string = false;
    while let Some(c) = rest.chars().next() {
        if c == '\'' {
            in_string = !in_string;
        }
        let quoted = (!in_string && c == '`')
            .then(|| rest[1..].find('`'))
            .flatten()
            .map(|end| &rest[1..=end]);
        match quoted {
            Some(name) if Dialect::Mysql.quote_if_needed(name) == name => {
                out.push_str(name);
                rest = &rest[name.len() + 2..];
            }
            _ => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

/// `COLUMN_TYPE` in canonical form: lower-case (an enum's or set's labels as they are),
/// the integer display widths that MariaDB and MySQL 5.7 report for every integer
/// dropped where they are the type's default (`int(11)`, `int(10) unsigned`) and kept
/// where the DDL gave another (`int(1)`: `SHOW CREATE TABLE` writes it back), `tinyint(1)`
/// as `boolean`.
pub(super) fn canonical_type(reported: &str) -> String {
    let ty = folded(reported);
    if ty == "tinyint(1)" {
        return "boolean".to_string();
    }
    for int in ["tinyint", "smallint", "mediumint", "int", "bigint"] {
        let Some(rest) = ty.strip_prefix(int).and_then(|r| r.strip_prefix('(')) else {
            continue;
        };
        if let Some((width, tail)) = rest.split_once(')') {
            let unsigned = tail.contains("unsigned") || tail.contains("zerofill");
            if width.parse().ok() == default_display_width(int, unsigned) {
                return format!("{int}{tail}");
            }
        }
    }
    ty
}

/// Primary key, unique constraints and indexes from `STATISTICS` rows.
fn add_indexes(schema: &mut Schema, rows: &[Row]) {
    struct Group {
        unique: bool,
        columns: Vec<String>,
        orders: Vec<String>,
        method: Option<String>,
        invisible: Option<String>,
        comment: Option<String>,
    }
    let mut groups: BTreeMap<(String, String), Group> = BTreeMap::new();
    for row in rows {
        // MariaDB reports a SPATIAL index's key part as a 32-byte prefix, which cannot
        // be written: the index is on the whole column.
        let col = match opt(row, 4).filter(|_| text(row, 6) != "SPATIAL") {
            Some(len) => format!("{}({len})", text(row, 3)),
            None => text(row, 3),
        };
        let entry = groups
            .entry((text(row, 0), text(row, 1)))
            .or_insert_with(|| Group {
                unique: text(row, 2) == "0",
                columns: Vec::new(),
                orders: Vec::new(),
                // FULLTEXT and SPATIAL; InnoDB builds every other index as a B-tree.
                method: Some(text(row, 6).to_ascii_lowercase())
                    .filter(|m| matches!(m.as_str(), "fulltext" | "spatial")),
                invisible: (text(row, 7) == "YES").then(|| "IGNORED".to_string()),
                comment: opt(row, 8).filter(|c| !c.is_empty()),
            });
        entry.columns.push(col);
        let order = if text(row, 5) == "D" { "DESC" } else { "" };
        entry.orders.push(order.into());
    }
    for ((table_name, name), group) in groups {
        let Group {
            unique,
            columns,
            orders,
            method,
            invisible,
            comment,
        } = group;
        let Some(table) = schema.tables.get_mut(&table_name) else {
            continue;
        };
        if name == "PRIMARY" {
            table.primary_key = Some(PrimaryKey {
                name: Some(name),
                columns,
                deferrable: None,
                comment,
            });
        } else if unique {
            let constraint = UniqueConstraint {
                name: name.clone(),
                columns,
                orders: if orders.iter().all(String::is_empty) {
                    Vec::new()
                } else {
                    orders
                },
                invisible,
                comment,
                ..UniqueConstraint::default()
            };
            table.uniques.insert(name, constraint);
        } else if !made_for_foreign_key(table, &name, &columns) {
            let index = Index {
                name: name.clone(),
                columns,
                unique: false,
                predicate: None,
                method,
                invisible,
                comment,
                ..Index::default()
            }
            .with_orders(orders);
            table.indexes.insert(name, index);
        }
    }
}

/// Whether InnoDB created this index by itself for a foreign key: it then has the
/// foreign key's columns and is named after the constraint or its first column.
///
/// A key named like the server's own names (`{table}_ibfk_N`) is written unnamed, so
/// InnoDB names its index after the first column; an index named after such a key was
/// named in the DDL (`CONSTRAINT posts_ibfk_1 FOREIGN KEY …`) and is reported as an
/// index, so that it is created by that name before the key.
fn made_for_foreign_key(table: &Table, name: &str, columns: &[String]) -> bool {
    table.foreign_keys.values().any(|fk| {
        let after_key = fk.name == name && !server_named_foreign_key(&table.name, fk);
        fk.columns == columns && (after_key || fk.columns.first().is_some_and(|c| c == name))
    })
}

/// Foreign keys from `KEY_COLUMN_USAGE` joined with `REFERENTIAL_CONSTRAINTS`.
fn add_foreign_keys(schema: &mut Schema, rows: &[Row]) {
    for row in rows {
        let Some(table) = schema.tables.get_mut(&text(row, 0)) else {
            continue;
        };
        let name = text(row, 1);
        let fk = table
            .foreign_keys
            .entry(name.clone())
            .or_insert_with(|| ForeignKey {
                name,
                ref_table: text(row, 3),
                on_update: action(&text(row, 5)),
                on_delete: action(&text(row, 6)),
                ..ForeignKey::default()
            });
        fk.columns.push(text(row, 2));
        fk.ref_columns.push(text(row, 4));
    }
}

/// A referential action; `None` for `NO ACTION` and for `RESTRICT`, which InnoDB treats
/// alike (both check at once) and MariaDB reports either way for the same key: a key
/// added by a copying `ALTER` or `CREATE TABLE` reads `RESTRICT` where nothing was said,
/// one added in place reads `NO ACTION`.
fn action(rule: &str) -> Option<String> {
    match rule {
        "" | "NO ACTION" | "RESTRICT" => None,
        other => Some(other.to_string()),
    }
}

/// A check constraint, unless it is the `json_valid` check MariaDB adds to a JSON
/// column — that one turns the column's `longtext` back into `json`. A column-level
/// check is named after its column.
fn add_check(table: &mut Table, name: String, clause: String, column_level: bool) {
    let json_column = table.columns.iter_mut().find(|c| {
        c.name == name && c.ty == "longtext" && clause == format!("json_valid(`{}`)", c.name)
    });
    if let Some(col) = json_column {
        col.ty = "json".into();
        return;
    }
    let check = CheckConstraint {
        name: name.clone(),
        expression: unquote_identifiers(&clause),
        column: column_level.then(|| name.clone()),
        ..Default::default()
    };
    table.checks.insert(name, check);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posts(fk_name: &str) -> Table {
        let fk = ForeignKey {
            name: fk_name.into(),
            columns: vec!["user_id".into()],
            ref_table: "users".into(),
            ref_columns: vec!["id".into()],
            ..ForeignKey::default()
        };
        Table {
            name: "posts".into(),
            foreign_keys: [(fk_name.to_string(), fk)].into(),
            ..Table::default()
        }
    }

    #[test]
    fn an_index_named_after_a_key_named_like_the_servers_own_is_reported() {
        let cols = ["user_id".to_string()];
        // Unnamed in the DDL: the key is posts_ibfk_1, its index user_id.
        assert!(made_for_foreign_key(
            &posts("posts_ibfk_1"),
            "user_id",
            &cols
        ));
        // Named posts_ibfk_1 in the DDL: InnoDB named the index after it.
        assert!(!made_for_foreign_key(
            &posts("posts_ibfk_1"),
            "posts_ibfk_1",
            &cols
        ));
        // Any other name: the index InnoDB made is named after the key.
        assert!(made_for_foreign_key(&posts("fk_user"), "fk_user", &cols));
    }
}
