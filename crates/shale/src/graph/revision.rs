//! One revision as declared by its script.

use std::path::PathBuf;

/// One revision as declared by its migration script: the node of a [`super::RevisionGraph`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// The revision id (`-- shale:revision`), 12 lowercase hex characters by default.
    pub id: String,
    /// The revisions this one revises (`-- shale:revises`); empty for a root, two or more
    /// for a merge revision.
    pub parents: Vec<String>,
    /// The one-line description (`-- shale:message`).
    pub message: String,
    /// The script file the revision comes from, named in error messages.
    pub path: PathBuf,
}
