//! Taking over a live database: the entries of the tool's history table checked against
//! the imported scripts, giving the revision to stamp or the list of what disagrees.
//!
//! The rule is the same for every tool: the applied migrations must be exactly the first
//! k of the imported chain, each with the checksum its file gives (where the tool records
//! one); the database is then at revision k. Anything else — an entry no file has, an
//! edited file, a gap (a later migration applied, an earlier one not), a failed or dirty
//! entry — is reported entry by entry, and nothing is stamped.

use super::flyway::version_key;
use super::{ImportError, ImportedScript, Tool};

/// One row of a tool's history table, as [`history`](super::history) reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedEntry {
    /// The version as recorded (empty for a Flyway repeatable migration).
    pub version: String,
    /// The description, for reports (and a Flyway repeatable's identity).
    pub description: String,
    /// The checksum as recorded, in the spelling of [`Migration::checksum`](super::Migration).
    pub checksum: Option<String>,
    pub kind: EntryKind,
}

/// What a history row says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// The migration was applied.
    Applied,
    /// A Flyway undo: the version was reverted.
    Undone,
    /// A Flyway baseline: every version up to this one counts as applied.
    Baseline,
    /// golang-migrate's current version (every version up to it is applied).
    Current,
    /// The migration failed part-way (Flyway `success = false`, sqlx `success = false`,
    /// golang-migrate `dirty`).
    Failed,
    /// A row to ignore (Flyway's schema-creation marker).
    Other,
}

/// Where the database is in the imported chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Takeover {
    /// The revision to stamp; `None` for base (nothing applied).
    pub revision: Option<String>,
    /// How many of the imported revisions are applied.
    pub applied: usize,
    /// How many checksums were compared.
    pub checksums_checked: usize,
    /// Remarks for the report.
    pub notes: Vec<String>,
}

/// Checks `entries` (the tool's history table) against `scripts` (the import, in order).
pub fn check_applied(
    tool: Tool,
    table: &str,
    scripts: &[ImportedScript],
    entries: &[AppliedEntry],
) -> Result<Takeover, ImportError> {
    refuse_failed(tool, table, entries)?;
    let mut problems = Vec::new();
    let state = recorded_state(tool, scripts, entries, &mut problems);
    let checksums_checked = compare_checksums(scripts, &state, &mut problems);
    let (applied, notes) = applied_prefix(scripts, &state, &mut problems);
    if !problems.is_empty() {
        return Err(ImportError::Mismatch {
            table: table.to_string(),
            problems,
        });
    }
    Ok(Takeover {
        revision: applied.checked_sub(1).map(|i| scripts[i].revision.clone()),
        applied,
        checksums_checked,
        notes,
    })
}

/// A dirty golang-migrate database, or any entry that failed part-way, stops the take-over.
fn refuse_failed(tool: Tool, table: &str, entries: &[AppliedEntry]) -> Result<(), ImportError> {
    let failed: Vec<&AppliedEntry> = entries
        .iter()
        .filter(|e| e.kind == EntryKind::Failed)
        .collect();
    match (tool, failed.first()) {
        (_, None) => Ok(()),
        (Tool::GolangMigrate, Some(e)) => Err(ImportError::Dirty {
            table: table.to_string(),
            version: e.version.clone(),
        }),
        _ => Err(ImportError::Mismatch {
            table: table.to_string(),
            problems: failed
                .iter()
                .map(|e| {
                    format!(
                        "version {} ({}) failed and was never completed",
                        e.version, e.description
                    )
                })
                .collect(),
        }),
    }
}

