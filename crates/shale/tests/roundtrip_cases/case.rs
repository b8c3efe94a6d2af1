//! The format of a round-trip case folder (see `tests/it/roundtrip.rs`), read into a [`Case`].

use shale::dialect::render::RenderedStatement;
use shale::diff::DiffOptions;
use shale_testkit::Kind;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The placeholder a generated backfill statement carries.
const BACKFILL_PLACEHOLDER: &str = "NULL /* shale: replace NULL with the backfill value */";
/// Its second place in a batched backfill: the batch picks only rows the value fills.
const BACKFILL_AGAIN: &str = "NULL /* shale: the same value */";

/// One case of the corpus, as read from its folder.
pub struct Case {
    /// The folder's name, `NNN_what_it_tests`.
    pub name: String,
    pub dir: PathBuf,
    /// Dialects the case does not apply to, with the reason.
    pub skip: BTreeMap<String, String>,
    /// Dialects (or `all`) where the case fails because of a known bug, with the bug.
    pub known_failure: BTreeMap<String, String>,
    /// The renames the `renames` file declares.
    pub renames: DiffOptions,
    /// Backfill values by `(table, column)`.
    pub backfill: BTreeMap<(String, String), String>,
    /// The two schemas are equivalent: the diff must be empty.
    pub no_changes: bool,
    /// Roles (PostgreSQL) or users (MySQL/MariaDB, at host `%`) the case grants to, one a
    /// line in its `roles` file: created before the case and dropped after it.
    pub roles: Vec<String>,
    /// The PostgreSQL schemas compared (`[models] schemas`), one a line in `schemas`;
    /// empty: the connection's own.
    pub schemas: Vec<String>,
}

impl Case {
    /// `stem.<dialect>.sql` if present, else `stem.sql`.
    pub fn optional_file(&self, stem: &str, kind: Kind) -> Option<PathBuf> {
        [format!("{stem}.{}.sql", kind.name()), format!("{stem}.sql")]
            .into_iter()
            .map(|f| self.dir.join(f))
            .find(|p| p.exists())
    }

    /// Like [`Case::optional_file`], for a file every case has.
    pub fn file(&self, stem: &str, kind: Kind) -> Result<PathBuf, String> {
        self.optional_file(stem, kind)
            .ok_or_else(|| format!("{}: no {stem}.sql", self.dir.display()))
    }

    /// Replaces each backfill placeholder with the value the `backfill` file gives.
    pub fn backfilled(
        &self,
        statements: Vec<RenderedStatement>,
    ) -> Result<Vec<RenderedStatement>, String> {
        statements
            .into_iter()
            .map(|mut s| {
                if s.sql.contains(BACKFILL_PLACEHOLDER) {
                    let value = self
                        .backfill
                        .iter()
                        .find(|((t, c), _)| backfill_targets(&s.sql, t, c))
                        .map(|(_, v)| v)
                        .ok_or_else(|| format!("no backfill value for: {}", s.sql))?;
                    s.sql = s
                        .sql
                        .replace(BACKFILL_PLACEHOLDER, value)
                        .replace(BACKFILL_AGAIN, value);
                }
                Ok(s)
            })
            .collect()
    }
}

/// Whether a backfill `UPDATE` statement is the one for `table.column`.
fn backfill_targets(sql: &str, table: &str, column: &str) -> bool {
    let unquoted = sql.replace(['"', '`'], "");
    unquoted.starts_with(&format!("UPDATE {table} SET {column} = "))
}

fn cases_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/roundtrip_cases")
}

pub fn load_cases() -> Vec<Case> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("tests/roundtrip_cases")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter().map(|dir| load_case(&dir)).collect()
}

fn load_case(dir: &Path) -> Case {
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap_or_default();
    let mut renames = DiffOptions::default();
    for (left, new) in pairs(&read("renames"), '=') {
        match left.split_once('.') {
            Some((table, old)) => renames.renames.push((table.into(), old.into(), new)),
            None => renames.table_renames.push((left, new)),
        }
    }
    let backfill = pairs(&read("backfill"), '=')
        .into_iter()
        .map(|(target, value)| {
            let (t, c) = target
                .split_once('.')
                .expect("backfill: table.column=value");
            ((t.to_string(), c.to_string()), value)
        })
        .collect();
    Case {
        name: dir.file_name().expect("case name").to_string_lossy().into(),
        dir: dir.to_path_buf(),
        skip: pairs(&read("skip"), ':').into_iter().collect(),
        known_failure: pairs(&read("known_failure"), ':').into_iter().collect(),
        renames,
        backfill,
        no_changes: dir.join("no_changes").exists(),
        roles: pairs(&read("roles"), ':')
            .into_iter()
            .map(|(r, _)| r)
            .collect(),
        schemas: read("schemas")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
    }
}

/// `left<sep>right` lines, trimmed; blank lines and `#` comments left out.
fn pairs(text: &str, sep: char) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (a, b) = l.split_once(sep).unwrap_or((l, ""));
            (a.trim().to_string(), b.trim().to_string())
        })
        .collect()
}
