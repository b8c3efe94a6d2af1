//! Flyway: `V<version>__<description>.sql` (versioned; the version's parts separated by
//! `.` or `_`), `U<version>__<description>.sql` (the undo of that version, imported as
//! its downgrade), `R__<description>.sql` (repeatable), anywhere under the folder;
//! `<file>.conf` next to a script may set `executeInTransaction=false`.
//!
//! Repeatable migrations are imported, not refused: Flyway runs them after the versioned
//! ones, in the order of their descriptions, so each becomes one irreversible revision at
//! the end of the chain, in that order — `upgrade head` on a new database then builds
//! what `flyway migrate` builds. shale runs each once; after the import, a change to a
//! view or function is a new revision (`CREATE OR REPLACE …`), not an edit of the file.
//! Callbacks (`beforeMigrate.sql`, `afterMigrate.sql`, …) are not migrations: they are
//! skipped and listed in the report.

use std::collections::BTreeMap;

use super::common::{description, down_of, file_name, needs_no_transaction};
use super::{crc32_lines, Import, ImportError, Migration, SourceFile};

/// Reads a Flyway migrations folder.
pub(super) fn parse(files: &[SourceFile]) -> Result<Import, ImportError> {
    let conf: BTreeMap<&str, &SourceFile> = files
        .iter()
        .filter_map(|f| f.path.strip_suffix(".conf").map(|script| (script, f)))
        .collect();
    let mut versioned: BTreeMap<Vec<String>, Migration> = BTreeMap::new();
    let mut undo: BTreeMap<Vec<String>, &SourceFile> = BTreeMap::new();
    let mut repeatable: BTreeMap<String, Migration> = BTreeMap::new();
    let mut notes = Vec::new();
    for file in files {
        let name = file_name(&file.path);
        let Some(stem) = name.strip_suffix(".sql") else {
            continue;
        };
        let Some((prefix, version, desc)) = split_name(stem) else {
            notes.push(format!(
                "{}: not a versioned, undo or repeatable migration (a callback?): skipped",
                file.path
            ));
            continue;
        };
        if file.text.contains("${") {
            notes.push(format!(
                "{}: holds `${{…}}`, which Flyway replaces with placeholder values; copied as written: replace them in the imported script",
                file.path
            ));
        }
        let key = version_key(&version);
        match prefix {
            'U' => {
                if let Some(first) = undo.insert(key, file) {
                    return Err(duplicate(&version, &first.path, &file.path));
                }
            }
            'V' => {
                let m = migration(file, &version, desc, conf.get(file.path.as_str()))?;
                if let Some(first) = versioned.get(&key) {
                    return Err(duplicate(&version, &first.files[0], &file.path));
                }
                versioned.insert(key, m);
            }
            _ => {
                let mut m = migration(file, "", desc, conf.get(file.path.as_str()))?;
                m.repeatable = true;
                if let Some(first) = repeatable.get(&m.name) {
                    return Err(duplicate(&m.name, &first.files[0], &file.path));
                }
                repeatable.insert(m.name.clone(), m);
            }
        }
    }
    for (key, file) in undo {
        let Some(m) = versioned.get_mut(&key) else {
            return Err(ImportError::MissingUp {
                path: file.path.clone(),
            });
        };
        m.downgrade = down_of(Some(&file.text));
        m.files.push(file.path.clone());
    }
    if !repeatable.is_empty() {
        notes.push(format!(
            "{} repeatable migration(s) imported as the last revisions of the chain, in Flyway's order (by description), each run once: after the import, change a view or function in a new revision",
            repeatable.len()
        ));
    }
    let mut migrations: Vec<Migration> = versioned.into_values().collect();
    migrations.extend(repeatable.into_values());
    Ok(Import { migrations, notes })
}

fn duplicate(version: &str, first: &str, second: &str) -> ImportError {
    ImportError::Duplicate {
        tool: "flyway",
        version: version.to_string(),
        first: first.to_string(),
        second: second.to_string(),
    }
}

fn migration(
    file: &SourceFile,
    version: &str,
    desc: &str,
    conf: Option<&&SourceFile>,
) -> Result<Migration, ImportError> {
    let reason = match conf {
        Some(conf) if !execute_in_transaction(conf) => {
            Some(format!("{}: executeInTransaction=false", conf.path))
        }
        _ => needs_no_transaction(&file.text),
    };
    Ok(Migration {
        version: version.to_string(),
        name: description(desc),
        upgrade: file.text.clone(),
        downgrade: None,
        transactional: reason.is_none(),
        no_transaction_reason: reason,
        checksum: Some(crc32_lines(&file.text).to_string()),
        files: vec![file.path.clone()],
        repeatable: false,
    })
}

