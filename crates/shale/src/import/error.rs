//! [`ImportError`]: what stops an import, naming the file or the history entries.

/// Why a history cannot be imported, or a database cannot be taken over.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("no {tool} migrations found: check the folder (the tool's file names are listed in `shale import --help`)")]
    Empty { tool: &'static str },
    #[error("{path}: not a {tool} migration file name ({expected})")]
    BadName {
        tool: &'static str,
        path: String,
        expected: &'static str,
    },
    #[error("{tool} version {version} appears twice: {first} and {second}; the tool itself refuses this")]
    Duplicate {
        tool: &'static str,
        version: String,
        first: String,
        second: String,
    },
    #[error("Alembic is not importable with {python} ({detail}): install it with `pip install alembic sqlalchemy` \
             (and the driver of your env.py), or run scripts/alembic-venv.sh and set SHALE_ALEMBIC_PYTHON=.venv-alembic/bin/python")]
    AlembicMissing { python: String, detail: String },
    #[error("Alembic could not render the revisions of {folder} offline:\n{detail}")]
    AlembicFailed { folder: String, detail: String },
    #[error("{path}: a down migration without its up migration")]
    MissingUp { path: String },
    #[error("{path}: {why}")]
    Unsupported { path: String, why: String },
    #[error("{path}: {message}")]
    BadMetadata { path: String, message: String },
    #[error("{first} and {second} both become revision {id}; rename one of them")]
    IdCollision {
        id: String,
        first: String,
        second: String,
    },
    #[error("{dir} already holds {count} revision(s) that are not part of this import: import into a project without revisions")]
    OtherRevisions { dir: String, count: usize },
    #[error("revision {id} already exists in {path}: refusing to import it again as {file_name}")]
    RevisionExists {
        id: String,
        path: String,
        file_name: String,
    },
    #[error("the script imported from {path} does not load: {source}")]
    Script {
        path: String,
        source: crate::script::ScriptError,
    },
    #[error("the database does not match the imported history ({table}); nothing was stamped:\n{}\nFix the history table or the migration files so that they agree, then import again.",
        problems.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n"))]
    Mismatch {
        table: String,
        problems: Vec<String>,
    },
    #[error("the database has no {table} table: {tool} never migrated it; nothing to take over (`shale upgrade head` builds it from the imported scripts)")]
    NoHistoryTable {
        tool: &'static str,
        table: &'static str,
    },
    #[error("the database already has shale history, at {current}, which is not the revision {tool}'s table puts it at ({imported}) nor after it: check which is right, then `shale stamp REV` by hand")]
    AlreadyManaged {
        tool: &'static str,
        current: String,
        imported: String,
    },
    #[error("{table} says version {version} is dirty: a golang-migrate run failed part-way. Repair the database by hand and fix the row with `migrate force VERSION` first; nothing was stamped")]
    Dirty { table: String, version: String },
}
