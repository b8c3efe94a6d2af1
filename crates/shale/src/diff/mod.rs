//! Autogenerate's pure core: compare two [`Schema`](crate::schema::Schema)s, produce
//! typed [`Change`]s in a safe order, and render them — and their exact inverse — as SQL.
//!
//! ```text
//! current (database) ─┐
//!                     ├─ diff ─► Diff { changes, suspected_renames, warnings }
//! desired (models) ───┘                │
//!                         Plan (crate::plan) ─► dialect::render ─► SQL
//! ```
//!
//! * [`diff()`] — the comparison, with declared renames ([`DiffOptions`]) and the
//!   NOT NULL backfill plan (add nullable, [`Change::Backfill`], set NOT NULL).
//! * [`Change`] — one change; [`Change::reverse`] is its exact inverse.
//! * Rendering is the dialect's ([`crate::dialect::render`]); [`crate::plan::Plan`]
//!   holds a migration's changes and their exact inverse.
//! * [`NamingConvention`] / [`apply_naming`] — stable names for unnamed constraints.
//! * [`apply_all`] — what a schema looks like after changes, without a database.
//! * Spelling is not a change: type aliases and default display widths compare equal
//!   ([`ColumnType::same_as`](crate::schema::ColumnType::same_as)), and so do casts and
//!   quoting in defaults and expressions.
//!
//! No I/O happens here: the inputs and outputs are values.

pub(crate) mod apply;
pub(crate) mod canonical;
mod change;
mod column_order;
mod compare;
mod inherit;
mod naming;
mod objects;
mod order;
pub(crate) mod part_comments;
mod parts;
#[cfg(test)]
mod proptests;
mod routine_users;
mod serial_sequence;

pub use apply::{applied, apply, apply_all};
pub(crate) use change::{adds_labels, renames_labels};
pub use change::{Change, ColumnPosition, ColumnSync, Part};
pub use compare::{diff, Diff, DiffOptions, SuspectedRename};
pub use naming::{apply_naming, NamingConvention};
