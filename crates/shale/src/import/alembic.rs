//! Alembic histories: Alembic's scripts are Python, so they are rendered by Alembic itself,
//! in its offline mode, with the project's own `env.py` — what `alembic upgrade A:B --sql`
//! and `alembic downgrade B:A --sql` print — one revision at a time, for the dialect the
//! user names. The revision ids, parents (branches and merges) and messages of the Alembic
//! graph become shale's; Alembic's transaction and `alembic_version` statements are left
//! out (shale writes its own).
//!
//! [`read`] runs the Python helper (the only part with I/O: a child process, no database);
//! [`offline_statements`] and [`scripts`] are pure.

use super::{ImportError, ImportedScript, Migration};
use crate::dialect::Dialect;
use crate::script::{self, NewScript, Section};
use std::path::{Path, PathBuf};

/// The helper that renders every revision and prints JSON.
const HELPER: &str = include_str!("alembic_render.py");

/// The environment variable naming the Python interpreter that has Alembic.
pub const PYTHON_VAR: &str = "SHALE_ALEMBIC_PYTHON";

/// One Alembic revision, rendered.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct AlembicRevision {
    pub revision: String,
    /// Its `down_revision`(s): none for a root, two or more for a merge.
    pub parents: Vec<String>,
    /// The first line of its docstring (the `-m` message).
    pub message: String,
    /// The branch labels it declares (`branch_labels = …`).
    #[serde(default)]
    pub branch_labels: Vec<String>,
    /// The revisions it `depends_on`, as ids.
    #[serde(default)]
    pub depends_on: Vec<String>,
    pub path: String,
    /// Alembic's offline output for `upgrade parent:revision --sql`.
    pub upgrade: String,
    /// Alembic's offline output for `downgrade revision:parent --sql`.
    pub downgrade: String,
}

/// The Python interpreter to run Alembic with: `SHALE_ALEMBIC_PYTHON`, else
/// `.venv-alembic/bin/python` in the working directory when it exists, else `python3`.
pub fn python() -> PathBuf {
    if let Some(p) = std::env::var_os(PYTHON_VAR) {
        return PathBuf::from(p);
    }
    let venv = Path::new(".venv-alembic/bin/python");
    if venv.exists() {
        return venv.to_path_buf();
    }
    PathBuf::from("python3")
}

/// The SQLAlchemy URL that selects `dialect` for offline rendering (no database is reached).
pub fn render_url(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => "postgresql://",
        Dialect::Mysql => "mysql+pymysql://",
        Dialect::Sqlite => "sqlite://",
    }
}

/// Renders every revision of the Alembic project in `folder` (the folder of alembic.ini,
/// or the script location) for `dialect`, parents first.
pub fn read(folder: &Path, dialect: Dialect) -> Result<Vec<AlembicRevision>, ImportError> {
    let python = python();
    let output = std::process::Command::new(&python)
        .arg("-c")
        .arg(HELPER)
        .arg(folder)
        .arg(render_url(dialect))
        .output()
        .map_err(|e| ImportError::AlembicMissing {
            python: python.display().to_string(),
            detail: e.to_string(),
        })?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.code() == Some(3) {
        return Err(ImportError::AlembicMissing {
            python: python.display().to_string(),
            detail: stderr.trim().to_string(),
        });
    }
    if !output.status.success() {
        let tail: Vec<&str> = stderr.lines().rev().take(15).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(ImportError::AlembicFailed {
            folder: folder.display().to_string(),
            detail: tail.join("\n"),
        });
    }
    serde_json::from_slice(&output.stdout).map_err(|e| ImportError::AlembicFailed {
        folder: folder.display().to_string(),
        detail: format!("unreadable output of the helper: {e}"),
    })
}

/// The statements of Alembic's offline output that belong to the revision: without
/// `BEGIN`/`COMMIT`, the `alembic_version` statements and the `-- Running …` comments,
/// each ended by `;` and separated by a blank line.
pub fn offline_statements(output: &str) -> String {
    let section = Section {
        text: output.to_string(),
        first_line: 1,
        present: true,
    };
    section
        .statements()
        .into_iter()
        .map(|s| s.sql)
        .filter(|sql| {
            let upper = sql.trim().to_ascii_uppercase();
            !matches!(upper.as_str(), "BEGIN" | "COMMIT" | "START TRANSACTION")
                && !sql.to_ascii_lowercase().contains("alembic_version")
        })
        .map(|sql| format!("{};\n", sql.trim_end()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One shale script per Alembic revision, with Alembic's revision id and parents.
pub fn scripts(revisions: &[AlembicRevision]) -> Result<Vec<ImportedScript>, ImportError> {
    revisions
        .iter()
        .map(|r| {
            if !script::is_valid_revision_id(&r.revision) {
                return Err(ImportError::Unsupported {
                    path: r.path.clone(),
                    why: format!(
                        "Alembic revision id `{}` is not a valid shale id (1 to 32 characters among 0-9, a-z and `_`)",
                        r.revision
                    ),
                });
            }
            let upgrade = offline_statements(&r.upgrade);
            let downgrade = offline_statements(&r.downgrade);
            let text = script::render(&NewScript {
                branch_labels: &r.branch_labels,
                depends_on: &r.depends_on,
                revision: &r.revision,
                revises: &r.parents,
                message: &r.message,
                created: "",
                upgrade: &upgrade,
                downgrade: &downgrade,
                transactional: true,
                foreign_keys_off: false,
            });
            let slug = script::slug(&r.message);
            let file_name = if slug.is_empty() {
                format!("alembic_{}.sql", r.revision)
            } else {
                format!("alembic_{}_{slug}.sql", r.revision)
            };
            Ok(ImportedScript {
                revision: r.revision.clone(),
                file_name,
                text,
                migration: Migration {
                    version: r.revision.clone(),
                    name: r.message.clone(),
                    upgrade,
                    downgrade: Some(downgrade),
                    transactional: true,
                    no_transaction_reason: None,
                    checksum: None,
                    files: vec![r.path.clone()],
                    repeatable: false,
                },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alembic_transaction_and_version_statements_are_left_out() {
        let out = "BEGIN;\n\nCREATE TABLE alembic_version (\n    version_num VARCHAR(32) NOT NULL\n);\n\n\
                   -- Running upgrade  -> aa01\n\nCREATE TABLE users (\n    id SERIAL NOT NULL\n);\n\n\
                   INSERT INTO alembic_version (version_num) VALUES ('aa01');\n\nCOMMIT;\n\n";
        assert_eq!(
            offline_statements(out),
            "CREATE TABLE users (\n    id SERIAL NOT NULL\n);\n"
        );
    }

    #[test]
    fn revisions_keep_their_ids_and_parents() {
        let r = AlembicRevision {
            revision: "cc01".into(),
            parents: vec!["bb01".into(), "bb02".into()],
            message: "merge".into(),
            branch_labels: vec!["billing".into()],
            depends_on: vec!["aa01".into()],
            path: "versions/cc01_merge.py".into(),
            upgrade: "BEGIN;\n\nCOMMIT;\n".into(),
            downgrade: String::new(),
        };
        let s = &scripts(&[r]).unwrap()[0];
        assert_eq!(s.file_name, "alembic_cc01_merge.sql");
        let parsed = crate::script::parse(Path::new("x.sql"), &s.text).unwrap();
        assert_eq!(parsed.revises, ["bb01", "bb02"]);
        assert_eq!(parsed.branch_labels, ["billing"]);
        assert_eq!(parsed.depends_on, ["aa01"]);
        assert!(parsed.upgrade.is_empty());
    }
}
