//! [`Rule`]s, their [`Severity`], and the [`Finding`]s the linter reports.

use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

/// How bad a finding is. `shale lint` exits 1 when any finding is an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Info,
    /// Risky on a live database; fails nothing.
    Warning,
    /// Loses data, breaks a deployment or cannot be undone as written.
    Error,
}

impl Severity {
    /// The severity's name: `info`, `warning`, `error`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One thing the linter reports: a rule broken at a place in a script.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule's stable id, e.g. `drop-table`.
    pub rule: &'static str,
    /// How bad it is.
    pub severity: Severity,
    /// The revision whose script it is in.
    pub revision: String,
    /// The script file.
    pub path: PathBuf,
    /// The 1-based line in the file (the statement's first line).
    pub line: usize,
    /// What is wrong, naming the objects concerned.
    pub message: String,
    /// A one-line safer alternative.
    pub suggestion: &'static str,
}

macro_rules! rules {
    ($($variant:ident = $id:literal, $severity:ident, $suggestion:literal;)*) => {
        /// A lint rule. Ids are stable: they are what `-- shale:allow` and
        /// `[lint] allow` name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $(
                #[doc = concat!("`", $id, "`: ", $suggestion)]
                $variant,
            )*
        }

        impl Rule {
            /// Every rule, in the order of the documentation.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The rule's stable id.
            pub fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id,)* }
            }

            /// The severity of the rule's findings.
            pub fn severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$severity,)* }
            }

            /// The rule's one-line safer alternative.
            pub fn suggestion(self) -> &'static str {
                match self { $(Rule::$variant => $suggestion,)* }
            }
        }
    };
}

rules! {
    DropTable = "drop-table", Error,
        "stop using the table in one release, back it up, and drop it in a later revision";
    DropColumn = "drop-column", Error,
        "stop reading and writing the column in one release, then drop it in a later revision";
    NarrowingType = "narrowing-type", Error,
        "check that every value fits first, or add a new column of the narrower type and backfill it";
    Truncate = "truncate", Error,
        "delete only the rows you mean to, with a WHERE clause, after a backup";
    DeleteWithoutWhere = "delete-without-where", Error,
        "add a WHERE clause naming the rows to delete";
    UpdateWithoutWhere = "update-without-where", Warning,
        "add a WHERE clause (e.g. WHERE col IS NULL for a backfill), in batches on large tables";
    MissingDowngrade = "missing-downgrade", Error,
        "write the downgrade, or mark the downgrade section `-- shale:irreversible REASON`";
    DowngradeMismatch = "downgrade-mismatch", Error,
        "make the downgrade drop every table, column and index the upgrade creates";
    IndexNotConcurrent = "index-not-concurrent", Warning,
        "use CREATE INDEX CONCURRENTLY in a revision with `-- shale:transaction off`";
    ConcurrentInTransaction = "concurrent-in-transaction", Error,
        "add `-- shale:transaction off` to the script: CONCURRENTLY cannot run in a transaction";
    VolatileDefault = "volatile-default", Warning,
        "add the column without a default, set the default, then backfill existing rows in batches";
    TypeRewrite = "type-rewrite", Warning,
        "add a new column of the new type, backfill it in batches, switch readers, drop the old one";
    TableRewrite = "table-rewrite", Warning,
        "change it in a maintenance window, or fill a new table beside it and switch: SET LOGGED / UNLOGGED has no lock-safe form";
    SetNotNull = "set-not-null", Warning,
        "add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL (no scan on PostgreSQL 12+)";
    ConstraintNotValid = "constraint-not-valid", Warning,
        "add the constraint NOT VALID, then VALIDATE CONSTRAINT in a later statement";
    MissingLockTimeout = "missing-lock-timeout", Warning,
        "start the revision with SET lock_timeout = '5s' so a blocked lock fails fast instead of queueing writes";
    RenameColumn = "rename-column", Warning,
        "add the new column, write both, backfill, switch readers, then drop the old one in a later release";
    RenameTable = "rename-table", Warning,
        "create the new table (or a view under the old name) so the previous release keeps working";
    NotNullWithoutDefault = "not-null-without-default", Error,
        "add the column nullable (or with a DEFAULT), backfill it, then set NOT NULL";
    UnnamedConstraint = "unnamed-constraint", Warning,
        "name it (CONSTRAINT name …, CREATE INDEX name …) so later revisions can drop it everywhere";
    EditedAfterApply = "edited-after-apply", Error,
        "restore the script as it was applied and put the change in a new revision";
    DropDatabase = "drop-database", Error,
        "drop a database or schema by hand, after a backup, never from a revision";
    TransactionNesting = "transaction-nesting", Error,
        "remove BEGIN/COMMIT: shale runs the revision in its own transaction (or mark it `-- shale:transaction off` and close what you open)";
    MysqlCopyingAlter = "mysql-copying-alter", Info,
        "copying ALTERs block writes for the whole copy: use gh-ost or pt-online-schema-change on large tables, or write ALGORITHM=COPY to say it is deliberate";
    CharField = "char-field", Info,
        "use text (or varchar) instead of char(n)";
    PreferTextField = "prefer-text-field", Info,
        "use text with a CHECK (length(col) <= n) constraint, which can change without a table lock";
    PreferBigint = "prefer-bigint", Info,
        "use bigint (bigserial, bigint GENERATED … AS IDENTITY) for keys";
    PreferIdentity = "prefer-identity", Info,
        "use GENERATED BY DEFAULT AS IDENTITY instead of serial";
    PreferTimestamptz = "prefer-timestamptz", Info,
        "use timestamptz (timestamp with time zone)";
    Unparsed = "unparsed", Info,
        "check this statement by hand: the SQL parser does not understand it";
    UnknownRule = "unknown-rule", Warning,
        "fix the rule id: `shale lint --rules` lists them";
}

impl Rule {
    /// The rule with this id.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_round_trip() {
        for rule in Rule::ALL {
            assert_eq!(Rule::from_id(rule.id()), Some(*rule));
            assert!(rule
                .id()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-'));
        }
        let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Rule::ALL.len());
        assert_eq!(Rule::from_id("nope"), None);
    }
}
