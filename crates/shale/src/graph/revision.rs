//! One revision as declared by its script.

use std::path::PathBuf;

/// One revision as declared by its migration script: the node of a [`super::RevisionGraph`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
    /// Names of the branch this revision starts or belongs to (`-- shale:branch-labels`):
    /// `NAME@head` is the head of the branch that descends from it.
    pub branch_labels: Vec<String>,
    /// Revisions (ids, unique prefixes or branch labels) that must be applied before this
    /// one without being its parents (`-- shale:depends-on`): they stay heads of their own
    /// branches in the version table.
    pub depends_on: Vec<String>,
}
