//! Migration scripts: one file per revision, plain SQL with `-- shale:` directives.
//!
//! ```sql
//! -- shale:revision 3f2a9c1d7b4e
//! -- shale:revises  a1b2c3d4e5f6
//! -- shale:message  add display_name to users
//! -- shale:created  2026-11-25T10:30:00Z
//!
//! -- shale:upgrade
//! ALTER TABLE users ADD COLUMN display_name VARCHAR(80);
//!
//! -- shale:downgrade
//! ALTER TABLE users DROP COLUMN display_name;
//! ```
//!
//! * [`parse`] reads a [`Script`]: its header directives and its upgrade and
//!   downgrade [`Section`]s, cut from the file as they are. It is cheap: statement
//!   splitting ([`Section::statements`]) and hashing ([`Section::checksum`]) happen
//!   only when asked for (parsing lexes each section once, to refuse what is never
//!   closed). [`load_dir`] parses a whole versions folder.
//! * [`split`] cuts SQL into [`Piece`]s on `;`, respecting quotes, comments, dollar
//!   quotes and `BEGIN … END` bodies, losing nothing.
//! * [`render`] writes a new script from a [`NewScript`]; [`file_name`] names it.
//! * Every failure is a [`ScriptError`] naming the file and line; a section that
//!   leaves a quote, comment or body open ([`Unclosed`]) does not load.
//! * [`excerpt`] shortens a statement for an error message.

mod directive;
mod error;
mod excerpt;
mod lex;
mod lines;
mod load;
mod parse;
mod render;
mod section;
mod split;

#[cfg(test)]
mod parse_tests;
#[cfg(test)]
mod split_tests;

pub(crate) use directive::allowed_rules;
pub use directive::{is_valid_branch_label, is_valid_revision_id};
pub use error::{ScriptError, Unclosed};
pub use excerpt::{excerpt, EXCERPT_CHARS, EXCERPT_LINES};
pub use load::{load_dir, load_file};
pub use parse::{parse, Script};
pub use render::{check_file_template, file_name, render, slug, NewScript, DEFAULT_FILE_TEMPLATE};
pub use section::{Section, Statement};
pub(crate) use split::spans;
pub use split::{split, Piece};
