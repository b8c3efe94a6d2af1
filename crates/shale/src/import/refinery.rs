//! refinery: `V<n>__<name>.sql` (versioned) and `U<n>__<name>.sql` (unversioned: applied
//! even when older than the last applied one), anywhere under the folder, applied in
//! the order of `n`. A line `-- refinery:noTransaction` runs the migration outside a
//! transaction. refinery has no down migrations: every revision is imported as
//! irreversible. `refinery_schema_history` records each with a SipHash of its name,
//! version and SQL (see [`refinery_checksum`](super::refinery_checksum)).

use std::collections::BTreeMap;

use super::common::file_name;
use super::{refinery_checksum, Import, ImportError, Migration, SourceFile};

const EXPECTED: &str = "V<n>__<name>.sql or U<n>__<name>.sql";

/// Reads a refinery migrations folder.
pub(super) fn parse(files: &[SourceFile]) -> Result<Import, ImportError> {
    let mut by_version: BTreeMap<i32, Migration> = BTreeMap::new();
    let mut unversioned = Vec::new();
    for file in files {
        let name = file_name(&file.path);
        let Some((stem, ext)) = name.rsplit_once('.') else {
            continue;
        };
        let Some((kind, version, label)) = split_name(stem) else {
            if ext == "sql" && (stem.starts_with('V') || stem.starts_with('U')) {
                return Err(ImportError::BadName {
                    tool: "refinery",
                    path: file.path.clone(),
                    expected: EXPECTED,
                });
            }
            continue;
        };
        if ext == "rs" {
            return Err(ImportError::Unsupported {
                path: file.path.clone(),
                why: "a Rust migration: shale imports SQL only; write the SQL it returns into \
                      a .sql file of the same name, then import again"
                    .into(),
            });
        }
        if ext != "sql" {
            continue;
        }
        if let Some(first) = by_version.get(&version) {
            return Err(ImportError::Duplicate {
                tool: "refinery",
                version: version.to_string(),
                first: first.files[0].clone(),
                second: file.path.clone(),
            });
        }
        if kind == 'U' {
            unversioned.push(file.path.clone());
        }
        let no_tx = file.text.lines().any(is_no_transaction);
        by_version.insert(
            version,
            Migration {
                version: version.to_string(),
                name: label.replace('_', " "),
                upgrade: file.text.clone(),
                downgrade: None,
                transactional: !no_tx,
                no_transaction_reason: no_tx.then(|| "-- refinery:noTransaction".to_string()),
                checksum: Some(refinery_checksum(label, version, &file.text).to_string()),
                files: vec![file.path.clone()],
                repeatable: false,
            },
        );
    }
    let mut notes = vec![
        "refinery has no down migrations: every imported revision is irreversible".to_string(),
    ];
    if !unversioned.is_empty() {
        notes.push(format!(
            "unversioned (U) migrations take their place in the chain by number like the others: {}",
            unversioned.join(", ")
        ));
    }
    Ok(Import {
        migrations: by_version.into_values().collect(),
        notes,
    })
}

/// Whether `line` is refinery's annotation, as its `^[-]{2,}[\s]?(refinery:noTransaction)$`
/// matches it.
fn is_no_transaction(line: &str) -> bool {
    let rest = line.trim_start_matches('-');
    if line.len() - rest.len() < 2 {
        return false;
    }
    let rest = rest
        .strip_prefix(|c: char| c.is_whitespace())
        .unwrap_or(rest);
    rest == "refinery:noTransaction"
}

/// `V12__add_users` → `('V', 12, "add_users")`, as refinery's
/// `^([U|V])(\d+(?:\.\d+)?)__(\w+)$` reads it (the version must parse as an integer).
fn split_name(stem: &str) -> Option<(char, i32, &str)> {
    let kind = stem.chars().next().filter(|c| *c == 'V' || *c == 'U')?;
    let (version, label) = stem[1..].split_once("__")?;
    let version: i32 = version.parse().ok()?;
    let word = |c: char| c.is_alphanumeric() || c == '_';
    (!label.is_empty() && label.chars().all(word)).then_some((kind, version, label))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versioned_in_numeric_order_all_irreversible() {
        let files = [
            SourceFile::new("V10__add_index.sql", "CREATE INDEX i ON users (email);"),
            SourceFile::new(
                "nested/V2__add_email.sql",
                "ALTER TABLE users ADD email TEXT;",
            ),
            SourceFile::new("V1__initial.sql", "CREATE TABLE users (id INT);"),
            SourceFile::new("U3__seed.sql", "INSERT INTO users VALUES (1);"),
            SourceFile::new(
                "V11__concurrently.sql",
                "--- refinery:noTransaction\nCREATE INDEX CONCURRENTLY j ON users (id);",
            ),
            SourceFile::new("notes.txt", ""),
        ];
        let import = parse(&files).unwrap();
        let v: Vec<&str> = import
            .migrations
            .iter()
            .map(|m| m.version.as_str())
            .collect();
        assert_eq!(v, ["1", "2", "3", "10", "11"]);
        let tx: Vec<bool> = import.migrations.iter().map(|m| m.transactional).collect();
        assert_eq!(tx, [true, true, true, true, false]);
        assert!(!is_no_transaction("-- refinery:noTransaction please"));
        assert!(!is_no_transaction("- refinery:noTransaction"));
        assert!(is_no_transaction("--refinery:noTransaction"));
        assert!(import.migrations.iter().all(|m| m.downgrade.is_none()));
        assert_eq!(import.migrations[1].name, "add email");
        assert_eq!(
            import.migrations[0].checksum,
            Some(refinery_checksum("initial", 1, "CREATE TABLE users (id INT);").to_string())
        );
        assert!(import.notes.iter().any(|n| n.contains("U3__seed.sql")));
    }

    #[test]
    fn rust_migrations_and_bad_names_are_refused() {
        let rs = [SourceFile::new("V1__init.rs", "fn migration() -> String")];
        assert!(matches!(parse(&rs), Err(ImportError::Unsupported { .. })));
        let bad = [SourceFile::new("V1_init.sql", "")];
        assert!(matches!(parse(&bad), Err(ImportError::BadName { .. })));
    }
}