/// `executeInTransaction` in a script configuration file (`key=value` lines).
fn execute_in_transaction(conf: &SourceFile) -> bool {
    !conf.text.lines().any(|line| {
        let Some((key, value)) = line.split_once('=') else {
            return false;
        };
        key.trim() == "executeInTransaction" && value.trim().eq_ignore_ascii_case("false")
    })
}

/// `V1_2__add_users` → `('V', "1.2", "add_users")`; `R__views` → `('R', "", "views")`.
fn split_name(stem: &str) -> Option<(char, String, &str)> {
    let prefix = stem
        .chars()
        .next()
        .filter(|c| matches!(c, 'V' | 'U' | 'R'))?;
    let (version, desc) = stem[1..].split_once("__")?;
    if prefix == 'R' {
        return version.is_empty().then_some((prefix, String::new(), desc));
    }
    let valid = !version.is_empty()
        && version
            .split(['.', '_'])
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    valid.then(|| (prefix, version.replace('_', "."), desc))
}

/// A version's numeric parts without leading zeros and without trailing zero parts, so
/// that keys sort numerically and `1.0` is `1` (as Flyway compares them).
pub(super) fn version_key(version: &str) -> Vec<String> {
    let mut parts: Vec<String> = version
        .split(['.', '_'])
        .map(|p| {
            let p = p.trim_start_matches('0');
            format!("{:0>40}", if p.is_empty() { "0" } else { p })
        })
        .collect();
    while parts.len() > 1 && parts.last().is_some_and(|p| p.bytes().all(|b| b == b'0')) {
        parts.pop();
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versioned_undo_and_repeatable() {
        let files = [
            SourceFile::new("V1_10__later.sql", "CREATE TABLE b (id INT);"),
            SourceFile::new("V1_2__first.sql", "CREATE TABLE a (id INT);"),
            SourceFile::new("U1_2__first.sql", "DROP TABLE a;"),
            SourceFile::new("R__views.sql", "CREATE OR REPLACE VIEW v AS SELECT 1;"),
            SourceFile::new("R__a_function.sql", "SELECT 1;"),
            SourceFile::new(
                "sub/V2__index.sql",
                "CREATE INDEX CONCURRENTLY i ON a (id);",
            ),
            SourceFile::new("V3__seed.sql", "INSERT INTO a VALUES (${id});"),
            SourceFile::new("V3__seed.sql.conf", "executeInTransaction=false\n"),
            SourceFile::new("afterMigrate.sql", "ANALYZE;"),
        ];
        let import = parse(&files).unwrap();
        let got: Vec<(&str, &str)> = import
            .migrations
            .iter()
            .map(|m| (m.version.as_str(), m.name.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("1.2", "first"),
                ("1.10", "later"),
                ("2", "index"),
                ("3", "seed"),
                ("", "a function"),
                ("", "views")
            ]
        );
        let m = &import.migrations;
        assert_eq!(m[0].downgrade.as_deref(), Some("DROP TABLE a;"));
        assert_eq!(m[1].downgrade, None);
        assert!(!m[2].transactional && !m[3].transactional && m[0].transactional);
        assert!(m[4].repeatable && m[5].repeatable);
        assert_eq!(
            m[0].checksum,
            Some(crc32_lines("CREATE TABLE a (id INT);").to_string())
        );
        let notes = import.notes.join("\n");
        assert!(
            notes.contains("afterMigrate.sql") && notes.contains("placeholder"),
            "{notes}"
        );
    }

    #[test]
    fn versions_compare_as_numbers() {
        assert!(version_key("1.2") < version_key("1.10"));
        assert_eq!(version_key("1.0"), version_key("1"));
        assert_eq!(version_key("01_1"), version_key("1.1"));
        let dup = [
            SourceFile::new("V1__a.sql", ""),
            SourceFile::new("V1.0__b.sql", ""),
        ];
        assert!(matches!(parse(&dup), Err(ImportError::Duplicate { .. })));
        let undo_only = [
            SourceFile::new("V1__a.sql", ""),
            SourceFile::new("U2__b.sql", ""),
        ];
        assert!(matches!(
            parse(&undo_only),
            Err(ImportError::MissingUp { .. })
        ));
    }
}
