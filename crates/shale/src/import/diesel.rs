//! diesel: one folder per migration, `<version>_<name>/` holding `up.sql` and `down.sql`
//! and optionally `metadata.toml` (`run_in_transaction = false`). The version is the
//! folder name before its first `_` with `-` removed (`2023-01-02-103000` becomes
//! `20230102103000`, as `__diesel_schema_migrations` records it); migrations run in the
//! order of their versions as strings, as diesel sorts them.

use std::collections::BTreeMap;

use super::common::{description, down_of, file_name, parent};
use super::{Import, ImportError, Migration, SourceFile};

#[derive(Default)]
struct Folder<'a> {
    up: Option<&'a SourceFile>,
    down: Option<&'a SourceFile>,
    metadata: Option<&'a SourceFile>,
}

/// Reads a diesel migrations folder: every folder directly inside it with an `up.sql`.
pub(super) fn parse(files: &[SourceFile]) -> Result<Import, ImportError> {
    let mut folders: BTreeMap<&str, Folder> = BTreeMap::new();
    for file in files {
        let dir = parent(&file.path);
        if dir.is_empty() || dir.contains('/') {
            continue;
        }
        let entry = folders.entry(dir).or_default();
        match file_name(&file.path) {
            "up.sql" => entry.up = Some(file),
            "down.sql" => entry.down = Some(file),
            "metadata.toml" => entry.metadata = Some(file),
            _ => {}
        }
    }
    let mut by_version: BTreeMap<String, (&str, Folder)> = BTreeMap::new();
    let mut notes = Vec::new();
    for (dir, folder) in folders {
        let Some(up) = folder.up else {
            if let Some(down) = folder.down {
                return Err(ImportError::MissingUp {
                    path: down.path.clone(),
                });
            }
            continue;
        };
        let (version, _) = dir.split_once('_').unwrap_or((dir, ""));
        let version = version.replace('-', "");
        if version.is_empty() {
            return Err(ImportError::BadName {
                tool: "diesel",
                path: up.path.clone(),
                expected: "<version>_<name>/up.sql",
            });
        }
        if let Some((first, _)) = by_version.get(&version) {
            return Err(ImportError::Duplicate {
                tool: "diesel",
                version,
                first: first.to_string(),
                second: dir.to_string(),
            });
        }
        by_version.insert(version, (dir, folder));
    }
    let mut migrations = Vec::new();
    for (version, (dir, folder)) in by_version {
        let up = folder.up.expect("kept only with up.sql");
        let transactional = match folder.metadata {
            Some(meta) => run_in_transaction(meta)?,
            None => true,
        };
        let down = down_of(folder.down.map(|d| d.text.as_str()));
        if down.is_none() {
            notes.push(format!(
                "{dir}: no down.sql with a statement: imported as irreversible"
            ));
        }
        let mut sources = vec![up.path.clone()];
        sources.extend(folder.down.map(|d| d.path.clone()));
        sources.extend(folder.metadata.map(|d| d.path.clone()));
        let name = dir.split_once('_').map_or("", |(_, n)| n);
        migrations.push(Migration {
            version,
            name: description(name),
            upgrade: up.text.clone(),
            downgrade: down,
            transactional,
            no_transaction_reason: (!transactional)
                .then(|| "metadata.toml: run_in_transaction = false".to_string()),
            checksum: None,
            files: sources,
            repeatable: false,
        });
    }
    Ok(Import { migrations, notes })
}

/// `run_in_transaction` from a `metadata.toml` (default true).
fn run_in_transaction(meta: &SourceFile) -> Result<bool, ImportError> {
    let value: toml::Table =
        meta.text
            .parse()
            .map_err(|e: toml::de::Error| ImportError::BadMetadata {
                path: meta.path.clone(),
                message: e.message().to_string(),
            })?;
    match value.get("run_in_transaction") {
        None => Ok(true),
        Some(toml::Value::Boolean(b)) => Ok(*b),
        Some(other) => Err(ImportError::BadMetadata {
            path: meta.path.clone(),
            message: format!("run_in_transaction must be true or false, not {other}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_in_version_order_with_metadata() {
        let files = [
            SourceFile::new(
                "2023-01-02-000000_add_index/up.sql",
                "CREATE INDEX CONCURRENTLY i ON users (email);",
            ),
            SourceFile::new("2023-01-02-000000_add_index/down.sql", "DROP INDEX i;"),
            SourceFile::new(
                "2023-01-02-000000_add_index/metadata.toml",
                "run_in_transaction = false\n",
            ),
            SourceFile::new("00000000000000_diesel_initial_setup/up.sql", "SELECT 1;"),
            SourceFile::new("00000000000000_diesel_initial_setup/down.sql", "SELECT 2;"),
            SourceFile::new(
                "2023-01-01-000000_create_users/up.sql",
                "CREATE TABLE users (id INT);",
            ),
            SourceFile::new(
                "2023-01-01-000000_create_users/down.sql",
                "-- irreversible\n",
            ),
            SourceFile::new(".keep", ""),
        ];
        let import = parse(&files).unwrap();
        let v: Vec<&str> = import
            .migrations
            .iter()
            .map(|m| m.version.as_str())
            .collect();
        assert_eq!(v, ["00000000000000", "20230101000000", "20230102000000"]);
        let m = &import.migrations;
        assert_eq!(m[1].name, "create users");
        assert_eq!(m[1].downgrade, None);
        assert!(m[1].transactional && !m[2].transactional);
        assert_eq!(m[2].downgrade.as_deref(), Some("DROP INDEX i;"));
    }

    #[test]
    fn bad_metadata_is_named() {
        let files = [
            SourceFile::new("1_a/up.sql", "SELECT 1;"),
            SourceFile::new("1_a/metadata.toml", "run_in_transaction = \"no\""),
        ];
        let e = parse(&files).unwrap_err();
        assert!(e.to_string().contains("1_a/metadata.toml"), "{e}");
    }
}
