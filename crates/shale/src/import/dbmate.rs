//! dbmate: one file per migration, `<version>_<name>.sql`, holding a `-- migrate:up`
//! section and a `-- migrate:down` section; `transaction:false` after either marker runs
//! it outside a transaction. Files are applied in the order of their names, and
//! `schema_migrations` holds one row per applied version.

use super::common::{description, digits_and_name, down_of, file_name};
use super::{Import, ImportError, Migration, SourceFile};

/// Reads a dbmate migrations folder (its top level, as dbmate does).
pub(super) fn parse(files: &[SourceFile]) -> Result<Import, ImportError> {
    let mut sorted: Vec<&SourceFile> = files
        .iter()
        .filter(|f| !f.path.contains('/') && f.path.ends_with(".sql"))
        .collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let mut migrations: Vec<Migration> = Vec::new();
    let mut notes = Vec::new();
    for file in sorted {
        let stem = &file_name(&file.path)[..file.path.len() - 4];
        let (version, name) = digits_and_name(stem).ok_or_else(|| ImportError::BadName {
            tool: "dbmate",
            path: file.path.clone(),
            expected: "<version>_<name>.sql",
        })?;
        if let Some(first) = migrations.iter().find(|m| m.version == version) {
            return Err(ImportError::Duplicate {
                tool: "dbmate",
                version: version.to_string(),
                first: first.files[0].clone(),
                second: file.path.clone(),
            });
        }
        let sections = sections(file)?;
        let downgrade = down_of(sections.down);
        if downgrade.is_none() {
            notes.push(format!(
                "{}: the migrate:down section has no statement: imported as irreversible",
                file.path
            ));
        }
        let no_tx = sections.options.iter().any(|o| o == "transaction:false");
        migrations.push(Migration {
            version: version.to_string(),
            name: description(name),
            upgrade: sections.up.to_string(),
            downgrade,
            transactional: !no_tx,
            no_transaction_reason: no_tx.then(|| "transaction:false".to_string()),
            checksum: None,
            files: vec![file.path.clone()],
            repeatable: false,
        });
    }
    Ok(Import { migrations, notes })
}

/// A dbmate file cut at its markers.
struct Sections<'a> {
    up: &'a str,
    down: Option<&'a str>,
    /// The options written after the markers (`transaction:false`).
    options: Vec<String>,
}

/// Finds `-- migrate:up` and `-- migrate:down` lines (spaces after `--` optional, as in
/// dbmate's `^--\s*migrate:up`); each section is the text after its marker line.
fn sections(file: &SourceFile) -> Result<Sections<'_>, ImportError> {
    let text = file.text.as_str();
    let mut up: Option<(usize, usize)> = None;
    let mut down: Option<(usize, usize)> = None;
    let mut options = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let Some(rest) = line.strip_prefix("--") else {
            continue;
        };
        let rest = rest.trim_start();
        let (slot, args) = if let Some(args) = rest.strip_prefix("migrate:up") {
            (&mut up, args)
        } else if let Some(args) = rest.strip_prefix("migrate:down") {
            (&mut down, args)
        } else {
            continue;
        };
        if !(args.is_empty() || args.starts_with(char::is_whitespace)) || slot.is_some() {
            continue;
        }
        options.extend(args.split_whitespace().map(str::to_string));
        *slot = Some((start, at));
    }
    let bad = |why: &str| ImportError::Unsupported {
        path: file.path.clone(),
        why: why.to_string(),
    };
    let Some((up_start, up_body)) = up else {
        return Err(bad(
            "no `-- migrate:up` line; dbmate refuses such a file too",
        ));
    };
    match down {
        Some((down_start, down_body)) if down_start > up_start => Ok(Sections {
            up: &text[up_body..down_start],
            down: Some(&text[down_body..]),
            options,
        }),
        Some(_) => Err(bad("`-- migrate:down` comes before `-- migrate:up`")),
        None => Ok(Sections {
            up: &text[up_body..],
            down: None,
            options,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn up_and_down_sections_and_options() {
        let files = [
            SourceFile::new(
                "20230102000000_add_index.sql",
                "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON users (email);\n\n-- migrate:down\nDROP INDEX i;\n",
            ),
            SourceFile::new(
                "20230101000000_create_users.sql",
                "-- migrate:up\nCREATE TABLE users (id INT);\n\n--migrate:down\n\n",
            ),
        ];
        let import = parse(&files).unwrap();
        let m = &import.migrations;
        assert_eq!(m[0].version, "20230101000000");
        assert_eq!(m[0].upgrade, "CREATE TABLE users (id INT);\n\n");
        assert_eq!(m[0].downgrade, None);
        assert!(m[0].transactional && !m[1].transactional);
        assert_eq!(
            m[1].upgrade,
            "CREATE INDEX CONCURRENTLY i ON users (email);\n\n"
        );
        assert_eq!(m[1].downgrade.as_deref(), Some("DROP INDEX i;\n"));
    }

    #[test]
    fn a_file_without_up_is_refused() {
        let files = [SourceFile::new("1_x.sql", "CREATE TABLE x (id INT);")];
        assert!(matches!(
            parse(&files),
            Err(ImportError::Unsupported { .. })
        ));
    }
}