/// What the table says of each script: `None` not applied, `Some(checksum)` applied
/// (with the checksum recorded, if any). Entries that no script has are problems.
fn recorded_state(
    tool: Tool,
    scripts: &[ImportedScript],
    entries: &[AppliedEntry],
    problems: &mut Vec<String>,
) -> Vec<Option<Option<String>>> {
    let key = |version: &str| match tool {
        Tool::Flyway => version_key(version).join("."),
        _ => version.to_string(),
    };
    let position = |e: &AppliedEntry| {
        scripts.iter().position(|s| {
            let m = &s.migration;
            if e.version.is_empty() {
                m.repeatable && m.name == e.description
            } else {
                !m.repeatable && key(&m.version) == key(&e.version)
            }
        })
    };
    let mut state: Vec<Option<Option<String>>> = vec![None; scripts.len()];
    for e in entries {
        let at = position(e);
        match (e.kind, at) {
            (EntryKind::Other | EntryKind::Failed, _) => {}
            (EntryKind::Applied, Some(at)) => state[at] = Some(e.checksum.clone()),
            (EntryKind::Undone, Some(at)) => state[at] = None,
            // Every version up to this one.
            (EntryKind::Current | EntryKind::Baseline, Some(at)) => {
                for s in state.iter_mut().take(at + 1) {
                    s.get_or_insert(None);
                }
            }
            // A baseline between two versions still covers the ones below it.
            (EntryKind::Baseline, None) => {
                let below = |s: &ImportedScript| {
                    !s.migration.repeatable
                        && version_key(&s.migration.version) <= version_key(&e.version)
                };
                for (s, st) in scripts.iter().zip(state.iter_mut()) {
                    if below(s) {
                        st.get_or_insert(None);
                    }
                }
            }
            (_, None) => problems.push(format!(
                "version {} ({}) is applied but no imported migration has it",
                e.version, e.description
            )),
        }
    }
    state
}

/// Compares the recorded checksums with the files'; returns how many were compared.
fn compare_checksums(
    scripts: &[ImportedScript],
    state: &[Option<Option<String>>],
    problems: &mut Vec<String>,
) -> usize {
    let mut checked = 0;
    for (s, recorded) in scripts.iter().zip(state) {
        let (Some(Some(recorded)), Some(expected)) = (recorded, &s.migration.checksum) else {
            continue;
        };
        checked += 1;
        if recorded != expected {
            problems.push(format!(
                "version {} ({}): the database recorded checksum {recorded}, {} gives {expected}: the file changed after it was applied",
                shown(&s.migration.version), s.migration.name, s.migration.files[0]
            ));
        }
    }
    checked
}

/// How many scripts are applied from the start of the chain; a script applied after a gap
/// is a problem, except a Flyway repeatable applied while versions are pending (noted).
fn applied_prefix(
    scripts: &[ImportedScript],
    state: &[Option<Option<String>>],
    problems: &mut Vec<String>,
) -> (usize, Vec<String>) {
    let applied = state.iter().take_while(|s| s.is_some()).count();
    let versioned = scripts.iter().filter(|s| !s.migration.repeatable).count();
    let mut notes = Vec::new();
    for (s, st) in scripts.iter().zip(state).skip(applied) {
        if st.is_none() {
            continue;
        }
        if s.migration.repeatable && applied < versioned {
            notes.push(format!(
                "repeatable {} is applied, but versioned migrations are pending: `shale upgrade` runs it again after them, as Flyway would after a change",
                s.migration.name
            ));
            continue;
        }
        let missing = &scripts[applied].migration;
        problems.push(format!(
            "version {} ({}) is applied but the earlier {} ({}) is not: applied out of order",
            shown(&s.migration.version),
            s.migration.name,
            shown(&missing.version),
            missing.name
        ));
    }
    (applied, notes)
}

