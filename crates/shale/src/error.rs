//! The crate's error type: one enum per area, gathered here.

use crate::config::ConfigError;
use crate::db::DbError;
use crate::graph::GraphError;
use crate::runner::RunError;
use crate::script::ScriptError;
use crate::url::UrlError;
use std::path::PathBuf;

/// Any error shale's library can return.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Url(#[from] UrlError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Script(#[from] ScriptError),
    #[error(transparent)]
    Graph(#[from] GraphError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Run(Box<RunError>),
    #[error(transparent)]
    Pending(#[from] crate::embed::Pending),
    #[error(transparent)]
    Import(#[from] crate::import::ImportError),
    #[error(transparent)]
    Adopt(#[from] crate::adopt::AdoptError),
    /// Folders of several crates that cannot share one history (see [`crate::sources`]).
    #[error(transparent)]
    Source(Box<crate::sources::SourceError>),
    #[error("no database URL: pass --url, set DATABASE_URL (a .env file is read), or set `url` in shale.toml")]
    NoUrl,
    #[error("revision {revision} ({path}) was changed after it was applied: its upgrade section's checksum differs from the one recorded.\n\
             Restore the file as it was applied (git diff/checkout), or, if the change is intended and the database already matches it, \
             record the new checksum with `shale repair {revision}` (`shale repair` lists every edited script); put new changes in a new revision.", path = path.display())]
    Modified { revision: String, path: PathBuf },
    /// A revision stopped part-way on an earlier run (crash or failed statement).
    #[error("{0}")]
    Interrupted(Box<crate::status::Interrupted>),
    /// The version table holds rows that are not a valid set of heads.
    #[error("the version table {table} holds rows that are not a valid set of heads ({rows}): {problem}.\n\
             It was changed by hand or by another tool. Check which revision the database is really at, \
             then record it with `shale stamp REV` (it replaces every row).",
             rows = rows.iter().map(|r| format!("'{r}'")).collect::<Vec<_>>().join(", "))]
    VersionRows {
        table: String,
        rows: Vec<String>,
        problem: String,
    },
    #[error(transparent)]
    Lock(#[from] crate::db::LockError),
    /// A command that writes met a server that refuses writes (a replica).
    #[error(
        "{server} is read-only ({reason}): this command writes, so it refuses before \
             anything runs. Point --url or DATABASE_URL at the primary; `current`, `status` \
             and `check` work on a replica"
    )]
    ReadOnly { server: String, reason: String },
    /// `--wait-replica`: the replica did not reach the primary's version rows in time.
    #[error("the replica {replica} did not reach the primary's revision(s) {want} within {waited:.0} s: \
             it is at {has}",
             want = heads_text(want), has = heads_text(has))]
    ReplicaBehind {
        replica: String,
        want: Vec<String>,
        has: Vec<String>,
        waited: f64,
    },
    /// Ctrl-C or SIGTERM stopped the operation; says what had been done.
    #[error("{0}")]
    Cancelled(Box<crate::cancel::Cancelled>),
    #[error("{path}: {source}", path = path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} already exists: refusing to overwrite it", path = path.display())]
    Exists { path: PathBuf },
    #[error("{0}")]
    Usage(String),
    #[error("no models declared: write the target schema as CREATE TABLE … statements in the SQL files listed under [models] sql = [...] (shale init lists an empty schema.sql), or list Rust files under [models] rust = [...] in shale.toml")]
    NoModels,
    #[error("the database is not at head (it is at {current}; {heads}): run `shale upgrade {target}` first, then autogenerate against the up-to-date database{merge}",
        current = if current.is_empty() { "base".to_string() } else { current.join(" ") },
        heads = match heads.len() { 0 => "there are no revisions".to_string(), 1 => format!("head is {}", heads[0]), _ => format!("the heads are {}", heads.join(" ")) },
        target = if heads.len() > 1 { "heads" } else { "head" },
        merge = if heads.len() > 1 { "; with several heads, the new revision needs --head REV (or `shale merge heads` first)" } else { "" })]
    NotAtHead {
        current: Vec<String>,
        heads: Vec<String>,
    },
    #[error(transparent)]
    Models(#[from] crate::models::ModelError),
    #[error(transparent)]
    SqlModels(#[from] crate::models::sql::SqlModelError),
    /// A `[hooks] post_write` command failed on a new script (the script is kept).
    #[error("the post_write hook `{command}` failed on {path} ({detail}); the script was written \
             and is kept: fix the hook in shale.toml ([hooks] post_write), or the script, and \
             run the command again by hand", path = path.display())]
    Hook {
        command: String,
        path: PathBuf,
        /// The exit status and the end of the command's stderr.
        detail: String,
    },
    /// A program shale runs for the user (git, the editor) failed.
    #[error("{program} failed: {message}")]
    External { program: String, message: String },
}

fn heads_text(heads: &[String]) -> String {
    if heads.is_empty() {
        "base".to_string()
    } else {
        heads.join(" ")
    }
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

impl From<RunError> for Error {
    fn from(e: RunError) -> Self {
        Error::Run(Box::new(e))
    }
}

/// `Result` with shale's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<crate::sources::SourceError> for Error {
    fn from(e: crate::sources::SourceError) -> Self {
        Error::Source(Box::new(e))
    }
}

#[cfg(test)]
mod tests {
    use super::Error;

    #[test]
    fn not_at_head_names_the_unambiguous_command() {
        let one = Error::NotAtHead {
            current: vec![],
            heads: vec!["a".into()],
        };
        assert!(
            one.to_string().contains("run `shale upgrade head` first"),
            "{one}"
        );
        let two = Error::NotAtHead {
            current: vec!["a".into()],
            heads: vec!["b".into(), "c".into()],
        };
        let text = two.to_string();
        assert!(text.contains("the heads are b c"), "{text}");
        assert!(text.contains("run `shale upgrade heads` first"), "{text}");
        assert!(text.contains("--head REV"), "{text}");
    }
}
