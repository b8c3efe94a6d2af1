//! The revision graph: which revisions exist, how they depend on each other, and the
//! [`Step`]s that take a database from its current heads to a [`Target`].
//!
//! Revisions form a directed acyclic graph through `revises`: a revision's parents are
//! the revisions it revises. A **head** is a revision that no other revision revises, a
//! **base** (root) revises nothing, a **branch point** has two or more children and a
//! **merge point** two or more parents. The database's position is the set of revisions
//! in its version table (its current heads; empty means base); the applied revisions are
//! those heads and all their ancestors.
//!
//! * [`Revision`] — one revision as read from a script: id, parents, message, file, branch
//!   labels and dependencies (`depends-on`: applied first, without being a parent).
//! * [`RevisionGraph`] — the validated graph: structure queries (heads, bases, branch and
//!   merge points), id and prefix resolution, and planning
//!   ([`RevisionGraph::upgrade_steps`], [`RevisionGraph::downgrade_steps`],
//!   [`RevisionGraph::resolve_target`]).
//! * [`Target`] — what a command was asked to reach: `head`, `heads`, `base`, a revision
//!   or prefix, `+N`/`-N`, `REV+N`/`REV-N`.
//! * [`Step`] — one revision to apply or unapply, with the version-table contents before
//!   and after it.
//! * [`GraphError`] — everything that can go wrong, with messages that say what to do.
//!
//! The module is pure: it takes values and returns values, and never touches a file or
//! a database. Planning follows Alembic's semantics.

mod build;
mod cursor;
mod error;
mod labels;
mod locate;
mod plan;
mod query;
mod revision;
mod select;
mod target;

#[cfg(test)]
mod tests;

pub use build::RevisionGraph;
pub use error::GraphError;
pub use plan::{Direction, Step};
pub use revision::Revision;
pub use select::select;
pub use target::Target;