fn shown(version: &str) -> &str {
    if version.is_empty() {
        "(repeatable)"
    } else {
        version
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{parse, render, SourceFile};

    fn sqlx_scripts() -> Vec<ImportedScript> {
        let files = [
            SourceFile::new("1_a.sql", "CREATE TABLE a (id INT);"),
            SourceFile::new("2_b.sql", "CREATE TABLE b (id INT);"),
            SourceFile::new("3_c.sql", "CREATE TABLE c (id INT);"),
        ];
        render(Tool::Sqlx, &parse(Tool::Sqlx, &files).unwrap()).unwrap()
    }

    fn entry(version: &str, checksum: Option<&str>, kind: EntryKind) -> AppliedEntry {
        AppliedEntry {
            version: version.into(),
            description: format!("m{version}"),
            checksum: checksum.map(str::to_string),
            kind,
        }
    }

    fn applied(scripts: &[ImportedScript], i: usize) -> AppliedEntry {
        let m = &scripts[i].migration;
        entry(&m.version, m.checksum.as_deref(), EntryKind::Applied)
    }

    #[test]
    fn a_prefix_with_matching_checksums_is_stamped() {
        let s = sqlx_scripts();
        let t = check_applied(
            Tool::Sqlx,
            "_sqlx_migrations",
            &s,
            &[applied(&s, 0), applied(&s, 1)],
        )
        .unwrap();
        assert_eq!(t.revision.as_deref(), Some("sqlx_2"));
        assert_eq!((t.applied, t.checksums_checked), (2, 2));
        let t = check_applied(Tool::Sqlx, "_sqlx_migrations", &s, &[]).unwrap();
        assert_eq!(t.revision, None);
    }

    #[test]
    fn mismatches_are_listed_entry_by_entry() {
        let s = sqlx_scripts();
        let entries = [
            entry("1", Some("00ff"), EntryKind::Applied),
            applied(&s, 2),
            entry("9", None, EntryKind::Applied),
        ];
        let e = check_applied(Tool::Sqlx, "_sqlx_migrations", &s, &entries).unwrap_err();
        let ImportError::Mismatch { problems, .. } = &e else {
            panic!("{e}")
        };
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("version 9"), "{problems:?}");
        assert!(problems[1].contains("checksum 00ff"), "{problems:?}");
        assert!(problems[2].contains("out of order"), "{problems:?}");
    }

    #[test]
    fn golang_migrate_current_version_and_dirty() {
        let files = [
            SourceFile::new("1_a.up.sql", "CREATE TABLE a (id INT);"),
            SourceFile::new("2_b.up.sql", "CREATE TABLE b (id INT);"),
        ];
        let s = render(
            Tool::GolangMigrate,
            &parse(Tool::GolangMigrate, &files).unwrap(),
        )
        .unwrap();
        let t = check_applied(
            Tool::GolangMigrate,
            "schema_migrations",
            &s,
            &[entry("2", None, EntryKind::Current)],
        )
        .unwrap();
        assert_eq!(t.revision.as_deref(), Some("migrate_2"));
        let e = check_applied(
            Tool::GolangMigrate,
            "schema_migrations",
            &s,
            &[entry("2", None, EntryKind::Failed)],
        );
        assert!(matches!(e, Err(ImportError::Dirty { .. })));
    }

    #[test]
    fn flyway_undo_baseline_and_repeatables() {
        let files = [
            SourceFile::new("V1__a.sql", "CREATE TABLE a (id INT);"),
            SourceFile::new("V2__b.sql", "CREATE TABLE b (id INT);"),
            SourceFile::new("U2__b.sql", "DROP TABLE b;"),
            SourceFile::new("V3__c.sql", "CREATE TABLE c (id INT);"),
            SourceFile::new("R__v.sql", "CREATE VIEW v AS SELECT 1;"),
        ];
        let s = render(Tool::Flyway, &parse(Tool::Flyway, &files).unwrap()).unwrap();
        let sum = |i: usize| s[i].migration.checksum.clone();
        let row = |v: &str, i: usize, kind| AppliedEntry {
            checksum: sum(i),
            ..entry(v, None, kind)
        };
        // Baseline at 1, then 2 applied and undone: the database is at 1.
        let entries = [
            entry("1", None, EntryKind::Baseline),
            row("2", 1, EntryKind::Applied),
            row("2", 1, EntryKind::Undone),
        ];
        let t = check_applied(Tool::Flyway, "flyway_schema_history", &s, &entries).unwrap();
        assert_eq!(t.revision.as_deref(), Some("flyway_1"));
        // Everything, the repeatable included.
        let mut all = vec![
            row("1", 0, EntryKind::Applied),
            row("2.0", 1, EntryKind::Applied),
            row("3", 2, EntryKind::Applied),
        ];
        all.push(AppliedEntry {
            version: String::new(),
            description: "v".into(),
            checksum: sum(3),
            kind: EntryKind::Applied,
        });
        let t = check_applied(Tool::Flyway, "flyway_schema_history", &s, &all).unwrap();
        assert_eq!(t.revision.as_deref(), Some("flyway_r_v"));
        assert_eq!(t.checksums_checked, 4);
        // A repeatable applied while V3 is pending: stamped at 2, with a note.
        all.remove(2);
        let t = check_applied(Tool::Flyway, "flyway_schema_history", &s, &all).unwrap();
        assert_eq!(t.revision.as_deref(), Some("flyway_2"));
        assert_eq!(t.notes.len(), 1);
    }
}
