//! golang-migrate: `<version>_<title>.up.sql` and `<version>_<title>.down.sql` at the top
//! of the folder, applied in numeric order; `schema_migrations` holds one row, the
//! current version and a `dirty` flag.
//!
//! golang-migrate sends each file to the database as one text and opens no transaction
//! of its own: PostgreSQL runs such a text as one implicit transaction, so files import
//! as transactional revisions — except a file that controls its own transaction
//! (`BEGIN; … COMMIT;`, a common golang-migrate habit) or holds a statement PostgreSQL
//! refuses in a transaction (`CREATE INDEX CONCURRENTLY`, alone in its file), which
//! imports with `-- shale:transaction off`.

use std::collections::BTreeMap;

use super::common::{description, digits_and_name, down_of, file_name, needs_no_transaction, Pair};
use super::{Import, ImportError, Migration, SourceFile};

/// Reads a golang-migrate migrations folder.
pub(super) fn parse(files: &[SourceFile]) -> Result<Import, ImportError> {
    let mut pairs: BTreeMap<u64, Pair> = BTreeMap::new();
    for file in files {
        let name = file_name(&file.path);
        if file.path.contains('/') {
            continue;
        }
        let (stem, down) = if let Some(s) = name.strip_suffix(".down.sql") {
            (s, true)
        } else if let Some(s) = name.strip_suffix(".up.sql") {
            (s, false)
        } else {
            continue;
        };
        let bad = || ImportError::BadName {
            tool: "golang-migrate",
            path: file.path.clone(),
            expected: "<version>_<title>.up.sql or .down.sql",
        };
        let (version, title) = digits_and_name(stem).ok_or_else(bad)?;
        let version: u64 = version.parse().map_err(|_| bad())?;
        pairs.entry(version).or_default().put(
            "golang-migrate",
            version.to_string(),
            file,
            down,
            title,
        )?;
    }
    let mut migrations = Vec::new();
    let mut notes = Vec::new();
    for (version, pair) in pairs {
        let Some(up) = pair.up else {
            return Err(ImportError::MissingUp {
                path: pair.down.map(|d| d.path.clone()).unwrap_or_default(),
            });
        };
        let downgrade = down_of(pair.down.map(|d| d.text.as_str()));
        if downgrade.is_none() {
            notes.push(format!(
                "{}: no down migration with a statement: imported as irreversible",
                up.path
            ));
        }
        let reason = needs_no_transaction(&up.text);
        let mut sources = vec![up.path.clone()];
        sources.extend(pair.down.map(|d| d.path.clone()));
        migrations.push(Migration {
            version: version.to_string(),
            name: description(pair.name),
            upgrade: up.text.clone(),
            downgrade,
            transactional: reason.is_none(),
            no_transaction_reason: reason,
            checksum: None,
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
    fn pairs_in_numeric_order() {
        let files = [
            SourceFile::new(
                "10_index.up.sql",
                "CREATE INDEX CONCURRENTLY i ON users (email);",
            ),
            SourceFile::new("10_index.down.sql", "DROP INDEX CONCURRENTLY i;"),
            SourceFile::new(
                "2_users.up.sql",
                "BEGIN;\nCREATE TABLE users (id INT);\nCOMMIT;\n",
            ),
            SourceFile::new("2_users.down.sql", "DROP TABLE users;"),
            SourceFile::new("3_seed.up.sql", "INSERT INTO users VALUES (1);"),
            SourceFile::new("3_seed.down.sql", ""),
        ];
        let import = parse(&files).unwrap();
        let m = &import.migrations;
        let v: Vec<&str> = m.iter().map(|m| m.version.as_str()).collect();
        assert_eq!(v, ["2", "3", "10"]);
        assert!(!m[0].transactional && m[1].transactional && !m[2].transactional);
        assert_eq!(m[1].downgrade, None);
        assert_eq!(
            m[0].upgrade,
            "BEGIN;\nCREATE TABLE users (id INT);\nCOMMIT;\n"
        );
    }

    #[test]
    fn a_down_without_up_is_refused() {
        let files = [SourceFile::new("1_x.down.sql", "DROP TABLE x;")];
        assert!(matches!(parse(&files), Err(ImportError::MissingUp { .. })));
    }
}
