//! Adopting shale on a database that already exists, and keeping a long history short.
//!
//! * [`baseline`] — a live database with no shale history read into the one revision that
//!   creates it from nothing, then stamped at it.
//! * [`squash`] — a range of revisions replaced by one revision whose SQL is read from a
//!   replay of the range, with the replaced revisions kept until every database is past
//!   them (the `-- shale:replaces` directive).
//!
//! Both write their SQL through autogenerate's machinery (an empty [`Schema`] diffed
//! against an inspected one), so what they write is what autogenerate would write.
//!
//! [`Schema`]: crate::schema::Schema

pub mod baseline;
mod error;
pub mod replaces;
pub mod squash;

pub use baseline::{baseline, BaselineOptions, BaselineReport};
pub use error::AdoptError;
pub use replaces::Squashes;
pub use squash::{finish, squash, FinishReport, SquashOptions, SquashReport};
