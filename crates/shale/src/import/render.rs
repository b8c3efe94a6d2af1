//! Imported migrations as shale scripts: revision ids, file names and text.
//!
//! **Revision ids** are derived from the tool's version alone, so importing the same
//! history twice gives the same ids, and a database can be taken over long after its
//! scripts were imported: `<prefix>_<version>`, where the prefix names the tool (`sqlx`,
//! `diesel`, `refinery`, `flyway`, `migrate` for golang-migrate, `dbmate`) and the
//! version is lower-cased with every character other than `0-9` and `a-z` written `_`
//! (`sqlx_20230101120000`, `flyway_1_2`, `refinery_7`). A Flyway repeatable migration,
//! which has no version, is `flyway_r_<description>`. An id that would exceed shale's 32
//! characters is `<prefix>_h<the first 16 hex digits of the SHA-256 of the version>`.
//! The file is `<revision>_<slug of the name>.sql`.

use sha2::{Digest, Sha256};

use super::{Import, ImportError, Migration, Tool};
use crate::script::{self, NewScript};

/// One script to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedScript {
    /// Its revision id.
    pub revision: String,
    /// Its file name in the versions folder.
    pub file_name: String,
    /// The file's text.
    pub text: String,
    /// The migration it comes from.
    pub migration: Migration,
}

