//! Errors of the revision graph: building it, resolving revisions and targets, planning.

use super::Direction;
use std::path::{Path, PathBuf};

/// How many candidates an ambiguous-prefix message shows before summarising the rest.
const SHOWN_CANDIDATES: usize = 10;

/// Why a revision graph could not be built, or a revision, target or plan not resolved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GraphError {
    /// Two scripts declare the same revision id.
    #[error(
        "revision {id} is declared twice, in {} and in {}: give one of them a new id \
         (and update the `-- shale:revises` lines that meant it)",
        .first.display(), .second.display()
    )]
    DuplicateRevision {
        id: String,
        first: PathBuf,
        second: PathBuf,
    },

    /// A script revises a revision that no script declares.
    #[error(
        "{}: revision {revision} revises {parent}, which no script declares: \
         restore the missing script or fix the `-- shale:revises` line",
        .path.display()
    )]
    UnknownParent {
        revision: String,
        parent: String,
        path: PathBuf,
    },

    /// Two revisions carry the same branch label.
    #[error(
        "branch label `{label}` is given twice, in {} and in {}: a label names one branch; \
         rename one of them (`-- shale:branch-labels`)",
        .first.display(), .second.display()
    )]
    DuplicateLabel {
        label: String,
        first: PathBuf,
        second: PathBuf,
    },

    /// A branch label that is also a revision id.
    #[error(
        "{}: branch label `{label}` is also a revision id, so targets naming it would be \
         ambiguous: choose another label",
        .path.display()
    )]
    LabelIsRevision { label: String, path: PathBuf },

    /// A `-- shale:depends-on` entry that names no revision or branch label.
    #[error(
        "{}: revision {revision} depends on `{dependency}`, which is neither a revision \
         (id or unique prefix) nor a branch label: fix the `-- shale:depends-on` line",
        .path.display()
    )]
    UnknownDependency {
        revision: String,
        dependency: String,
        path: PathBuf,
    },

    /// A `NAME@…` target whose label no revision carries.
    #[error(
        "no branch is labelled `{label}`{}: branch labels come from `-- shale:branch-labels` \
         lines (`shale revision --branch-label NAME`)",
        known_labels(.known)
    )]
    UnknownBranch { label: String, known: Vec<String> },

    /// `NAME@REV` where REV is not on that branch.
    #[error(
        "revision {revision} is not on branch `{label}` (the revisions before and after \
         {labelled}, which carries the label): name a revision of that branch"
    )]
    NotOnBranch {
        label: String,
        revision: String,
        labelled: String,
    },

    /// Revisions revise each other in a cycle.
    #[error(
        "revisions revise each other in a cycle: {}; a revision cannot depend on itself: \
         fix the `-- shale:revises` (or `-- shale:depends-on`) line in one of {}",
        cycle_chain(.revisions), path_list(.files)
    )]
    Cycle {
        /// The revisions on the cycle, each revised by the next (the last by the first).
        revisions: Vec<String>,
        /// Their script files, in the same order.
        files: Vec<PathBuf>,
    },

    /// No revision has this id or prefix.
    #[error("no revision matches `{revision}`: run `shale history` to list the revisions")]
    UnknownRevision { revision: String },

    /// A prefix matches several revisions.
    #[error(
        "`{prefix}` is ambiguous: it starts {} revisions ({}): give more characters",
        .candidates.len(), candidate_list(.candidates)
    )]
    AmbiguousPrefix {
        prefix: String,
        candidates: Vec<String>,
    },

    /// `head` was asked for, but the graph has several heads.
    #[error(
        "there are {} heads ({}), so `head` is ambiguous: name one of them, use `heads` \
         to reach all of them, or join them with `shale merge -m MESSAGE {}`",
        .heads.len(), .heads.join(", "), .heads.join(" ")
    )]
    MultipleHeads { heads: Vec<String> },

    /// A target that is not valid syntax.
    #[error(
        "invalid target `{target}`: {reason}; expected head, heads, base, a revision or \
         unique prefix of one, +N, -N, REV+N, REV-N, a branch label, LABEL@head or LABEL@REV"
    )]
    BadTarget { target: String, reason: String },

    /// A relative target goes further than the graph does.
    #[error(
        "cannot go {direction} {steps} from {from}: only {available} revision{} {}",
        plural(*.available), side(*.direction)
    )]
    RelativeOutOfRange {
        direction: Direction,
        steps: u64,
        /// Where the walk started: a revision, `base`, or the current heads.
        from: String,
        available: usize,
    },

    /// A relative target reaches a branch point (going up) or a merge point (going down).
    #[error(
        "cannot go {direction} from {at}: it {} {}, so the way is ambiguous: \
         name the revision to reach instead",
        fork(*.direction), .options.join(", ")
    )]
    AmbiguousRelative {
        direction: Direction,
        at: String,
        options: Vec<String>,
    },

    /// `+N` from a database that is at several heads.
    #[error(
        "the database is at several heads ({}), so `+{steps}` does not say which to follow: \
         use REV+{steps} with one of them, or a revision",
        .heads.join(", ")
    )]
    MultipleCurrentHeads { heads: Vec<String>, steps: u64 },

    /// `-N` from a database that is at several heads (Alembic refuses it too).
    #[error(
        "the database is at several heads ({}), so `-{steps}` does not say which branch to \
         revert: name the revision to go down to (`shale downgrade REV`: every revision above \
         it is reverted), or `base`",
        .heads.join(", ")
    )]
    MultipleCurrentHeadsDown { heads: Vec<String>, steps: u64 },

    /// The version table names a revision that no script declares.
    #[error(
        "the database is at revision {revision}, which no script has: wrong script \
         directory, or a deleted file?"
    )]
    CurrentNotInGraph { revision: String },

    /// An upgrade whose target is below the database's current position.
    #[error(
        "`{target}` is below the database's current revision ({}): upgrade only moves up; \
         use `shale downgrade {target}`",
        position(.current)
    )]
    TargetBelowCurrent {
        target: String,
        current: Vec<String>,
    },

    /// A downgrade whose target is not applied.
    #[error(
        "`{target}` is not applied (the database is at {}): downgrade only moves down; \
         use `shale upgrade {target}`",
        position(.current)
    )]
    TargetNotApplied {
        target: String,
        current: Vec<String>,
    },
}

/// ` (branches: a, b)`, or nothing when there are none.
fn known_labels(known: &[String]) -> String {
    if known.is_empty() {
        " (no revision has a branch label)".to_string()
    } else {
        format!(" (branches: {})", known.join(", "))
    }
}

/// "a -> b -> a" for a cycle given as its members.
fn cycle_chain(revisions: &[String]) -> String {
    let mut chain = revisions.join(" -> ");
    if let Some(first) = revisions.first() {
        chain.push_str(" -> ");
        chain.push_str(first);
    }
    chain
}

fn path_list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| Path::display(p).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn candidate_list(candidates: &[String]) -> String {
    let shown = candidates[..candidates.len().min(SHOWN_CANDIDATES)].join(", ");
    match candidates.len().saturating_sub(SHOWN_CANDIDATES) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}

/// The database position for a message: its heads, or `base`.
fn position(current: &[String]) -> String {
    if current.is_empty() {
        "base".to_string()
    } else {
        current.join(", ")
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

fn side(direction: Direction) -> &'static str {
    match direction {
        Direction::Up => "above",
        Direction::Down => "below",
    }
}

fn fork(direction: Direction) -> &'static str {
    match direction {
        Direction::Up => "is a branch point with children",
        Direction::Down => "is a merge of",
    }
}
