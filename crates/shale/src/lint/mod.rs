//! Linting: dangerous operations in migration scripts, found by parsing their SQL with
//! sqlparser (never by searching the text).
//!
//! [`lint`] reads the upgrade section of each selected revision statement by statement
//! and reports [`Finding`]s, each with a stable [`Rule`] id, a [`Severity`], the file and
//! line, and a one-line safer alternative:
//!
//! * data loss — `drop-table`, `drop-column`, `narrowing-type`, `truncate`,
//!   `delete-without-where`, `update-without-where`;
//! * reversibility — `missing-downgrade`, `downgrade-mismatch`;
//! * locking on PostgreSQL — `index-not-concurrent`, `concurrent-in-transaction`,
//!   `volatile-default`, `type-rewrite`, `table-rewrite`, `set-not-null`, `constraint-not-valid`,
//!   `missing-lock-timeout`;
//! * zero-downtime compatibility — `rename-column`, `rename-table`,
//!   `not-null-without-default` (and the drops above);
//! * hygiene — `unnamed-constraint`, `edited-after-apply` (with a database);
//! * `unparsed` (info) for a statement sqlparser cannot read, and `unknown-rule` for an
//!   allow line that names no rule.
//!
//! Rules about existing data apply to *existing* tables: tables not created earlier in
//! the same revision and, when a database is at hand ([`LintContext`]), present in it.
//! Column types come from replaying the ancestors' upgrade sections. Findings are
//! silenced by `-- shale:allow RULE` above a statement or in the file header, and by
//! `[lint] allow` in shale.toml. The module decides; the CLI prints.

mod allow;
mod check;
mod context;
mod finding;
mod replay;
mod reverse;
mod run;
mod sql;
mod style;
mod types;

pub use crate::graph::select;
pub use context::{DatabaseFacts, LintContext};
pub use finding::{Finding, Rule, Severity};
pub use run::{lint, Scripts};
pub(crate) use types::rewrites_table;