/// The revision id of `migration` imported from `tool` (see the module documentation).
pub fn revision_id(tool: Tool, migration: &Migration) -> String {
    let prefix = if migration.repeatable {
        "flyway_r".to_string()
    } else {
        tool.id_prefix().to_string()
    };
    let key = if migration.repeatable {
        script::slug(&migration.name)
    } else {
        migration
            .version
            .chars()
            .map(|c| match c.to_ascii_lowercase() {
                c @ ('0'..='9' | 'a'..='z') => c,
                _ => '_',
            })
            .collect()
    };
    let id = format!("{prefix}_{key}");
    if id.len() <= 32 && script::is_valid_revision_id(&id) {
        return id;
    }
    let source = if migration.repeatable {
        &migration.name
    } else {
        &migration.version
    };
    let hash = Sha256::digest(source.as_bytes());
    let hex: String = hash[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("{prefix}_h{hex}")
}

/// The scripts of an import: one per migration, each revising the one before, in order.
/// Each script is parsed back before it is returned, so that SQL which shale cannot load
/// (a `-- shale:` line, a quote never closed) is refused here, naming the file.
pub fn render(tool: Tool, import: &Import) -> Result<Vec<ImportedScript>, ImportError> {
    let mut scripts: Vec<ImportedScript> = Vec::with_capacity(import.migrations.len());
    for m in &import.migrations {
        let revision = revision_id(tool, m);
        if let Some(same) = scripts.iter().find(|s| s.revision == revision) {
            return Err(ImportError::IdCollision {
                id: revision,
                first: same.migration.files[0].clone(),
                second: m.files[0].clone(),
            });
        }
        let revises: Vec<String> = scripts
            .last()
            .map(|s| s.revision.clone())
            .into_iter()
            .collect();
        let downgrade = match &m.downgrade {
            Some(sql) => sql.clone(),
            None => format!(
                "-- shale:irreversible {} has no down migration for it",
                tool.name()
            ),
        };
        let body = script::render(&NewScript {
            revision: &revision,
            revises: &revises,
            message: &m.name,
            created: &created(&m.version).unwrap_or_default(),
            upgrade: &m.upgrade,
            downgrade: &downgrade,
            transactional: m.transactional,
            foreign_keys_off: false,
            branch_labels: &[],
            depends_on: &[],
        });
        let text = format!(
            "-- imported from {}: {}\n{body}",
            tool.name(),
            m.files.join(", ")
        );
        let slug = script::slug(&m.name);
        let file_name = if slug.is_empty() {
            format!("{revision}.sql")
        } else {
            format!("{revision}_{slug}.sql")
        };
        script::parse(std::path::Path::new(&file_name), &text).map_err(|source| {
            ImportError::Script {
                path: m.files[0].clone(),
                source,
            }
        })?;
        scripts.push(ImportedScript {
            revision,
            file_name,
            text,
            migration: m.clone(),
        });
    }
    Ok(scripts)
}

/// The creation time of a version that is a `YYYYMMDDHHMMSS` timestamp (sqlx, diesel and
/// dbmate name migrations this way), RFC 3339.
fn created(version: &str) -> Option<String> {
    if version.len() != 14 || !version.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| version[r].parse::<u32>().ok();
    let (y, mo, d, h, mi, s) = (
        n(0..4)?,
        n(4..6)?,
        n(6..8)?,
        n(8..10)?,
        n(10..12)?,
        n(12..14)?,
    );
    let valid = (1970..=9999).contains(&y)
        && (1..=12).contains(&mo)
        && (1..=31).contains(&d)
        && h < 24
        && mi < 60
        && s < 60;
    valid.then(|| format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{parse, SourceFile};

    fn migration(version: &str, name: &str) -> Migration {
        Migration {
            version: version.into(),
            name: name.into(),
            upgrade: "CREATE TABLE t (id INT);\n".into(),
            downgrade: None,
            transactional: true,
            no_transaction_reason: None,
            checksum: None,
            files: vec![format!("{version}_{name}.sql")],
            repeatable: false,
        }
    }

    #[test]
    fn ids_come_from_versions() {
        assert_eq!(
            revision_id(Tool::Sqlx, &migration("20230101120000", "x")),
            "sqlx_20230101120000"
        );
        assert_eq!(
            revision_id(Tool::Flyway, &migration("1.2", "x")),
            "flyway_1_2"
        );
        assert_eq!(
            revision_id(Tool::GolangMigrate, &migration("7", "x")),
            "migrate_7"
        );
        let mut r = migration("", "Refresh Views");
        r.repeatable = true;
        assert_eq!(revision_id(Tool::Flyway, &r), "flyway_r_refresh_views");
        let long = revision_id(Tool::Diesel, &migration(&"9".repeat(40), "x"));
        assert!(long.starts_with("diesel_h") && long.len() <= 32, "{long}");
        assert_eq!(
            long,
            revision_id(Tool::Diesel, &migration(&"9".repeat(40), "y"))
        );
    }

    #[test]
    fn scripts_form_a_chain_with_the_sql_unchanged() {
        let up = "-- no-transaction\nCREATE INDEX i ON users (email);\n";
        let files = [
            SourceFile::new(
                "20230101120000_create_users.sql",
                "CREATE TABLE users (id INT, email TEXT);\n",
            ),
            SourceFile::new("20230102120000_add_index.up.sql", up),
            SourceFile::new("20230102120000_add_index.down.sql", "DROP INDEX i;\n"),
        ];
        let import = parse(Tool::Sqlx, &files).unwrap();
        let scripts = render(Tool::Sqlx, &import).unwrap();
        assert_eq!(scripts[1].file_name, "sqlx_20230102120000_add_index.sql");
        let first = script::parse("a.sql".as_ref(), &scripts[0].text).unwrap();
        let second = script::parse("b.sql".as_ref(), &scripts[1].text).unwrap();
        assert!(first.revises.is_empty());
        assert_eq!(second.revises, ["sqlx_20230101120000"]);
        assert!(first.downgrade.is_irreversible() && !second.downgrade.is_irreversible());
        assert!(first.transactional && !second.transactional);
        assert_eq!(second.upgrade.text.trim_end(), up.trim_end());
        assert_eq!(second.downgrade.text.trim_end(), "DROP INDEX i;");
        assert_eq!(second.created.as_deref(), Some("2023-01-02T12:00:00Z"));
        assert_eq!(second.message, "add index");
        // The same input gives the same bytes.
        assert_eq!(render(Tool::Sqlx, &import).unwrap(), scripts);
    }

    #[test]
    fn sql_that_shale_cannot_load_is_refused_naming_the_file() {
        let files = [SourceFile::new("1_x.sql", "-- shale:upgrade\nSELECT 1;\n")];
        let import = parse(Tool::Sqlx, &files).unwrap();
        let e = render(Tool::Sqlx, &import).unwrap_err();
        assert!(e.to_string().contains("1_x.sql"), "{e}");
    }
}
