//! sqlx: `<version>_<description>.sql` (a migration without a down), or a pair
//! `<version>_<description>.up.sql` / `.down.sql`; a file starting with
//! `-- no-transaction` runs outside a transaction. Versions are integers, applied in
//! numeric order; `_sqlx_migrations` records each with the SHA-384 of its (up) file.

use std::collections::BTreeMap;

use super::common::{description, digits_and_name, down_of, file_name, Pair};
use super::{Import, ImportError, Migration, SourceFile};

const EXPECTED: &str = "<version>_<description>.sql, or .up.sql and .down.sql";

/// Reads the top level of an sqlx migrations folder (sqlx does not look into
/// sub-folders; files that are not `.sql` are ignored, as sqlx ignores them).
pub(super) fn parse(files: &[SourceFile]) -> Result<Import, ImportError> {
    let mut pairs: BTreeMap<i64, Pair> = BTreeMap::new();
    let mut notes = Vec::new();
    for file in files {
        let name = file_name(&file.path);
        if file.path.contains('/') || !name.ends_with(".sql") {
            continue;
        }
        let (stem, down) = if let Some(s) = name.strip_suffix(".down.sql") {
            (s, true)
        } else {
            (
                name.strip_suffix(".up.sql")
                    .unwrap_or(&name[..name.len() - 4]),
                false,
            )
        };
        let bad = || ImportError::BadName {
            tool: "sqlx",
            path: file.path.clone(),
            expected: EXPECTED,
        };
        let (version, desc) = digits_and_name(stem).ok_or_else(bad)?;
        let version: i64 = version.parse().map_err(|_| bad())?;
        pairs
            .entry(version)
            .or_default()
            .put("sqlx", version.to_string(), file, down, desc)?;
    }
    let mut migrations = Vec::new();
    for (version, pair) in pairs {
        let Some(up) = pair.up else {
            let down = pair.down.expect("a pair has a file");
            return Err(ImportError::MissingUp {
                path: down.path.clone(),
            });
        };
        // sqlx: `let no_tx = sql.starts_with("-- no-transaction");`
        let no_tx = up.text.starts_with("-- no-transaction");
        let mut sources = vec![up.path.clone()];
        sources.extend(pair.down.map(|d| d.path.clone()));
        if pair.down.is_some() && down_of(pair.down.map(|d| d.text.as_str())).is_none() {
            notes.push(format!(
                "{}: the down migration has no statement: imported as irreversible",
                pair.down.map_or("", |d| d.path.as_str())
            ));
        }
        migrations.push(Migration {
            version: version.to_string(),
            name: description(pair.name),
            upgrade: up.text.clone(),
            downgrade: down_of(pair.down.map(|d| d.text.as_str())),
            transactional: !no_tx,
            no_transaction_reason: no_tx.then(|| "-- no-transaction".to_string()),
            checksum: Some(super::sha384_hex(&up.text)),
            files: sources,
            repeatable: false,
        });
    }
    Ok(Import { migrations, notes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_and_reversible_migrations_in_numeric_order() {
        let files = [
            SourceFile::new(
                "20230102000000_add_email.up.sql",
                "ALTER TABLE users ADD email TEXT;\n",
            ),
            SourceFile::new(
                "20230102000000_add_email.down.sql",
                "ALTER TABLE users DROP email;\n",
            ),
            SourceFile::new("9_create_users.sql", "CREATE TABLE users (id INT);\n"),
            SourceFile::new(
                "20230103000000_index.up.sql",
                "-- no-transaction\nCREATE INDEX CONCURRENTLY i ON users (email);\n",
            ),
            SourceFile::new("20230103000000_index.down.sql", "-- nothing\n"),
            SourceFile::new("README.md", "notes"),
        ];
        let import = parse(&files).unwrap();
        let m = &import.migrations;
        assert_eq!(m.len(), 3);
        assert_eq!(
            (m[0].version.as_str(), m[0].name.as_str()),
            ("9", "create users")
        );
        assert_eq!(m[0].downgrade, None);
        assert_eq!(
            m[1].downgrade.as_deref(),
            Some("ALTER TABLE users DROP email;\n")
        );
        assert_eq!(m[1].upgrade, "ALTER TABLE users ADD email TEXT;\n");
        assert!(m[1].transactional && !m[2].transactional);
        assert_eq!(m[2].downgrade, None);
        assert_eq!(import.notes.len(), 1);
        assert_eq!(
            m[0].checksum.as_deref(),
            Some(super::super::sha384_hex("CREATE TABLE users (id INT);\n").as_str())
        );
    }

    #[test]
    fn refusals() {
        let down_only = [SourceFile::new("1_x.down.sql", "DROP TABLE x;")];
        assert!(matches!(
            parse(&down_only),
            Err(ImportError::MissingUp { .. })
        ));
        let twice = [
            SourceFile::new("1_a.sql", ""),
            SourceFile::new("01_b.sql", ""),
        ];
        assert!(matches!(parse(&twice), Err(ImportError::Duplicate { .. })));
        let bad = [SourceFile::new("create_users.sql", "")];
        assert!(matches!(parse(&bad), Err(ImportError::BadName { .. })));
    }
}
